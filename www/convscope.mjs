// ConvScope's JavaScript API (an ES module, served next to the app as convscope.mjs).
//
//   import { mount } from "./convscope.mjs";
//   const cs = await mount(document.querySelector("#demo"), { n: 7, f: 3, s: 2, embed: 1 });
//   cs.step(); cs.play(); cs.pause(); cs.set({ p: 1 });
//   cs.on((e) => console.log(e.step, "of", e.positions));   // every step
//
// The config keys are the address's keys (README, "Links that reproduce a frame"); a string
// such as "n=7&s=2" works too. The build fills in the hashed file names below
// (scripts/api-module.mjs).
import init, { mount as mountWasm } from "./__GLUE__";

let ready;

// Parts the app fetches rather than carries (src/ui/assets.rs): the string tables and the
// real-image view's wasm, next to this module. The page's boot.js defines the same.
const pending = {};
const once = (key, make) =>
  (pending[key] ??= make().catch((e) => {
    delete pending[key];
    throw e;
  }));
globalThis.convscopeAssets ??= {
  table: (code) =>
    once(`table-${code}`, async () => {
      // Revalidated (no-cache): an unhashed table cached from another build would be refused.
      const r = await fetch(new URL(`./${code}.txt`, import.meta.url), { cache: "no-cache" });
      if (!r.ok) throw new Error(`${code}.txt: HTTP ${r.status}`);
      return r.text();
    }),
  lab: () =>
    once("lab", async () => {
      const m = await import("./__LAB_GLUE__");
      await m.default({ module_or_path: new URL("./__LAB_WASM__", import.meta.url) });
      return m;
    }),
};

/** Loads the stylesheet and the wasm once, however many instances are mounted. */
function start() {
  if (!ready) {
    const css = new URL("./__CSS__", import.meta.url).href;
    if (![...document.querySelectorAll("link[rel=stylesheet]")].some((l) => l.href === css)) {
      const link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = css;
      document.head.append(link);
    }
    ready = init({ module_or_path: new URL("./__WASM__", import.meta.url) });
  }
  return ready;
}

/** A config object (or query string) as the address's query string. */
export function toQuery(config = {}) {
  if (config == null) return "";
  if (typeof config === "string") return config.replace(/^\?/, "");
  if (typeof config !== "object") {
    throw new TypeError(`a config is an object of the address's keys or a query string, not ${typeof config}`);
  }
  const value = (v) => (v === true ? "1" : v === false ? "0" : String(v));
  return new URLSearchParams(Object.entries(config).map(([k, v]) => [k, value(v)])).toString();
}

/**
 * Renders ConvScope into `element`. Resolves to a handle: step(), back(), play(), pause(),
 * first(), last(), set(config) → sentences about values not used, query(), on(listener) for
 * every step ({ step, positions, playing, query }), destroy(). Each step is also a
 * "convscope:step" event on `element`.
 */
export async function mount(element, config = {}) {
  if (!(element instanceof Element)) {
    throw new TypeError("mount(element, config): element must be a DOM element");
  }
  await start();
  element.classList.add("convscope");
  // Resolves once the mount's language table is here (the wasm carries no sentences).
  const h = await mountWasm(element, toQuery(config));
  return {
    element,
    step: () => h.step(),
    back: () => h.back(),
    play: () => h.play(),
    pause: () => h.pause(),
    first: () => h.first(),
    last: () => h.last(),
    set: (c) => Array.from(h.set(toQuery(c))),
    query: () => h.query(),
    on(listener) {
      // Said here, not at every step as an uncaught error.
      if (typeof listener !== "function") throw new TypeError("on(listener): listener must be a function");
      const f = (e) => listener(e.detail);
      element.addEventListener("convscope:step", f);
      return () => element.removeEventListener("convscope:step", f);
    },
    destroy: () => h.destroy(),
  };
}
