// The in-page route's own costs, cold and warm, and a profile of each: what
// a press pays when the engine must start in the page (issue 17). Headless
// Chromium loads a corpus page from 127.0.0.1 and, in the page's own world
// (the content script's isolated world reads the same DOM through its own
// wrappers; the extension's figures are in tests/benches/browser.mjs):
//   cold: import the module's glue, fetch + compile + instantiate the wasm,
//         then the first annotatePage (the engine's construction, V8's
//         lazy compilation of each function on its first call, the first
//         touch of every node), in a fresh browser context each round;
//   warm: the median of 30 annotatePage calls after it (read / engine /
//         ranges, as the wasm times them).
// With PROFILE=1, a CPU profile (50 µs samples) of the cold sequence and of
// warm calls on the first page, top functions by self time; PROFILE_PKG
// names a build that keeps function names (./build.sh bench makes one).
//   node tests/benches/in_page.mjs [page ...]   (after ./build.sh)
import fs from 'node:fs';
import path from 'node:path';

import { CHROMIUM_ARGS, DIST, median, serve, SHARED } from '../browser/harness.mjs';

const PKG = path.resolve(process.env.PKG ?? path.join(DIST, 'pkg'));
const PROFILE_PKG = path.resolve(process.env.PROFILE_PKG ?? PKG);
const CORPUS = path.join(SHARED, 'corpus', 'readability-pages');
if (!fs.existsSync(CORPUS)) {
  console.log(`skipped: the shared corpus is missing at ${CORPUS}`);
  process.exit(0);
}
const names = process.argv.slice(2).length ? process.argv.slice(2) : ['js-link-replacement', 'bbc-1', 'nytimes-1', 'wikipedia', 'wikipedia-2'];
const ROUNDS = 3;
const WARM_CALLS = 30;

// The module as pkg/..., and the build with names as named/...
const files = (dir, prefix) => Object.fromEntries(['sourcelight.js', 'sourcelight_bg.wasm', 'en.lexicon.txt', 'en.student'].map((f) => [prefix + f, fs.readFileSync(path.join(dir, f))]));
const server = await serve(
  Object.fromEntries(names.map((n) => [n, { html: fs.readFileSync(path.join(CORPUS, n, 'source.html'), 'utf8') }])),
  { ...files(PKG, 'pkg/'), ...files(PROFILE_PKG, 'named/') },
);
const base = server.url('');

/** Runs in the page: the cold sequence, then `warmCalls` warm calls. */
async function inPage(pkg, warmCalls) {
  const t0 = performance.now();
  const m = await import(pkg + 'sourcelight.js');
  const t1 = performance.now();
  const [, lexicon, student] = await Promise.all([
    m.default({ module_or_path: pkg + 'sourcelight_bg.wasm' }),
    fetch(pkg + 'en.lexicon.txt').then((r) => r.text()),
    fetch(pkg + 'en.student').then((r) => r.arrayBuffer()),
  ]);
  m.loadLanguage(lexicon, new Uint8Array(student));
  const t2 = performance.now();
  const v = m.annotatePage(document.body, [], '', []);
  const t3 = performance.now();
  const first = v.timing;
  v.free();
  const warm = [];
  for (let i = 0; i < warmCalls; i++) {
    const a = performance.now();
    const w = m.annotatePage(document.body, [], '', []);
    warm.push([performance.now() - a, ...w.timing.slice(1)]);
    w.free();
  }
  return { importMs: t1 - t0, initMs: t2 - t1, firstMs: t3 - t2, nodes: first[0], first: first.slice(1), warm };
}

const ms = (x) => x.toFixed(1);

const { default: puppeteer } = await import('puppeteer-core');
const browser = await puppeteer.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, pipe: true, args: CHROMIUM_ARGS });
const rows = [];
try {
  for (const n of names) {
    const runs = [];
    for (let round = 0; round < ROUNDS; round++) {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      await page.goto(base + n, { waitUntil: 'load' });
      runs.push(await page.evaluate(inPage, base + 'pkg/', WARM_CALLS));
      await context.close();
    }
    const med = (f) => median(runs.map(f));
    const warm = (k) => median(runs.flatMap((r) => r.warm.map((w) => w[k])));
    rows.push(`| ${n} (${runs[0].nodes}) | ${ms(med((r) => r.importMs))} | ${ms(med((r) => r.initMs))} | ${ms(med((r) => r.firstMs))} `
      + `(${ms(med((r) => r.first[0]))} / ${ms(med((r) => r.first[1]))} / ${ms(med((r) => r.first[2]))}) | `
      + `${ms(med((r) => r.importMs + r.initMs + r.firstMs))} | ${ms(warm(0))} (${ms(warm(1))} / ${ms(warm(2))} / ${ms(warm(3))}) |`);
    console.error(rows.at(-1));
  }

  if (process.env.PROFILE) await profile(names[0]);
} finally {
  await browser.close();
  await server.close();
}

console.log(`In the page's own world, ${path.relative(process.cwd(), PKG) || PKG}; ms, median of ${ROUNDS} fresh contexts (warm: of ${ROUNDS} × ${WARM_CALLS} calls)`);
console.log('| page (nodes read) | import the glue | fetch + compile + instantiate | first call (read / engine / ranges) | cold in all | warm call (read / engine / ranges) |');
console.log('|---|---|---|---|---|---|');
for (const r of rows) console.log(r);

/** CPU profiles of the cold sequence and of warm calls on `name`. */
async function profile(name) {
  for (const phase of ['cold', 'warm']) {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.goto(base + name, { waitUntil: 'load' });
    const cdp = await page.createCDPSession();
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
    if (phase === 'warm') await page.evaluate(inPage, base + 'named/', 5);
    await cdp.send('Profiler.start');
    // The module is cached by URL: the warm phase's import finds it loaded.
    await page.evaluate(inPage, base + 'named/', phase === 'warm' ? 20 : 0);
    const { profile: p } = await cdp.send('Profiler.stop');
    await context.close();
    const byId = new Map(p.nodes.map((x) => [x.id, x]));
    const self = new Map();
    p.samples.forEach((id, i) => {
      const f = byId.get(id).callFrame;
      const key = `${f.functionName || '(anonymous)'}${f.url ? ' ' + f.url.split('/').pop() : ''}`;
      self.set(key, (self.get(key) ?? 0) + (p.timeDeltas[i + 1] ?? 0) / 1000);
    });
    const total = [...self.values()].reduce((a, b) => a + b, 0);
    console.log(`\nProfile, ${phase}, ${name}: ${ms(total)} ms sampled; top functions by self time`);
    for (const [key, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 20)) {
      console.log(`${ms(t).padStart(7)} ms ${(100 * t / total).toFixed(0).padStart(3)}%  ${key.replace(/::h[0-9a-f]{16}/g, '').slice(0, 110)}`);
    }
  }
}
