// Builds one self-contained HTML file from a Trunk release build: CSS, boot.js, the
// wasm-bindgen glue and the wasm itself (base64) inlined, so an instructor can put a single
// file next to their slides and open it from disk (file://) with no server.
// Usage: node scripts/single-file.mjs [DIST] [OUT]    (defaults: dist, dist-single/convscope.html)
import { readFileSync, writeFileSync, mkdirSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";

const dist = process.argv[2] ?? "dist";
const out = process.argv[3] ?? "dist-single/convscope.html";
const files = readdirSync(dist);
const pick = (re, what) => {
  const f = files.find((n) => re.test(n));
  if (!f) throw new Error(`no ${what} in ${dist}: run a trunk build first`);
  return join(dist, f);
};
const jsPath = pick(/^convscope-[0-9a-f]+\.js$/, "wasm-bindgen glue");
const wasmPath = pick(/^convscope-[0-9a-f]+_bg\.wasm$/, "wasm");
const cssPath = pick(/^style-[0-9a-f]+\.css$/, "stylesheet");
let html = readFileSync(join(dist, "index.html"), "utf8");
const glue = readFileSync(jsPath, "utf8");
const wasm = readFileSync(wasmPath).toString("base64");
const css = readFileSync(cssPath, "utf8");
const boot = readFileSync(join(dist, "boot.js"), "utf8");
const labGlue = readFileSync(pick(/^convscope-lab(-[0-9a-f]+)?\.js$/, "real-image view glue"), "utf8");
const labWasm = readFileSync(pick(/^convscope-lab(-[0-9a-f]+)?_bg\.wasm$/, "real-image view wasm")).toString("base64");
const en = readFileSync(join(dist, "en.txt"), "utf8");
const ko = readFileSync(join(dist, "ko.txt"), "utf8");

// The glue is an ES module (minified by scripts/api-module.mjs): an inline module script may
// keep its exports, and the init function is whatever the export list calls `default`; hand
// it the bytes.
const initOf = (js, what) => {
  const list = js.match(/export\s*\{([^}]*)\}\s*;?\s*$/);
  const init = list?.[1].split(",").map((e) => e.trim().split(/\s+as\s+/)).find(([, as]) => as === "default")?.[0];
  if (!init) throw new Error(`unexpected ${what}: no default export at its end`);
  return init;
};
const script = [
  glue,
  `const __bytes = Uint8Array.from(atob("${wasm}"), (c) => c.charCodeAt(0));`,
  `const __instance = await ${initOf(glue, "wasm-bindgen glue")}({ module_or_path: __bytes });`,
  `dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm: __instance } }));`,
].join("\n");

// What the server build fetches (src/ui/assets.rs) is inline here: the string tables as
// strings, the real-image view as a second module that initialises on first use.
// Defined before boot.js, which then keeps it.
if (!/export function mount_lab\(/.test(labGlue)) throw new Error("unexpected real-image view glue: no mount_lab");
// Every function the view's wasm exports (the view, the code panel's exporters and importer,
// the GIF writer), as the server build's dynamic import gives them.
const labExports = [...labGlue.matchAll(/export (?:async )?function (\w+)\(/g)].map((m) => m[1]);
const labScript = [
  labGlue,
  `const __labBytes = Uint8Array.from(atob("${labWasm}"), (c) => c.charCodeAt(0));`,
  `globalThis.__convscopeLab = () => ${initOf(labGlue, "real-image view glue")}({ module_or_path: __labBytes }).then(() => ({ ${labExports.join(", ")} }));`,
].join("\n");
const tables = JSON.stringify({ en, ko }).replace(/</g, "\\u003c");
const assets = `window.convscopeAssets = (function () {
  var tables = ${tables}, lab;
  return {
    table: function (code) {
      return tables[code] ? Promise.resolve(tables[code]) : Promise.reject(new Error(code + ": no such table"));
    },
    lab: function () {
      if (!globalThis.__convscopeLab) return Promise.reject(new Error("the real-image view did not load"));
      return (lab = lab || globalThis.__convscopeLab());
    }
  };
})();`;

const replaceOnce = (pattern, replacement, what) => {
  if (!pattern.test(html)) throw new Error(`index.html has no ${what}`);
  html = html.replace(pattern, () => replacement);
};
// Trunk's loader, inline or already moved to loader.js by csp-loader.mjs.
replaceOnce(/<script type="module"( src="\.\/loader\.js")?>[\s\S]*?<\/script>/, "", "Trunk loader script");
replaceOnce(/<link rel="stylesheet"[^>]*>/, `<style>\n${css}\n</style>`, "stylesheet link");
replaceOnce(
  /<script src="boot\.js"><\/script>/,
  `<script>\n${assets}\n</script>\n<script>\n${boot}\n</script>\n<script type="module">\n${labScript}\n</script>\n<script type="module">\n${script}\n</script>`,
  "boot.js script",
);
html = html.replace(/<link rel="(modulepreload|preload)"[^>]*>/g, "");
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, html);
console.log(`${out}: ${(html.length / 1024).toFixed(0)} KiB, self-contained (open it from disk)`);
