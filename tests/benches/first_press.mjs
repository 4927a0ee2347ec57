// The first press after the background starts (./build.sh bench): a fresh
// headless Chromium each round, so the extension's service worker starts
// cold and must compile the module, load the student's weights and warm up
// while the page takes its snapshot; then the press on one page, timed from
// the press reaching the page to highlights set (content.js's timing).
// SOURCELIGHT_DIST picks the build, so two builds compare in one run:
//   node tests/benches/first_press.mjs                     # dist/
//   SOURCELIGHT_DIST=/other/dist node tests/benches/first_press.mjs
// BENCH_ROUNDS (default 7) fresh browsers per page; BENCH_PAGES the pages.
import fs from 'node:fs';
import path from 'node:path';

import { chromium, DIST, median, pressUntilPainted, serve, SHARED } from '../browser/harness.mjs';

const CORPUS = path.join(SHARED, 'corpus', 'readability-pages');
const PAGES = (process.env.BENCH_PAGES ?? 'js-link-replacement,bbc-1').split(',');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);

async function main() {
  if (!fs.existsSync(CORPUS)) throw new Error(`${CORPUS} is missing: the bench reads the shared corpus`);
  const pages = {};
  for (const n of PAGES) pages[n] = { html: fs.readFileSync(path.join(CORPUS, n, 'source.html'), 'utf8') };
  const server = await serve(pages);
  const out = {};
  try {
    for (const name of PAGES) {
      out[name] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const b = await chromium();
        try {
          await b.open(server.url(name));
          const { status } = await pressUntilPainted(b, name);
          out[name].push(status.timing.totalMs);
        } finally {
          await b.close();
        }
      }
    }
  } finally {
    await server.close();
  }
  console.log(`first press after the background starts, ${DIST} (${ROUNDS} fresh browsers a page; press to highlights set, ms)`);
  console.log('| page | median | min | max |');
  console.log('|---|---|---|---|');
  for (const [name, xs] of Object.entries(out)) {
    console.log(`| ${name} | ${median(xs).toFixed(1)} | ${Math.min(...xs).toFixed(1)} | ${Math.max(...xs).toFixed(1)} |`);
  }
}

await main();
