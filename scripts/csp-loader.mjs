// Moves Trunk's inline module loader out of dist/index.html into dist/loader.js, so the
// release build runs under a strict Content-Security-Policy
// (default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self') with no
// 'unsafe-inline'. Idempotent: a build that has no inline loader is left as it is.
// Usage: node scripts/csp-loader.mjs [DIST]
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dist = process.argv[2] ?? "dist";
const indexPath = join(dist, "index.html");
const html = readFileSync(indexPath, "utf8");
const inline = /<script type="module">([\s\S]*?)<\/script>/;
const m = html.match(inline);
if (!m) {
  console.log(`${indexPath}: no inline loader (already moved)`);
} else {
  writeFileSync(join(dist, "loader.js"), m[1].trim() + "\n");
  writeFileSync(indexPath, html.replace(inline, () => '<script type="module" src="./loader.js"></script>'));
  console.log(`${indexPath}: loader moved to loader.js (strict CSP, no inline script)`);
}
