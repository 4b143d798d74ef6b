// Moves Trunk's inline module loader out of dist/index.html into dist/loader.js, so the
// release build runs under a strict Content-Security-Policy
// (default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self') with no
// 'unsafe-inline'; and drops the wasm preload's ignored `integrity` (a console warning).
// Idempotent: a build that has neither is left as it is.
// Usage: node scripts/csp-loader.mjs [DIST]
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dist = process.argv[2] ?? "dist";
const indexPath = join(dist, "index.html");
// Chromium ignores `integrity` on a `preload` of the wasm (as="fetch") and says so in the
// console of every page and every slide's frame: Trunk writes it, so it goes here.
const preload = /(<link rel="preload"[^>]*?) integrity="[^"]*"([^>]*as="fetch")/g;
const html = readFileSync(indexPath, "utf8").replace(preload, "$1$2");
const inline = /<script type="module">([\s\S]*?)<\/script>/;
const m = html.match(inline);
if (!m) {
  writeFileSync(indexPath, html);
  console.log(`${indexPath}: no inline loader (already moved)`);
} else {
  writeFileSync(join(dist, "loader.js"), m[1].trim() + "\n");
  writeFileSync(indexPath, html.replace(inline, () => '<script type="module" src="./loader.js"></script>'));
  console.log(`${indexPath}: loader moved to loader.js (strict CSP, no inline script)`);
}
