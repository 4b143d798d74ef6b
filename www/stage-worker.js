// The stage painted off the main thread (src/ui/stage_worker.rs): the page's own module,
// compiled once and posted with the first message, then every message handed to it.
// A failure (to start, or a trap while painting) is posted back as text; the page then
// paints the stage itself.
var app;
onmessage = function (e) {
  if (!app) {
    app = import(e.data[0]).then(function (m) {
      return m.default({ module_or_path: e.data[1] }).then(function () { return m; });
    });
  }
  app.then(function (m) {
    var out = m.stage_frame(e.data);
    if (out !== undefined) postMessage(out);
  }).catch(function (err) {
    postMessage(String(err && err.message || err));
  });
};
