// The deck's clicker: each frame hands its key back at an end of its animation (a step past
// the last, or back before the first) with a message; this moves the focus to the next or
// the previous slide's frame, so one clicker walks through every slide. A file, not an
// inline script, so the strict CSP holds.
const frames = [...document.querySelectorAll(".slide iframe")];
// The frame that handed the clicker back past an end of the deck, and which end: a press
// that way stays with the deck rather than enter that frame again.
let parked = null;

function enter(i) {
  parked = null;
  frames[i].scrollIntoView({ block: "center" });
  // A frame that handed the key back is still the deck's active element, and focus() on
  // the active element does nothing: let go of it first.
  document.activeElement?.blur();
  frames[i].focus();
}

window.addEventListener("message", (e) => {
  if (e.data?.type !== "convscope" || e.data.event !== "edge") return;
  const i = frames.findIndex((f) => f.contentWindow === e.source);
  if (i < 0) return;
  const next = i + (e.data.edge === "end" ? 1 : -1);
  if (frames[next]) enter(next);
  else parked = { i, end: e.data.edge === "end" };
});

// A press while no frame has the focus (the deck just opened) enters the slide in view.
document.addEventListener("keydown", (e) => {
  const forward = ["ArrowRight", "PageDown"].includes(e.key);
  if (!forward && !["ArrowLeft", "PageUp"].includes(e.key)) return;
  const middle = innerHeight / 2;
  const i = frames.findIndex((f) => f.getBoundingClientRect().bottom > middle);
  if (i < 0 || (parked?.i === i && parked.end === forward)) return;
  e.preventDefault();
  enter(i);
});
