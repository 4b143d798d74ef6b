// Start-up safety net, loaded before the wasm: if the module fails to load or start, or the
// browser has no WebAssembly, show a sentence and a Reload button instead of a frozen page.
// (Panics after start are shown by the Rust panic hook, into the same panel.)
(function () {
  "use strict";
  var started = false;
  function show(text) {
    var panel = document.getElementById("fatal");
    var detail = document.getElementById("fatal-text");
    if (!panel || !detail) return;
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
  window.addEventListener("error", function (e) {
    if (started) return;
    var t = e.target;
    if (t && (t.tagName === "SCRIPT" || t.tagName === "LINK")) {
      show("A file of ConvScope failed to load (" + (t.src || t.href) + "). Check the connection and reload.");
    } else if (e.message) {
      // A module that fails to import or instantiate surfaces here.
      show("ConvScope could not start: " + e.message);
    }
  }, true);
  window.addEventListener("unhandledrejection", function (e) {
    if (!started) {
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
