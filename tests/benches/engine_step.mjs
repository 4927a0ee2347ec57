// The engine step alone, as the extension's background runs it: a page's
// snapshot text in, the JSON answer out. Snapshots are taken by the real
// walker (extension/walker.js) in headless Chromium from corpus pages served
// on 127.0.0.1; the wasm then runs in Node, warm, best of 15 calls, best of
// three rounds. Run by ./build.sh bench, after ./build.sh. PKG=<dir> times
// another build of the module (a wasm-bindgen --target web output folder).
//   node tests/benches/engine_step.mjs [page ...]      (default: bbc-1 wikipedia wikipedia-2)
import fs from 'node:fs';
import path from 'node:path';

import { CHROMIUM_ARGS, DIST, ROOT, serve, SHARED } from '../browser/harness.mjs';

const PKG = path.resolve(process.env.PKG ?? path.join(DIST, 'pkg'));
const names = process.argv.slice(2).length ? process.argv.slice(2) : ['bbc-1', 'wikipedia', 'wikipedia-2'];
const CORPUS = path.join(SHARED, 'corpus', 'readability-pages');
if (!fs.existsSync(CORPUS)) {
  console.log(`skipped: the shared corpus is missing at ${CORPUS}`);
  process.exit(0);
}

const pages = Object.fromEntries(names.map((n) => [n, { html: fs.readFileSync(path.join(CORPUS, n, 'source.html'), 'utf8') }]));
const server = await serve(pages, { 'walker.js': fs.readFileSync(path.join(ROOT, 'extension', 'walker.js'), 'utf8') });
const { default: puppeteer } = await import('puppeteer-core');
const browser = await puppeteer.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, pipe: true, args: CHROMIUM_ARGS });
const snapshots = {};
try {
  for (const n of names) {
    const page = await browser.newPage();
    await page.goto(server.url(n), { waitUntil: 'load' });
    await page.addScriptTag({ url: server.url('walker.js') });
    snapshots[n] = await page.evaluate(() => globalThis.SourcelightWalker.snapshot(document.body).snapshot);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}

const { initSync, annotateSnapshot, loadLanguage } = await import(path.join(PKG, 'sourcelight.js'));
// Cold first: what an engine started afresh in each page would pay (each
// activation injects a new content script), against the warm engine the
// background keeps. This process has not compiled the module before.
const bytes = fs.readFileSync(path.join(PKG, 'sourcelight_bg.wasm'));
const c0 = performance.now();
initSync({ module: bytes });
loadLanguage(fs.readFileSync(path.join(PKG, 'en.lexicon.txt'), 'utf8'), fs.readFileSync(path.join(PKG, 'en.student')));
const c1 = performance.now();
annotateSnapshot(snapshots[names[0]], [], '2026-01-01T00:00:00Z', []);
const c2 = performance.now();
console.log(`cold, in a fresh process: compile + instantiate + the language's data ${(c1 - c0).toFixed(2)} ms, then the first call (${names[0]}) ${(c2 - c1).toFixed(2)} ms`);
const wasmBytes = bytes.length;
console.log(`engine step (${path.relative(ROOT, PKG) || PKG}, ${wasmBytes} bytes of wasm), warm, best of 15 calls x 3 rounds:`);
for (const n of names) {
  let best = Infinity;
  let answer = '';
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < 15; i++) {
      const t0 = performance.now();
      answer = annotateSnapshot(snapshots[n], [], '2026-01-01T00:00:00Z', []);
      best = Math.min(best, performance.now() - t0);
    }
  }
  console.log(`  ${n}: snapshot ${snapshots[n].length} chars, answer ${answer.length} chars: ${best.toFixed(2)} ms`);
}
