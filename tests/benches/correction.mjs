// How long a reader waits for a correction to show: from the Enter that
// saves it to the sentence painted with the new label (content.js repaints
// the one sentence at once), and to the pass that applies it done (the
// tooltip says "corrected by you"; a warm annotation pass plus the storage
// write: the engine applies corrections). Headless Chromium with the packaged extension; the seed page, a
// median news page and wikipedia-2 (the corpus's longest article); five
// corrections each, timed in the page's own world.
//   node tests/benches/correction.mjs   (after ./build.sh; run by ./build.sh bench)
import fs from 'node:fs';
import path from 'node:path';
import { chromium, median, pressUntilPainted, seedHtml, SHARED, serve, until } from '../browser/harness.mjs';

if (!fs.existsSync(path.join(SHARED, 'corpus'))) {
  console.log(`skipped: the shared corpus is missing at ${SHARED}`);
  process.exit(0);
}
const page = (name) => fs.readFileSync(path.join(SHARED, 'corpus/readability-pages', name, 'source.html'), 'utf8');
const pages = { seed: { html: seedHtml() }, 'bbc-1': { html: page('bbc-1'), csp: "script-src 'self'" }, 'wikipedia-2': { html: page('wikipedia-2'), csp: "script-src 'self'" } };
const server = await serve(pages);
const b = await chromium();

// In the page: the time from the Enter (seen in the capture phase, before
// the tooltip keeps it) to the frame in which the sentence on show is in
// the highlight of `want`.
const timer = (want) => `(() => {
  window.__slCorrection = null;
  addEventListener('keydown', function once(ev) {
    if (ev.key !== 'Enter') return;
    removeEventListener('keydown', once, { capture: true });
    const t0 = performance.now();
    const focus = CSS.highlights.get('sourcelight-focus');
    const text = focus ? [...focus][0].toString() : '';
    let painted = null;
    const check = () => {
      const h = CSS.highlights.get('sourcelight-' + ${JSON.stringify(want)});
      if (painted === null && h && [...h].some((r) => r.toString() === text)) painted = performance.now() - t0;
      const tip = document.querySelector('sourcelight-ui').shadowRoot.querySelector('[role=tooltip]');
      if (painted !== null && tip && !tip.hidden && tip.textContent.includes('corrected by you')) window.__slCorrection = [painted, performance.now() - t0];
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  }, { capture: true });
  return true;
})()`;

try {
  for (const name of Object.keys(pages)) {
    await b.open(server.url(name));
    const { popup } = await pressUntilPainted(b, name);
    await popup.close();
    const times = [];
    for (let k = 0; k < 5; k++) {
      // The next unsourced or speculative sentence; its label goes one down the list.
      await b.keys('Alt', 'Shift', 'ArrowDown');
      await until(async () => (await b.eval(`(() => { const f = CSS.highlights.get('sourcelight-focus'); return f && f.size; })()`)), 'a focused sentence');
      const label = await b.eval(`(() => {
        const text = [...CSS.highlights.get('sourcelight-focus')][0].toString();
        return ['unsourced', 'speculative'].find((l) => [...(CSS.highlights.get('sourcelight-' + l) ?? [])].some((r) => r.toString() === text));
      })()`);
      const want = label === 'unsourced' ? 'speculative' : 'none';
      if (want === 'none') continue; // not painted: nothing to time
      await b.eval(timer(want));
      await b.keys('Alt', 'Shift', 'KeyC');
      await b.keys('ArrowDown');
      await b.keys('Enter');
      times.push(await until(() => b.eval('window.__slCorrection'), `the correction on ${name}`).catch(async (e) => {
        const tip = await b.eval("(() => { const t = document.querySelector('sourcelight-ui').shadowRoot.firstChild; return [t.getAttribute('role'), t.hidden, t.textContent.slice(0, 200)]; })()");
        throw new Error(`${e.message}; the tooltip: ${JSON.stringify(tip)}`);
      }));
    }
    const painted = times.map((x) => x[0]);
    const done = times.map((x) => x[1]);
    const list = (xs) => xs.map((x) => x.toFixed(1)).join(', ');
    console.log(`${name}: ${times.length} corrections: painted median ${median(painted).toFixed(1)} ms (${list(painted)}); pass done median ${median(done).toFixed(1)} ms (${list(done)})`);
    await b.closePage();
  }
} finally {
  await b.close();
  await server.close();
}
