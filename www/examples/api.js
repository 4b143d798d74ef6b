// The example page's script: one ConvScope mounted with the JavaScript API, one embedded
// frame driven by postMessage (its listener first, so the frame's first report is heard).
// A file, not an inline script, so the strict CSP holds.
import { mount } from "../convscope.mjs";

const $ = (id) => document.querySelector(`[data-testid="${id}"]`);

const frame = document.getElementById("frame");
const send = (command, config) => frame.contentWindow.postMessage({ type: "convscope", command, config }, "*");
$("pm-back").addEventListener("click", () => send("back"));
$("pm-step").addEventListener("click", () => send("step"));
$("pm-set").addEventListener("click", () => send("set", "preset=pool-4x4"));
window.addEventListener("message", (e) => {
  if (e.source !== frame.contentWindow || e.data?.type !== "convscope") return;
  const d = e.data;
  $("pm-log").textContent = d.error ?? (d.event === "edge" ? `at the ${d.edge}` : `step ${d.step} of ${d.positions}`);
});

const cs = await mount(document.getElementById("mounted"), { n: 7, f: 3, s: 2, embed: 1 });
const log = $("api-log");
log.textContent = "ready"; // the first report comes with the first step
cs.on((e) => { log.textContent = `step ${e.step} of ${e.positions}${e.playing ? " (playing)" : ""}`; });
$("api-back").addEventListener("click", () => cs.back());
$("api-step").addEventListener("click", () => cs.step());
$("api-play").addEventListener("click", () => cs.play());
$("api-pause").addEventListener("click", () => cs.pause());
$("api-pad").addEventListener("click", () => cs.set({ p: 1 }));
