// Playwright drives Debian's Chromium (never a downloaded browser) against the release build in
// dist/, served on loopback by serve.mjs.
import { defineConfig } from "@playwright/test";

// CONVSCOPE_DIST / CONVSCOPE_PORT / CONVSCOPE_RESULTS let a second build be tested beside the
// main one (paths relative to this folder).
const port = Number(process.env.CONVSCOPE_PORT ?? 4173);
const dist = process.env.CONVSCOPE_DIST ?? "../../dist";
const results = process.env.CONVSCOPE_RESULTS ?? "../../test-results/results.json";

export default defineConfig({
  testDir: ".",
  testMatch: /.*\.spec\.mjs/,
  outputDir: "../../test-results",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"], ["json", { outputFile: results }]],
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    viewport: { width: 1280, height: 860 },
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
      ],
    },
  },
  webServer: {
    command: `node serve.mjs ${dist} ${port}`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 20_000,
  },
});
