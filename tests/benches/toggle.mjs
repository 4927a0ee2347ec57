// Whether switching the highlights off and on again restyles the page: the
// background inserts our style sheet once per page (bg.js, activate), because
// a sheet of ::highlight() rules makes Chromium recalculate the style of the
// whole page. Headless Chromium with the packaged extension, wikipedia-2 (the
// corpus's longest article); two toggles after the first activation, traced;
// prints the style recalculations over 1 ms they caused.
//   node tests/benches/toggle.mjs       (after ./build.sh; run by ./build.sh bench)
import fs from 'node:fs';
import path from 'node:path';
import { chromium, pressUntilPainted, SHARED, serve } from '../browser/harness.mjs';
const name = 'wikipedia-2';
if (!fs.existsSync(path.join(SHARED, 'corpus'))) {
  console.log(`skipped: the shared corpus is missing at ${SHARED}`);
  process.exit(0);
}
const server = await serve({ [name]: { html: fs.readFileSync(path.join(SHARED, 'corpus/readability-pages', name, 'source.html'), 'utf8'), csp: "script-src 'self'" } });
const b = await chromium();
try {
  await b.open(server.url(name));
  const { popup, tabId } = await pressUntilPainted(b, name);
  await b.startTrace(['devtools.timeline', 'disabled-by-default-devtools.timeline']);
  for (let i = 0; i < 2; i++) {
    const r = await popup.eval(`chrome.runtime.sendMessage({ type: 'sl:activate', tabId: ${tabId}, action: 'toggle' })`);
    if (!r.ok) throw new Error(`toggle ${i}: ${r.error}`);
    await new Promise((done) => setTimeout(done, 300));
  }
  const ev = await b.stopTrace();
  const recalcs = ev.filter((e) => e.name === 'UpdateLayoutTree' && e.dur > 1000).map((e) => (e.dur / 1000).toFixed(1));
  console.log(`${name}: style recalculations over 1 ms during two toggles: ${recalcs.map((ms) => ms + ' ms').join(', ') || 'none'}`);
} finally {
  await b.close();
  await server.close();
}
