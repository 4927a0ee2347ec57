// The hostile suite's 5 MB article (tests/browser/hostile-pages.mjs) in
// headless Chromium with the packaged extension: time to painted and the
// longest stretch on the page's thread, from the content script's own
// timing. Run by ./build.sh bench, after ./build.sh. BENCH_ROUTE=page (or
// background) forces the engine's route (extension/engine.js); by default
// the press takes the route the extension chooses.
import { chromium, pressUntilPainted, serve } from '../browser/harness.mjs';
import { hostilePages, SCRIPTS } from '../browser/hostile-pages.mjs';

const name = 'five-megabytes';
const server = await serve({ [name]: hostilePages('http://localhost:1')[name] }, SCRIPTS);
const b = await chromium();
try {
  await b.open(server.url(name));
  const { status: st } = await pressUntilPainted(b, name, 120_000, process.env.BENCH_ROUTE);
  const t = st.timing;
  const sentences = ['sourced', 'unsourced', 'speculative', 'none'].reduce((n, k) => n + (st.summary[k] ?? 0), 0);
  console.log(`${name}, ${t.route} route: ${t.nodes} nodes, ${sentences} sentences; painted ${t.paintedMs.toFixed(0)} ms after the press `
    + (t.route === 'page'
      ? `(one wasm call ${t.engineMs.toFixed(0)}: reading the DOM ${t.snapshotMs.toFixed(0)}, engine ${t.wasmMs.toFixed(0)}, ranges ${t.rangesMs.toFixed(0)}; `
        + `reading the answer ${t.anchorMs.toFixed(0)} ms);`
      : `(snapshot ${t.snapshotMs.toFixed(0)}, to engine ${t.toEngineMs.toFixed(0)}, wasm ${t.wasmMs.toFixed(0)}, back ${t.fromEngineMs.toFixed(0)}, `
        + `ranges ${t.anchorMs.toFixed(0)} ms);`)
    + ` highlights set at ${t.totalMs.toFixed(0)} ms and painted `
    + `${(t.paintedMs - t.totalMs).toFixed(0)} ms later (the wait for a frame tick, then the browser's frame); longest stretch of our own on the page thread ${t.longestTaskMs.toFixed(0)} ms`);
} finally {
  await b.close();
  await server.close();
}
