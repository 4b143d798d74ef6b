// Start-up safety net, loaded before the wasm: if the module fails to load or start, or the
// browser has no WebAssembly, show a sentence and a Reload button instead of a frozen page.
// (Panics after start are shown by the Rust panic hook, into the same panel; any other error
// that unwinds through the wasm after start is shown here.)
(function () {
  "use strict";
  var started = false;
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
      show("This browser cannot run WebAssembly, which ConvScope needs. Try a current Firefox, Chrome, Edge or Safari.");
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
    show("ConvScope stopped after an error inside it (" + String(err && err.message || err) +
      "). Reload to start again; the address keeps your settings.");
  }
  window.addEventListener("error", function (e) {
    if (started) {
      if (fromWasm(e.error)) stopped(e.error);
      return;
    }
    var t = e.target;
    if (t && (t.tagName === "SCRIPT" || t.tagName === "LINK")) {
      show("A file of ConvScope failed to load (" + (t.src || t.href) + "). Check the connection and reload.");
    } else if (e.message) {
      // A module that fails to import or instantiate surfaces here.
      show("ConvScope could not start: " + e.message);
    }
  }, true);
  window.addEventListener("unhandledrejection", function (e) {
    if (started) {
      if (fromWasm(e.reason)) stopped(e.reason);
    } else {
      show("ConvScope could not start: " + String(e.reason && e.reason.message || e.reason) + ".");
    }
  });
  setTimeout(function () {
    if (!started && document.getElementById("loading")) {
      show("ConvScope did not start within 30 seconds. Reload to try again.");
    }
  }, 30000);
  document.addEventListener("click", function (e) {
    if (e.target && e.target.id === "fatal-reload") location.reload();
  });
})();
