// The deck's clicker: each frame hands its key back at an end of its animation (a step past
// the last, or back before the first) with a message; this moves the focus to the next or
// the previous slide's frame, so one clicker walks through every slide. A file, not an
// inline script, so the strict CSP holds.
const frames = [...document.querySelectorAll(".slide iframe")];

function enter(i) {
  const frame = frames[i];
  if (!frame) return;
  frame.scrollIntoView({ block: "center" });
  frame.focus();
}

window.addEventListener("message", (e) => {
  if (e.data?.type !== "convscope" || e.data.event !== "edge") return;
  const i = frames.findIndex((f) => f.contentWindow === e.source);
  if (i >= 0) enter(i + (e.data.edge === "end" ? 1 : -1));
});

// A press while no frame has the focus (the deck just opened) enters the slide in view.
document.addEventListener("keydown", (e) => {
  if (!["ArrowRight", "PageDown", "ArrowLeft", "PageUp"].includes(e.key)) return;
  const middle = innerHeight / 2;
  const i = frames.findIndex((f) => f.getBoundingClientRect().bottom > middle);
  if (i < 0) return;
  e.preventDefault();
  enter(i);
});
