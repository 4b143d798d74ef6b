// Runs the Playwright suite and ends with one plain line, "browser: N passed, N failed", which
// CI reads as the run's count; exits non-zero on any failure or when no test ran.
import { spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { readFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
mkdirSync(join(root, "artifacts", "screenshots"), { recursive: true });

// A free loopback port for the static server, so a busy 4173 (another run, another app)
// cannot fail the suite.
const port = process.env.CONVSCOPE_PORT ?? await new Promise((resolve, reject) => {
  const s = createServer();
  s.once("error", reject);
  s.listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => resolve(p)); });
});
const r = spawnSync(join(root, "node_modules", ".bin", "playwright"),
  ["test", "--config", join(here, "playwright.config.mjs"), ...process.argv.slice(2)],
  { cwd: here, stdio: "inherit", env: { ...process.env, CONVSCOPE_PORT: String(port) } });
let stats;
try {
  stats = JSON.parse(readFileSync(join(root, "test-results", "results.json"), "utf8")).stats;
} catch (e) {
  console.log("browser: 0 passed, 1 failed");
  console.error(`no Playwright results (${e.message})`);
  process.exit(1);
}
const passed = stats.expected + stats.flaky;
const failed = stats.unexpected;
console.log(`browser: ${passed} passed, ${failed} failed, ${stats.skipped} skipped`);
process.exit(r.status !== 0 || failed > 0 || passed === 0 ? 1 : 0);
