// Writes the JavaScript API module (www/convscope.mjs) into a Trunk build with the build's
// hashed file names filled in, names the real-image view's glue in index.html, minifies the
// JavaScript the page loads and the stylesheet (renewing their integrity
// hashes there). One hook for all of it, because
// Trunk runs a stage's hooks at the same time and each of them rewrites index.html. Runs as
// Trunk's post_build hook (TRUNK_STAGING_DIR), so both `trunk serve` and `trunk build` serve
// /convscope.mjs; or by hand: node scripts/api-module.mjs dist
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { minify } from "terser";
import { shortImports } from "./short-imports.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dist) throw new Error("usage: node scripts/api-module.mjs <dist dir>");
const files = readdirSync(dist);
const pick = (re, what) => {
  const found = files.filter((f) => re.test(f));
  if (found.length !== 1) throw new Error(`expected one ${what} in ${dist}, found ${found.join(", ") || "none"}`);
  return found[0];
};
// Trunk does not hash a "worker" build's names: hash the real-image view's files here, so a
// cached old view never meets a new page.
{
  const glue = files.find((f) => /^convscope-lab\.js$/.test(f));
  const wasm = files.find((f) => /^convscope-lab_bg\.wasm$/.test(f));
  if (glue && wasm) {
    const hash = createHash("sha256")
      .update(readFileSync(join(dist, glue)))
      .update(readFileSync(join(dist, wasm)))
      .digest("hex")
      .slice(0, 16);
    renameSync(join(dist, glue), join(dist, `convscope-lab-${hash}.js`));
    renameSync(join(dist, wasm), join(dist, `convscope-lab-${hash}_bg.wasm`));
    files.splice(0, files.length, ...readdirSync(dist));
  }
}
const names = {
  __GLUE__: pick(/^convscope-[0-9a-f]+\.js$/, "wasm-bindgen glue"),
  __WASM__: pick(/^convscope-[0-9a-f]+_bg\.wasm$/, "wasm"),
  __CSS__: pick(/^style-[0-9a-f]+\.css$/, "stylesheet"),
  __LAB_GLUE__: pick(/^convscope-lab(-[0-9a-f]+)?\.js$/, "real-image view glue"),
  __LAB_WASM__: pick(/^convscope-lab(-[0-9a-f]+)?_bg\.wasm$/, "real-image view wasm"),
};
let api = readFileSync(join(root, "www", "convscope.mjs"), "utf8");
for (const [k, v] of Object.entries(names)) api = api.replaceAll(k, v);
writeFileSync(join(dist, "convscope.mjs"), api);
console.log(`wrote ${join(dist, "convscope.mjs")}`);

// The page loads the real-image view's wasm only when the view comes near (src/ui/lab_slot.rs);
// boot.js finds its hashed glue here. Trunk builds it as a "worker" so it adds no loader.
const indexPath = join(dist, "index.html");
const meta = `<meta name="convscope-lab" content="${names.__LAB_GLUE__}">`;
let html = readFileSync(indexPath, "utf8").replace(/<meta name="convscope-lab"[^>]*>\n?/, "");
if (!html.includes("</head>")) throw new Error(`${indexPath} has no </head>`);
html = html.replace("</head>", `${meta}\n</head>`);
console.log(`${indexPath}: ${meta}`);

/** Renews the integrity hash Trunk wrote into index.html for `file`, whose text is now `text`. */
function renewIntegrity(file, text, what) {
  const sri = `sha384-${createHash("sha384").update(text).digest("base64")}`;
  const link = new RegExp(`(<link rel="${what}" href="\\./${file.replaceAll(".", "\\.")}"[^>]*? integrity=")[^"]*(")`);
  if (!link.test(html)) throw new Error(`${indexPath} has no ${what} link to ${file} with an integrity hash`);
  html = html.replace(link, (_, a, b) => `${a}${sri}${b}`);
}

// Both wasm modules' imports get short names, in the wasm and its glue
// (scripts/short-imports.mjs); the page's wasm has a preload link with an integrity hash: renew it.
for (const [wasm, glue, what] of [
  [names.__WASM__, names.__GLUE__, "preload"],
  [names.__LAB_WASM__, names.__LAB_GLUE__, null],
]) {
  const wasmPath = join(dist, wasm);
  const r = shortImports(wasmPath, join(dist, glue));
  if (what) renewIntegrity(wasm, readFileSync(wasmPath), what);
  console.log(`${wasmPath}: ${r.renamed} imports renamed, ${r.before} → ${r.after} B`);
}

// wasm-bindgen writes readable glue and Trunk 0.21's own minifier cannot read it (it stops at
// `export default`), so terser (pinned in package.json) minifies it here: ~3.8 kB gz of the
// page's 300 kB budget, ~2.4 kB of the real-image view's. Module glue keeps its export names
// (convscope.mjs and scripts/single-file.mjs import by them); boot.js is a classic script, so
// its top-level names stay as they are.
for (const [file, module, what] of [
  [names.__GLUE__, true, "modulepreload"],
  [names.__LAB_GLUE__, true, null],
  ["boot.js", false, null],
  ["stage-worker.js", false, null],
]) {
  const path = join(dist, file);
  const src = readFileSync(path, "utf8");
  const { code } = await minify(src, { module, ecma: 2020, format: { comments: false } });
  writeFileSync(path, code);
  if (what) renewIntegrity(file, code, what);
  console.log(`${path}: minified, ${src.length} → ${code.length} B`);
}

/**
 * `css` without its comments and the spaces no rule needs (strings kept whole): runs of
 * white space become one space, none is kept beside `{`, `}`, `;` or `,` or after `:` (a
 * space after a colon separates nothing in a selector, and a declaration's is optional),
 * and a rule's last `;` goes. Spaces that do separate (descendant selectors, `calc(a - b)`,
 * `!important`, a value's parts) stay one space.
 */
function minifyCss(css) {
  let out = "";
  let space = false;
  const tight = "{};,";
  for (let i = 0; i < css.length; ) {
    const c = css[i];
    if (c === "/" && css[i + 1] === "*") {
      const end = css.indexOf("*/", i + 2);
      if (end < 0) throw new Error("the stylesheet has an unclosed comment");
      i = end + 2;
      continue;
    }
    if (/\s/.test(c)) {
      space = true;
      i += 1;
      continue;
    }
    const last = out[out.length - 1];
    if (space && out !== "" && !tight.includes(c) && !tight.includes(last) && last !== ":") out += " ";
    space = false;
    if (c === "}" && last === ";") out = out.slice(0, -1);
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < css.length && css[j] !== c) j += css[j] === "\\" ? 2 : 1;
      out += css.slice(i, j + 1);
      i = j + 1;
    } else {
      out += c;
      i += 1;
    }
  }
  return `${out}\n`;
}

// The stylesheet's comments and layout are for its readers in www/, not for every page load
// (~1.2 kB gz of the 300 kB budget for the comments, ~0.3 kB for the spaces). Trunk wrote its
// integrity hash into index.html: renew it.
{
  const cssPath = join(dist, names.__CSS__);
  const css = minifyCss(readFileSync(cssPath, "utf8"));
  writeFileSync(cssPath, css);
  renewIntegrity(names.__CSS__, css, "stylesheet");
  console.log(`${cssPath}: minified, ${css.length} B`);
}
// index.html's comments are for its readers in the repository, as the stylesheet's are; they
// and the blank lines Trunk leaves where it took its own links out need not load (~0.2 kB gz).
html = html.replace(/<!--[\s\S]*?-->/g, "").replace(/\n(?:[ \t]*\n)+/g, "\n");
writeFileSync(indexPath, html);
