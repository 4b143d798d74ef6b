// The stage painted off the main thread (src/ui/stage_worker.rs): the page's own module,
// compiled once and posted with the first message, then every message handed to it.
// A failure (to start, or a trap while painting) is posted back as text; the page then
// paints the stage itself. What a frame returns is posted a task later: the frame
// reaches the page's canvas as the painting task ends, and a report posted within that task
// could come first by as long as this thread then waited (the page showed, and the tests
// read, the canvas's previous frame: 1 in ~40 runs of a 64 x 64 layer on a busy machine).
var app;
onmessage = function (e) {
  if (!app) {
    app = import(e.data[0]).then(function (m) {
      return m.default({ module_or_path: e.data[1] }).then(function () { return m; });
    });
  }
  app.then(function (m) {
    var out = m.stage_frame(e.data);
    if (out !== undefined) setTimeout(postMessage, 0, out);
  }).catch(function (err) {
    postMessage(String(err && err.message || err));
  });
};
