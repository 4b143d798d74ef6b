// A tiny static server for the release build: loopback only, correct MIME types (wasm must be
// application/wasm for streaming compilation), no caching, no directory listings.
// Usage: node serve.mjs DIR PORT
// Also serves the same files under /sub/path/ (a GitHub-Pages-style sub-path) and, under
// /csp/, with a strict Content-Security-Policy header, for the deployment tests.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";

const root = resolve(process.argv[2] ?? "dist");
// style-src-attr 'unsafe-inline' is the one relaxation: plotters measures chart labels with a
// hidden span it styles through setAttribute("style"). Stylesheets and scripts stay 'self'.
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data:";
const port = Number(process.argv[3] ?? 4173);
const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

createServer(async (req, res) => {
  try {
    let path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    const headers = { "cache-control": "no-store" };
    for (const prefix of ["/sub/path/", "/csp/"]) {
      if (path.startsWith(prefix)) {
        if (prefix === "/csp/") headers["content-security-policy"] = CSP;
        path = "/" + path.slice(prefix.length);
      }
    }
    let file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) throw new Error("outside root");
    if ((await stat(file)).isDirectory()) file = join(file, "index.html");
    const body = await readFile(file);
    res.writeHead(200, { ...headers, "content-type": types[extname(file)] ?? "application/octet-stream" });
    res.end(body);
  } catch {
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("not found");
  }
}).listen(port, "127.0.0.1", () => console.log(`serving ${root} on http://127.0.0.1:${port}`));
