// In-browser benchmark (./build.sh bench): headless Chromium with the packaged
// extension opens every page of ../shared/corpus/readability-pages from
// 127.0.0.1 and records, per page:
//   - ours, on each of the engine's two routes in turn (the engine in the
//     page, then in the background: engine.js), each on a fresh load of the
//     page: time from the toolbar press reaching the page (content script
//     message) to highlights set, and to the next frame painted; then, on
//     the same page, a warm pass (a mutation's); the longest
//     stretch we hold the page's thread, timed by the content script itself
//     (the Long Tasks and Long Animation Frames APIs do not report work run
//     from an extension message: checked, a 64 ms snapshot on wikipedia-2
//     showed up in neither, while a page's own 120 ms setTimeout did); the
//     wasm instance's memory;
//   - the JavaScript peer pipeline in the same page: @mozilla/readability
//     (extraction) then sbd (sentence splitting), each sentence wrapped in a
//     Range over the live DOM and painted with the same Highlight API, in
//     our three styles.
// Writes target/bench/browser.json, tests/benches/browser.svg (time against
// page size; under target/bench when BENCH_PAGES limits the run) and prints
// the Markdown for BENCHMARKS.md.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

import { chromium, firefox, pressUntilPainted, ROOT, serve, SHARED } from '../browser/harness.mjs';

const require = createRequire(path.join(ROOT, 'tests', 'package.json'));
const CORPUS = path.join(SHARED, 'corpus', 'readability-pages');
const OUT = path.join(ROOT, 'target', 'bench');
const ONLY = process.env.BENCH_PAGES ? process.env.BENCH_PAGES.split(',') : null;
// The engine's routes (extension/engine.js), each page timed on each.
const ROUTES = process.env.BENCH_ROUTES ? process.env.BENCH_ROUTES.split(',') : ['page', 'background'];

/** A browser bundle of the peer pipeline: a tiny CommonJS loader over the npm files. */
function peerBundle() {
  const files = {
    readability: require.resolve('@mozilla/readability/Readability.js'),
    sbd: require.resolve('sbd/lib/tokenizer.js'),
    './stringHelper': path.join(path.dirname(require.resolve('sbd/lib/tokenizer.js')), 'stringHelper.js'),
    './Match': path.join(path.dirname(require.resolve('sbd/lib/tokenizer.js')), 'Match.js'),
    // sbd's own browser mapping (package.json "browser").
    'sanitize-html': path.join(path.dirname(require.resolve('sbd/lib/tokenizer.js')), 'sanitize-html-browser.js'),
  };
  const mods = Object.entries(files).map(([name, file]) =>
    `${JSON.stringify(name)}: function (module, exports, require) {\n${fs.readFileSync(file, 'utf8')}\n}`);
  return `(() => {
  const defs = {${mods.join(',\n')}};
  const cache = {};
  const req = (name) => {
    if (cache[name]) return cache[name].exports;
    const module = (cache[name] = { exports: {} });
    defs[name](module, module.exports, req);
    return module.exports;
  };
  const Readability = req('readability');
  const sbd = req('sbd');
  // Extract, split, and wrap each sentence in a Range over the live DOM, then paint.
  window.__peer = () => {
    const t0 = performance.now();
    const article = new Readability(document.cloneNode(true)).parse();
    const text = article ? article.textContent : '';
    const sentences = sbd.sentences(text, { newline_boundaries: true });
    // Map sentences back to text nodes: the page text, whitespace squashed.
    const nodes = [];
    let flat = '';
    const starts = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      nodes.push(n);
      starts.push(flat.length);
      flat += n.data;
    }
    const locate = (pos) => {
      let lo = 0, hi = starts.length - 1;
      while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (starts[mid] <= pos) lo = mid; else hi = mid - 1; }
      return [nodes[lo], pos - starts[lo]];
    };
    const ranges = [];
    let from = 0;
    for (const s of sentences) {
      const probe = s.trim().slice(0, 24);
      const at = probe ? flat.indexOf(probe, from) : -1;
      if (at < 0) continue;
      const end = Math.min(flat.length, at + s.trim().length);
      const r = new Range();
      const [sn, so] = locate(at);
      const [en, eo] = locate(end - 1);
      try { r.setStart(sn, so); r.setEnd(en, eo + 1); ranges.push(r); } catch {}
      from = at + 1;
    }
    // Painted in our three styles (our style sheet is in the page by now),
    // its sentences taking them in turn: an unstyled Highlight paints nothing,
    // and the frame after it would not be the same work as ours.
    const names = ['sourced', 'unsourced', 'speculative'].map((l) => 'sourcelight-' + l);
    names.forEach((name, k) => CSS.highlights.set(name, new Highlight(...ranges.filter((_, i) => i % 3 === k))));
    const setMs = performance.now() - t0;
    return new Promise((resolve) => requestAnimationFrame(() => setTimeout(() => {
      for (const name of names) CSS.highlights.delete(name);
      resolve({ setMs, paintedMs: performance.now() - t0, sentences: sentences.length, ranges: ranges.length });
    })));
  };
})();`;
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};

function svgPlot(rows) {
  const W = 720, H = 420, L = 60, B = 50, T = 20, R = 20;
  const maxX = Math.max(...rows.map((r) => r.bytes)) * 1.05;
  const maxY = Math.max(...rows.flatMap((r) => [r.ours.paintedMs, r.peer.paintedMs])) * 1.05;
  const x = (v) => L + (v / maxX) * (W - L - R);
  const y = (v) => H - B - (v / maxY) * (H - B - T);
  const dots = (key, colour, shape) => rows.map((r) => shape === 'c'
    ? `<circle cx="${x(r.bytes).toFixed(1)}" cy="${y(r[key].paintedMs).toFixed(1)}" r="3" fill="${colour}"/>`
    : `<rect x="${(x(r.bytes) - 3).toFixed(1)}" y="${(y(r[key].paintedMs) - 3).toFixed(1)}" width="6" height="6" fill="${colour}"/>`).join('');
  const ticks = [];
  for (let i = 0; i <= 5; i++) {
    const vx = (maxX / 5) * i, vy = (maxY / 5) * i;
    ticks.push(`<text x="${x(vx)}" y="${H - B + 18}" text-anchor="middle">${Math.round(vx / 1024)} KB</text>`);
    ticks.push(`<text x="${L - 6}" y="${y(vy) + 4}" text-anchor="end">${Math.round(vy)}</text>`);
    ticks.push(`<line x1="${L}" x2="${W - R}" y1="${y(vy)}" y2="${y(vy)}" stroke="#ddd"/>`);
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="11">
<rect width="100%" height="100%" fill="#fff"/>${ticks.join('')}
<line x1="${L}" y1="${H - B}" x2="${W - R}" y2="${H - B}" stroke="#333"/><line x1="${L}" y1="${T}" x2="${L}" y2="${H - B}" stroke="#333"/>
<text x="${(L + W - R) / 2}" y="${H - 10}" text-anchor="middle">page HTML size</text>
<text x="14" y="${(T + H - B) / 2}" transform="rotate(-90 14 ${(T + H - B) / 2})" text-anchor="middle">ms to highlights painted</text>
${dots('peer', '#E69F00', 'r')}${dots('ours', '#0072B2', 'c')}
<circle cx="${L + 20}" cy="${T + 10}" r="4" fill="#0072B2"/><text x="${L + 30}" y="${T + 14}">Sourcelight (extension, wasm)</text>
<rect x="${L + 16}" y="${T + 24}" width="8" height="8" fill="#E69F00"/><text x="${L + 30}" y="${T + 32}">@mozilla/readability + sbd</text>
</svg>`;
}

async function main() {
  const names = fs.readdirSync(CORPUS).filter((d) => fs.existsSync(path.join(CORPUS, d, 'source.html')) && (!ONLY || ONLY.includes(d))).sort();
  const pages = {};
  // The pages' own scripts are blocked (their hosts are unreachable here
  // anyway, and they would change the DOM under the measurement); WebAssembly
  // is allowed, as on most real pages, so the in-page route can run.
  for (const n of names) {
    pages[n] = { html: fs.readFileSync(path.join(CORPUS, n, 'source.html'), 'utf8'), csp: "script-src 'self' 'wasm-unsafe-eval'; object-src 'none'" };
  }
  const server = await serve(pages, { 'peer.js': peerBundle() });
  // The peer is a same-origin script, so the pages' CSP lets it run.
  // Absolute URLs, in case a page has a <base>; after <head>, or <html>, or
  // first of all for the pages that have neither.
  const probes = `<script src="${server.url('peer.js')}"></script>`;
  for (const n of names) {
    const html = pages[n].html;
    const at = /<head\b[^>]*>/i.exec(html) ?? /<html\b[^>]*>/i.exec(html);
    pages[n].html = at ? html.slice(0, at.index + at[0].length) + probes + html.slice(at.index + at[0].length) : probes + html;
  }
  const b = await launch();
  const rows = [];
  try {
    const api = '(globalThis.browser ?? chrome)';
    for (const name of names) {
      const row = { name, bytes: Buffer.byteLength(pages[name].html) };
      for (const route of ROUTES) {
        await b.open(server.url(name));
        // The toolbar press opens the panel, which switches the page on; the
        // bench reads the page's status through it. The panel is not a tab, so
        // the page stays the visible tab and paints frames.
        const { popup, tabId, status: st } = await pressUntilPainted(b, name, 60_000, route);
        // A page whose own CSP (a <meta> one) forbids wasm in the content
        // script gets the background route even when the page's is asked for.
        if (st.timing.route !== route) process.stderr.write(`${name}: took the ${st.timing.route} route, not ${route}\n`);
        const memory = (await popup.eval(`${api}.runtime.sendMessage({ type: 'sl:stats' })`)).value.wasmMemory;
        // A warm pass: what a mutation of the page costs once the engine is there.
        const warm = await popup.eval(`${api}.tabs.sendMessage(${tabId}, { type: 'sl:pass' })`);
        // Ours off before the peer runs, so each paints alone.
        await popup.eval(`${api}.tabs.sendMessage(${tabId}, { type: 'sl:set', enabled: false })`);
        await popup.close();
        row[route] = { ...st.timing, wasmMemory: memory, warm };
        row.summary = st.summary;
        if (route === ROUTES.at(-1)) row.peer = await b.eval('window.__peer()'); // the peer, on the same page, with our highlights off
        await b.closePage();
      }
      row.ours = row.background ?? row.page; // what a press gets by default (extension/engine.js)
      rows.push(row);
      process.stderr.write(`${name}: ${ROUTES.map((r) => `${r} ${row[r].paintedMs.toFixed(1)} ms (set ${row[r].totalMs.toFixed(1)}, warm ${row[r].warm.ms.toFixed(1)})`).join(', ')}, peer ${row.peer.paintedMs.toFixed(1)} ms\n`);
    }
  } finally {
    await b.close();
    await server.close();
  }
  fs.mkdirSync(OUT, { recursive: true });
  const tag = process.env.BENCH_BROWSER === 'firefox' ? '-firefox' : '';
  fs.writeFileSync(path.join(OUT, `browser${tag}.json`), JSON.stringify(rows, null, 2));
  // The plot BENCHMARKS.md shows, refreshed by every full run.
  fs.writeFileSync(ONLY || tag ? path.join(OUT, `browser${tag}.svg`) : path.join(ROOT, 'tests', 'benches', 'browser.svg'), svgPlot(rows));
  const col = (f) => rows.map(f);
  const line = (label, xs, unit = 'ms') => `| ${label} | ${pct(xs, 50).toFixed(1)} | ${pct(xs, 95).toFixed(1)} | ${Math.max(...xs).toFixed(1)} | ${unit} |`;
  const biggest = rows.reduce((a, r) => (r.bytes > a.bytes ? r : a));
  const routeTable = (route, name) => {
    const on = rows.filter((r) => r[route].route === route);
    const of = (f) => on.map((r) => f(r[route]));
    const ratios = on.map((r) => r.peer.paintedMs / r[route].paintedMs);
    const off = rows.filter((r) => r[route].route !== route).map((r) => r.name);
    return `${name} (${on.length} pages${off.length ? `; not on this route, as their own CSP forbids it: ${off.join(', ')}` : ''})
| measure | p50 | p95 | max | unit |
|---|---|---|---|---|
${line('press reaching the page → highlights set', of((t) => t.totalMs))}
${line('→ next frame painted', of((t) => t.paintedMs))}
${line('the request reaching the background → next frame painted (adds our style sheet, the scripts\' injection and the request\'s trip to the page)', of((t) => t.fromAskedMs))}
${line(route === 'page' ? '  of which: reading the DOM into the arena (web-sys, in the wasm call)' : '  of which: DOM snapshot (page thread, in slices of ~8 ms)', of((t) => t.snapshotMs))}
${line(route === 'page' ? '  of which: the wasm call (read, engine, ranges: one task)' : '  of which: engine round trip (background, off the page thread)', of((t) => t.engineMs))}
${line('    wasm: extract, segment, classify' + (route === 'page' ? '' : ', anchor'), of((t) => t.wasmMs))}
${line('  of which: reading the answer' + (route === 'page' ? '' : ' and anchoring ranges'), of((t) => t.anchorMs))}
${line('longest stretch on the page thread', of((t) => t.longestTaskMs))}
${line('a warm pass (a mutation\'s), whole', of((t) => t.warm.ms))}
${line('  its longest stretch on the page thread', of((t) => t.warm.timing.longestTaskMs))}
${line('ratio peer / ours (painted), per page', ratios, '×')}
Pages where ours is faster than the peer: ${ratios.filter((x) => x > 1).length} of ${on.length}. Largest page: ${biggest.name} (${(biggest.bytes / 1024).toFixed(0)} KB): ${biggest[route].paintedMs.toFixed(1)} ms, peer ${biggest.peer.paintedMs.toFixed(1)} ms.`;
  };
  console.log(ROUTES.map((r) => routeTable(r, r === 'page' ? 'The engine in the page (forced, so the press finds it cold)' : 'The engine in the background (forced; what a press gets by default)')).join('\n\n'));
  console.log(`
| measure | p50 | p95 | max | unit |
|---|---|---|---|---|
${line('Peer (readability + sbd + Ranges): → next frame painted', col((r) => r.peer.paintedMs))}
${line('Peer: longest stretch on the page thread (all of it is one task)', col((r) => r.peer.setMs))}
First page of the run, with the engine's service worker just started: ${rows[0].name}, ${ROUTES.map((r) => `${r} ${rows[0][r].paintedMs.toFixed(1)} ms`).join(', ')}, peer ${rows[0].peer.paintedMs.toFixed(1)} ms.`);
}

// BENCH_BROWSER=firefox runs the same pages in Firefox ESR (without the peer's plot).
const launch = process.env.BENCH_BROWSER === 'firefox' ? firefox : chromium;
await main();
