// Writes the JavaScript API module (www/convscope.mjs) into a Trunk build with the build's
// hashed file names filled in. Runs as Trunk's post_build hook (TRUNK_STAGING_DIR), so both
// `trunk serve` and `trunk build` serve /convscope.mjs; or by hand: node scripts/api-module.mjs dist
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dist) throw new Error("usage: node scripts/api-module.mjs <dist dir>");
const files = readdirSync(dist);
const pick = (re, what) => {
  const found = files.filter((f) => re.test(f));
  if (found.length !== 1) throw new Error(`expected one ${what} in ${dist}, found ${found.join(", ") || "none"}`);
  return found[0];
};
const names = {
  __GLUE__: pick(/^convscope-[0-9a-f]+\.js$/, "wasm-bindgen glue"),
  __WASM__: pick(/^convscope-[0-9a-f]+_bg\.wasm$/, "wasm"),
  __CSS__: pick(/^style-[0-9a-f]+\.css$/, "stylesheet"),
};
let api = readFileSync(join(root, "www", "convscope.mjs"), "utf8");
for (const [k, v] of Object.entries(names)) api = api.replaceAll(k, v);
writeFileSync(join(dist, "convscope.mjs"), api);
console.log(`wrote ${join(dist, "convscope.mjs")}`);
