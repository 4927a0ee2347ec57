// Extraction benchmark (./build.sh bench): the shingle F1 of the public
// article-extraction benchmarks (../shared/corpus/news-pages/README.md) for
// our extractor (`sourcelight extract`, the same Rust the wasm runs) and for
// @mozilla/readability from npm, run on the same HTML in headless Chromium
// (parsed with the inert DOMParser, as the playground does), on
//   - the 55 news pages against their ground truth, and
//   - the readability corpus against its expected.html (read in full by
//     `sourcelight extract --whole`)
// Prints per-page and overall figures, the pages where we lose most, and the
// Markdown for BENCHMARKS.md; writes target/bench/extraction.json.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

import { CHROMIUM_ARGS, ROOT, SHARED } from '../browser/harness.mjs';

const require = createRequire(path.join(ROOT, 'tests', 'package.json'));
const CLI = path.join(ROOT, 'target', 'release', 'sourcelight');
const OUT = path.join(ROOT, 'target', 'bench');
const NEWS = path.join(SHARED, 'corpus', 'news-pages');
const READABILITY = path.join(SHARED, 'corpus', 'readability-pages');

// ---- the benchmark's score (its public definition; src/shingles.rs is ours) --

const tokens = (text) => text.match(/[\p{L}\p{N}\p{M}_]+/gu) ?? [];

function shingles(text) {
  const t = tokens(text);
  const m = new Map();
  if (!t.length) return m;
  const count = Math.max(1, t.length - 3);
  for (let i = 0; i < count; i++) {
    const k = t.slice(i, i + 4).join('\u0001');
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

function score(truth, predicted) {
  const ts = shingles(truth);
  const ps = shingles(predicted);
  let tp = 0, fp = 0, fn = 0;
  for (const [k, n] of ts) {
    const p = ps.get(k) ?? 0;
    tp += Math.min(n, p);
    fn += Math.max(0, n - p);
  }
  for (const [k, p] of ps) fp += Math.max(0, p - (ts.get(k) ?? 0));
  const ratio = (a, b) => (b === 0 ? 1 : a / b);
  return { precision: ratio(tp, tp + fp), recall: ratio(tp, tp + fn) };
}

const f1 = (p, r) => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

function overall(rows, key) {
  const n = rows.length || 1;
  const precision = rows.reduce((s, r) => s + r[key].precision, 0) / n;
  const recall = rows.reduce((s, r) => s + r[key].recall, 0) / n;
  return { precision, recall, f1: f1(precision, recall), short: rows.filter((r) => r[key].chars < 200 && r.truthChars >= 200).length };
}

// ---- ours -------------------------------------------------------------------

/** Our body text per page id, from the CLI's JSON (one call per corpus). */
function ours(dir) {
  const raw = execFileSync(CLI, ['extract', dir, '--format', 'json'], { maxBuffer: 1 << 30 }).toString();
  const reports = [].concat(JSON.parse(raw));
  const out = new Map();
  for (const r of reports) {
    const base = path.basename(r.file, '.html');
    out.set(base === 'source' ? path.basename(path.dirname(r.file)) : base, r.body);
  }
  return out;
}

// ---- Readability.js in Chromium -------------------------------------------------

async function readabilityIn(browser) {
  const page = await browser.newPage();
  await page.goto('about:blank');
  await page.addScriptTag({ content: fs.readFileSync(require.resolve('@mozilla/readability/Readability.js'), 'utf8') });
  return async (html) =>
    page.evaluate((source) => {
      const doc = new DOMParser().parseFromString(source, 'text/html');
      const article = new globalThis.Readability(doc).parse();
      return article ? article.textContent : '';
    }, html);
}

async function main() {
  if (!fs.existsSync(NEWS)) throw new Error(`${NEWS} is missing: the extraction benchmark reads the shared corpus`);
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run ./build.sh first`);
  const { default: puppeteer } = await import('puppeteer-core');
  const browser = await puppeteer.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, pipe: true, args: CHROMIUM_ARGS });
  const readability = await readabilityIn(browser);
  const truthOfNews = JSON.parse(fs.readFileSync(path.join(NEWS, 'ground-truth.json'), 'utf8'));
  const sets = [];
  try {
    // News pages: ground truth as people marked it.
    const oursNews = ours(NEWS);
    const news = [];
    for (const [id, t] of Object.entries(truthOfNews)) {
      const html = fs.readFileSync(path.join(NEWS, `${id}.html`), 'utf8');
      const body = oursNews.get(id) ?? '';
      const theirs = await readability(html);
      news.push({ id, truthChars: t.articleBody.length, ours: { ...score(t.articleBody, body), chars: body.length }, readability: { ...score(t.articleBody, theirs), chars: theirs.length } });
    }
    sets.push({ name: 'news pages (ground truth)', rows: news });
    // Readability corpus: its expected.html, read in full by our reader.
    const oursRead = ours(READABILITY);
    const expected = new Map();
    const expectedFiles = fs.readdirSync(READABILITY).map((d) => path.join(READABILITY, d, 'expected.html')).filter((f) => fs.existsSync(f));
    for (const r of [].concat(JSON.parse(execFileSync(CLI, ['extract', '--whole', '--format', 'json', ...expectedFiles], { maxBuffer: 1 << 30 }).toString()))) {
      expected.set(path.basename(path.dirname(r.file)), r.body);
    }
    const read = [];
    for (const id of [...expected.keys()].sort()) {
      const html = fs.readFileSync(path.join(READABILITY, id, 'source.html'), 'utf8');
      const t = expected.get(id);
      const body = oursRead.get(id) ?? '';
      const theirs = await readability(html);
      read.push({ id, truthChars: t.length, ours: { ...score(t, body), chars: body.length }, readability: { ...score(t, theirs), chars: theirs.length } });
    }
    sets.push({ name: 'readability corpus (expected.html)', rows: read });
  } finally {
    await browser.close();
  }

  fs.mkdirSync(OUT, { recursive: true });
  fs.writeFileSync(path.join(OUT, 'extraction.json'), JSON.stringify(sets, null, 2));
  const fmt = (x) => x.toFixed(3);
  console.log('| pages | ours P | ours R | ours F1 | ours < 200 chars | Readability.js P | R | F1 | < 200 chars |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const s of sets) {
    const o = overall(s.rows, 'ours');
    const r = overall(s.rows, 'readability');
    console.log(`| ${s.name}, ${s.rows.length} | ${fmt(o.precision)} | ${fmt(o.recall)} | **${fmt(o.f1)}** | ${o.short} | ${fmt(r.precision)} | ${fmt(r.recall)} | ${fmt(r.f1)} | ${r.short} |`);
  }
  for (const s of sets) {
    const f = (x) => f1(x.precision, x.recall);
    const worst = [...s.rows].sort((a, b) => (f(a.ours) - f(a.readability)) - (f(b.ours) - f(b.readability))).slice(0, 8);
    console.log(`\nWhere we lose most to Readability.js, ${s.name}:\n`);
    console.log('| page | ours F1 (P / R) | Readability.js F1 (P / R) |');
    console.log('|---|---|---|');
    for (const w of worst) {
      console.log(`| ${w.id} | ${fmt(f(w.ours))} (${fmt(w.ours.precision)} / ${fmt(w.ours.recall)}) | ${fmt(f(w.readability))} (${fmt(w.readability.precision)} / ${fmt(w.readability.recall)}) |`);
    }
  }
  if (process.env.BENCH_VERBOSE) {
    for (const s of sets) for (const r of s.rows) console.log(`${s.name}\t${r.id}\t${fmt(f1(r.ours.precision, r.ours.recall))}\t${fmt(f1(r.readability.precision, r.readability.recall))}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
