# ConvScope: the two commands a newcomer needs, plus the pieces CI runs.
.PHONY: serve test setup build single clean bench bench-check bench-page

serve:  ## install what is missing, serve on http://127.0.0.1:8080 with live reload
	scripts/serve.sh

test:   ## install what is missing, run every check: fmt, clippy, docs, build, native + browser tests
	scripts/test.sh

setup:  ## only the installs (idempotent, pinned)
	scripts/setup.sh --browser

build:  ## release build into dist/
	scripts/setup.sh && PATH="$$PWD/node_modules/.bin:$$HOME/.cargo/bin:$$PATH" trunk build --release --offline
	node scripts/csp-loader.mjs dist

single: build  ## one self-contained HTML file: dist-single/convscope.html (opens from disk)
	node scripts/single-file.mjs dist dist-single/convscope.html

bench:  ## the kernel benchmark: the core against TF.js wasm/cpu, convnetjs, naive JS (see PERFORMANCE.md)
	bench/run.sh bench.mjs

bench-page: build  ## page budgets in headless Chromium: latency, frame time, bytes, first paint, heap
	scripts/setup.sh --browser  # Chromium: `build` installs only what the build needs
	bench/run.sh page.mjs

bench-check:  ## only the benchmark's correctness checks (part of make test)
	bench/run.sh check.mjs

clean:
	rm -rf target dist dist-single test-results artifacts
