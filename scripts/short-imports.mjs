// Gives a wasm-bindgen module's imports short names, in the wasm and in its JavaScript glue.
// wasm-bindgen names each import after the function and a hash (`__wbg_call_a410eb4b59ed5965`):
// ~7 kB of names, hex that gzip cannot shrink, written twice (the wasm's import section and the
// glue's import object); `$0`, `$1`, … instead save ~5 kB gz of the page's 300 kB budget. Used
// by scripts/api-module.mjs (Trunk's post_build hook) before the glue is minified.
import { readFileSync, writeFileSync } from "node:fs";

/** Reads an unsigned LEB128 at `p`: [value, next position]. */
function leb(b, p) {
  let v = 0;
  let shift = 0;
  for (;;) {
    const x = b[p++];
    v += (x & 0x7f) * 2 ** shift;
    shift += 7;
    if (!(x & 0x80)) return [v, p];
  }
}

/** `n` as an unsigned LEB128. */
function uleb(n) {
  const out = [];
  do {
    let x = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) x |= 0x80;
    out.push(x);
  } while (n > 0);
  return Buffer.from(out);
}

const name = (s) => Buffer.concat([uleb(Buffer.byteLength(s)), Buffer.from(s)]);

/**
 * Renames the function imports of `wasmPath` that `gluePath` provides, in both files. Throws
 * (the build stops) when the glue does not hold every old name exactly once or when the new
 * module's imports are not all in the new glue.
 */
export function shortImports(wasmPath, gluePath) {
  const b = readFileSync(wasmPath);
  let glue = readFileSync(gluePath, "utf8");
  const parts = [b.subarray(0, 8)];
  let p = 8;
  let renamed = 0;
  while (p < b.length) {
    const id = b[p];
    const [size, start] = leb(b, p + 1);
    const end = start + size;
    if (id !== 2) {
      parts.push(b.subarray(p, end));
      p = end;
      continue;
    }
    // The import section: (module, field, kind, description) per import.
    let [count, q] = leb(b, start);
    const body = [uleb(count)];
    for (let i = 0; i < count; i++) {
      const [ml, q1] = leb(b, q);
      const module = b.subarray(q1, q1 + ml).toString();
      const [fl, q2] = leb(b, q1 + ml);
      const field = b.subarray(q2, q2 + fl).toString();
      q = q2 + fl;
      const descStart = q;
      const kind = b[q++];
      if (kind === 0) [, q] = leb(b, q);
      else if (kind === 1) { q++; const [flags, r] = leb(b, q); [, q] = leb(b, r); if (flags & 1) [, q] = leb(b, q); }
      else if (kind === 2) { const [flags, r] = leb(b, q); [, q] = leb(b, r); if (flags & 1) [, q] = leb(b, q); }
      else if (kind === 3) q += 2;
      else if (kind === 4) { q++; [, q] = leb(b, q); }
      else throw new Error(`${wasmPath}: import ${field} of unknown kind ${kind}`);
      let next = field;
      if (kind === 0 && /^__wb[a-z]*_[A-Za-z0-9_]+$/.test(field)) {
        const re = new RegExp(`\\b${field}\\b`, "g");
        const seen = glue.match(re)?.length ?? 0;
        if (seen !== 1) throw new Error(`${gluePath}: import ${field} appears ${seen} times, not once`);
        next = `$${renamed.toString(36)}`;
        glue = glue.replace(re, next);
        renamed++;
      }
      body.push(name(module), name(next), b.subarray(descStart, q));
    }
    const section = Buffer.concat(body);
    parts.push(Buffer.from([2]), uleb(section.length), section);
    p = end;
  }
  const out = Buffer.concat(parts);
  for (const imp of WebAssembly.Module.imports(new WebAssembly.Module(out))) {
    if (imp.kind === "function" && !glue.includes(`${imp.name}:`) && !glue.includes(`${imp.name}(`)) {
      throw new Error(`${gluePath}: no import ${imp.name} after renaming`);
    }
  }
  writeFileSync(wasmPath, out);
  writeFileSync(gluePath, glue);
  return { renamed, before: b.length, after: out.length };
}
