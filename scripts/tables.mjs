// Writes the string tables the page fetches (en.txt, ko.txt) in the compact form src/app/i18n
// reads: a header naming the English key list by its FNV-1a hash, then the values alone, one a
// line, in the order of en.txt's keys. The wasm carries the keys (build.rs), so sending them
// again would be a quarter of a table's gzipped bytes; the hash makes a table cached from
// another build fail loudly instead of shifting sentences.
// Runs as Trunk's post_build hook (TRUNK_STAGING_DIR); or by hand: node scripts/tables.mjs dist
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dist) throw new Error("usage: node scripts/tables.mjs <dist dir>");
const HEADER = "#!convscope-table ";

/** `key = value` lines as src/app/i18n/mod.rs `parse_table` reads them (raw values). */
function parse(text, name) {
  const out = new Map();
  text.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith("#")) return;
    const at = line.indexOf(" = ");
    if (at < 0) throw new Error(`${name} line ${i + 1}: no " = "`);
    const key = line.slice(0, at).trim();
    if (out.has(key)) throw new Error(`${name} line ${i + 1}: the key appears twice`);
    out.set(key, line.slice(at + 3).trim());
  });
  return out;
}

/** FNV-1a (32 bit) of the keys joined by line breaks, in hex (= i18n::key_hash). */
function keyHash(keys) {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(keys.join("\n"))) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h.toString(16).padStart(8, "0");
}

const tables = join(root, "src/app/i18n");
const english = parse(readFileSync(join(tables, "en.txt"), "utf8"), "en.txt");
const keys = [...english.keys()];
for (const file of readdirSync(dist).filter((f) => /^[a-z]{2}\.txt$/.test(f))) {
  const text = readFileSync(join(dist, file), "utf8");
  if (text.startsWith(HEADER)) continue; // already compact (the hook ran on this directory)
  const table = parse(text, file);
  const missing = keys.filter((k) => !table.has(k));
  const extra = [...table.keys()].filter((k) => !english.has(k));
  if (missing.length || extra.length)
    throw new Error(`${file}: missing ${missing.join(", ") || "none"}; not in en.txt ${extra.join(", ") || "none"}`);
  const values = keys.map((k) => table.get(k));
  if (values.some((v) => v.includes("\n") || !v)) throw new Error(`${file}: an empty or multi-line value`);
  writeFileSync(join(dist, file), `${HEADER}${keyHash(keys)}\n${values.join("\n")}\n`);
}
