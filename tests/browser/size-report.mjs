// Prints the bytes of everything the page loads, raw and gzipped (the budget is 300 KB gzipped).
// Usage: node size-report.mjs DIST
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const dist = process.argv[2] ?? "dist";
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else files.push(p);
  }
})(dist);
let raw = 0, gz = 0;
for (const f of files.sort()) {
  const body = readFileSync(f);
  const g = gzipSync(body, { level: 9 }).length;
  raw += body.length; gz += g;
  console.log(`${String(body.length).padStart(9)} B  ${String(g).padStart(8)} B gz  ${f}`);
}
console.log(`${String(raw).padStart(9)} B  ${String(gz).padStart(8)} B gz  total (${(gz / 1024).toFixed(1)} KiB gzipped; budget 300 KB)`);
if (gz > 300_000) {
  console.error("over the 300 KB gzipped budget");
  process.exit(1);
}
