// Start-up safety net, loaded before the wasm: if the module fails to load or start, or the
// browser has no WebAssembly, show a sentence and a Reload button instead of a frozen page.
// (Panics after start are shown by the Rust panic hook, into the same panel; any other error
// that unwinds through the wasm after start is shown here.)
(function () {
  "use strict";
  var started = false;
  // These few sentences appear when the wasm (which holds the string tables, src/app/i18n)
  // cannot run, so they live here, in both languages, chosen as the app chooses: ?lang=,
  // else the browser's language.
  var lang = (/[?&]lang=([a-z]+)/.exec(location.search) || [])[1] ||
    (navigator.language || "en").slice(0, 2).toLowerCase();
  var ko = lang === "ko";
  var say = {
    noWasm: ko ? "이 브라우저는 ConvScope에 필요한 WebAssembly를 실행할 수 없습니다. 최신 Firefox, Chrome, Edge, Safari를 써 보세요."
      : "This browser cannot run WebAssembly, which ConvScope needs. Try a current Firefox, Chrome, Edge or Safari.",
    file: ko ? "ConvScope 파일을 불러오지 못했습니다 ({0}). 연결을 확인하고 다시 불러오세요."
      : "A file of ConvScope failed to load ({0}). Check the connection and reload.",
    start: ko ? "ConvScope를 시작할 수 없습니다: {0}" : "ConvScope could not start: {0}",
    slow: ko ? "ConvScope가 30초 안에 시작되지 않았습니다. 다시 불러와 보세요."
      : "ConvScope did not start within 30 seconds. Reload to try again.",
    title: ko ? "ConvScope가 멈췄습니다" : "ConvScope stopped",
    stopped: ko ? "ConvScope 내부 오류로 멈췄습니다 ({0}). 다시 불러오면 새로 시작하며, 주소에 설정이 남아 있습니다."
      : "ConvScope stopped after an error inside it ({0}). Reload to start again; the address keeps your settings.",
    reload: ko ? "다시 불러오기" : "Reload",
    loading: ko ? "ConvScope를 불러오는 중…" : "Loading ConvScope…"
  };
  function fill(t, v) { return t.replace("{0}", v); }
  // Parts fetched rather than carried (src/ui/assets.rs): the string tables and the
  // real-image view's wasm, whose hashed glue the build names in <meta name="convscope-lab">.
  // A failure is not kept, so "Try again" fetches again. The single-file build defines its own.
  var pending = {};
  function once(key, make) {
    if (!pending[key]) {
      pending[key] = make().catch(function (e) { delete pending[key]; throw e; });
    }
    return pending[key];
  }
  window.convscopeAssets = window.convscopeAssets || {
    table: function (code) {
      return once("table-" + code, function () {
        // Revalidated on every load: a table's name carries no hash, and one cached from
        // another build would be refused (its values follow that build's keys).
        return fetch(code + ".txt", { cache: "no-cache" }).then(function (r) {
          if (!r.ok) throw new Error(code + ".txt: HTTP " + r.status);
          return r.text();
        });
      });
    },
    lab: function () {
      return once("lab", function () {
        var meta = document.querySelector('meta[name="convscope-lab"]');
        if (!meta) return Promise.reject(new Error("this build has no real-image view"));
        var glue = "./" + meta.getAttribute("content");
        return import(glue).then(function (m) {
          return m.default({ module_or_path: glue.replace(/\.js$/, "_bg.wasm") }).then(function () { return m; });
        });
      });
    }
  };
  // The page needs its language's table before it starts (the wasm carries no sentences):
  // fetch it beside the wasm. A failure is the app's to report (src/ui/mod.rs `start`).
  window.convscopeAssets.table(ko ? "ko" : "en").catch(function () {});
  if (ko) {
    document.addEventListener("DOMContentLoaded", function () {
      document.documentElement.lang = "ko";
      var ids = { loading: say.loading, "fatal-reload": say.reload };
      for (var id in ids) {
        var el = document.getElementById(id);
        if (el) el.textContent = ids[id];
      }
      var h = document.querySelector("#fatal h1");
      if (h) h.textContent = say.title;
    });
  }
  function show(text) {
    var panel = document.getElementById("fatal");
    var detail = document.getElementById("fatal-text");
    // The first message stays: it is the cause (a panic's text, then its trap).
    if (!panel || !detail || !panel.hidden) return;
    detail.textContent = text; // text only: nothing from an error reaches the DOM as HTML
    panel.hidden = false;
    var loading = document.getElementById("loading");
    if (loading) loading.hidden = true;
  }
  window.addEventListener("TrunkApplicationStarted", function () { started = true; });
  if (typeof WebAssembly !== "object") {
    document.addEventListener("DOMContentLoaded", function () {
      show(say.noWasm);
    });
  }
  // An error that unwinds through the wasm after start (a trap such as a panic's
  // "unreachable", or a browser call that threw mid-frame) can leave Yew's scheduler stuck:
  // the page would look alive and never update again. Say so instead.
  function fromWasm(err) {
    if (!err) return false;
    if (typeof WebAssembly === "object" && err instanceof WebAssembly.RuntimeError) return true;
    return /wasm-function\[|\.wasm:/.test(String(err.stack || ""));
  }
  function stopped(err) {
    show(fill(say.stopped, String(err && err.message || err)));
  }
  window.addEventListener("error", function (e) {
    if (started) {
      if (fromWasm(e.error)) stopped(e.error);
      return;
    }
    var t = e.target;
    if (t && (t.tagName === "SCRIPT" || t.tagName === "LINK")) {
      show(fill(say.file, t.src || t.href));
    } else if (e.message) {
      // A module that fails to import or instantiate surfaces here.
      show(fill(say.start, e.message));
    }
  }, true);
  window.addEventListener("unhandledrejection", function (e) {
    if (started) {
      if (fromWasm(e.reason)) stopped(e.reason);
    } else {
      show(fill(say.start, String(e.reason && e.reason.message || e.reason) + "."));
    }
  });
  setTimeout(function () {
    if (!started && document.getElementById("loading")) {
      show(say.slow);
    }
  }, 30000);
  document.addEventListener("click", function (e) {
    if (e.target && e.target.id === "fatal-reload") location.reload();
  });
})();
