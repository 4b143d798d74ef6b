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
// What the page itself transfers on load; the examples deck and the JS API module are other
// pages'. Counted apart: the string tables (a page loads its language's one, on load) and the
// real-image view's wasm (fetched when the view comes near the viewport; src/ui/lab_slot.rs).
const notPage = (f) => f.includes(`${join(dist, "examples")}`) || f.endsWith("convscope.mjs");
const later = (f) => /\/(en|ko)\.txt$/.exec(f)?.[1] ?? (/\/convscope-lab(-[0-9a-f]+)?(_bg\.wasm|\.js)$/.test(f) ? "lab" : null);
const why = {
  en: "  (loaded by an English page)",
  ko: "  (loaded by a Korean page)",
  lab: "  (fetched when the real-image view comes near)",
};
let raw = 0, gz = 0, pageGz = 0;
const laterGz = { en: 0, ko: 0, lab: 0 };
for (const f of files.sort()) {
  const body = readFileSync(f);
  const g = gzipSync(body, { level: 9 }).length;
  raw += body.length; gz += g;
  const when = later(f);
  if (when) laterGz[when] += g;
  else if (!notPage(f)) pageGz += g;
  const note = notPage(f) ? "  (not loaded by the page)" : when ? why[when] : "";
  console.log(`${String(body.length).padStart(9)} B  ${String(g).padStart(8)} B gz  ${f}${note}`);
}
console.log(`${String(raw).padStart(9)} B  ${String(gz).padStart(8)} B gz  total`);
console.log(`later: ${laterGz.lab} B gz when the real-image view opens`);
// A size goal is a number to watch, not a gate (the team's rule for speed and size): each
// line says plainly when a page is over its budget; PERFORMANCE.md tracks it.
const verdict = (b) => (b > 300_000 ? `OVER BUDGET by ${b - 300_000} B` : "within budget");
const en = pageGz + laterGz.en, ko = pageGz + laterGz.ko;
console.log(`page: ${en} B gz (${(en / 1024).toFixed(1)} KiB) against a 300,000 B budget: ${verdict(en)}`);
console.log(`page in Korean: ${ko} B gz (${(ko / 1024).toFixed(1)} KiB): ${verdict(ko)}`);
