// Playground responsiveness (./build.sh bench): pastes ~1 MB of text into the
// playground in headless Chromium (system clipboard, Ctrl+V) and records the
// main thread's long tasks (Long Tasks API) until every sentence is shown,
// with the same paste into a bare <textarea> as the browser's own baseline.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { CHROMIUM_ARGS, DIST, SHARED, sleep, until } from '../browser/harness.mjs';

const SIZE = Number(process.env.PASTE_BYTES ?? 1_000_000);
const seed = fs.readFileSync(path.join(SHARED, 'corpus', 'seed-article.txt'), 'utf8');
const text = Array.from({ length: Math.ceil(SIZE / seed.length) }, () => seed).join('\n\n');

const bare = fs.mkdtempSync('/tmp/sl-bare-');
fs.writeFileSync(path.join(bare, 'index.html'), '<!doctype html><textarea id="input"></textarea>');

function http(dir, port) {
  return spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', dir], { stdio: 'ignore' });
}

async function measure(browser, url, doneExpr) {
  const page = await browser.newPage();
  await page.setViewport({ width: 1200, height: 900 });
  await page.goto(url, { waitUntil: 'load' });
  await until(() => page.evaluate("!document.getElementById('status') || document.getElementById('status').textContent.startsWith('Ready')"), 'the page');
  await page.evaluate(() => {
    window.__lt = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lt.push(e.duration); }).observe({ type: 'longtask' });
  });
  await browser.defaultBrowserContext().overridePermissions(new URL(url).origin, ['clipboard-read', 'clipboard-sanitized-write']);
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.focus('#input');
  const t0 = Date.now();
  await page.keyboard.down('Control');
  await page.keyboard.press('KeyV');
  await page.keyboard.up('Control');
  const pasted = Date.now() - t0;
  await until(() => page.evaluate(doneExpr), 'the result', 120_000);
  const shown = Date.now() - t0;
  await sleep(300);
  const tasks = await page.evaluate(() => window.__lt.map(Math.round));
  const sentences = await page.evaluate("document.querySelectorAll('#reading .sentence').length");
  await page.close();
  return { pasted, shown, tasks, sentences };
}

const { default: puppeteer } = await import('puppeteer-core');
const servers = [http(path.join(DIST, 'www'), 8791), http(bare, 8792)];
await sleep(1000);
const browser = await puppeteer.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, protocolTimeout: 600_000 });
try {
  const base = await measure(browser, 'http://127.0.0.1:8792/', "document.getElementById('input').value.length > 0");
  const ours = await measure(browser, 'http://127.0.0.1:8791/', "/sentences, annotated in \\d+ ms\\.$/.test(document.getElementById('status').textContent)");
  const rest = ours.tasks.slice(1);
  console.log(`Pasted ${text.length.toLocaleString('en')} characters (${ours.sentences.toLocaleString('en')} sentences).
| | bare <textarea> | playground |
|---|---|---|
| paste handled (Ctrl+V returned) | ${base.pasted} ms | ${ours.pasted} ms |
| everything annotated and shown | — | ${ours.shown} ms |
| long tasks (≥ 50 ms) | ${base.tasks.join(', ') || 'none'} | ${ours.tasks.join(', ') || 'none'} |
| longest task after the paste itself | — | ${rest.length ? Math.max(...rest) : 0} ms (${rest.length} tasks over 50 ms) |`);
} finally {
  await browser.close();
  for (const s of servers) s.kill();
}
