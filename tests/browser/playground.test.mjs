// The playground (www/) in real headless Chromium, served by `./build.sh
// serve`: a pasted article gets the CLI's labels, the export downloads valid
// JSON, a tooltip opens on keyboard focus, and a 1 MB paste is annotated and
// shown in full.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  CHROMIUM_ARGS, cliAnnotateText, downloaded, downloadedText, parseCsv, readCorrectionForm, readTooltip, requireShared, ROOT, SHARED, until,
} from './harness.mjs';

requireShared();
const SEED = fs.readFileSync(path.join(SHARED, 'corpus', 'seed-article.txt'), 'utf8');

/** Starts `./build.sh serve` on a free port (no rebuild: the test run built it). */
async function startServe() {
  const child = spawn(path.join(ROOT, 'build.sh'), ['serve'], {
    env: { ...process.env, PORT: '0', SOURCELIGHT_NO_BUILD: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  const port = await until(() => out.match(/port (\d+)/)?.[1], 'build.sh serve to listen', 60_000)
    .catch((e) => { throw new Error(`${e.message}\n${out}`); });
  return { url: `http://127.0.0.1:${port}/`, stop: () => process.kill(-child.pid, 'SIGTERM') };
}

/** Pastes `text` into the focused element: the system clipboard, then Ctrl+V. */
async function paste(browser, page, text) {
  await browser.defaultBrowserContext().overridePermissions(new URL(page.url()).origin, ['clipboard-read', 'clipboard-sanitized-write']);
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.keyboard.down('Control');
  await page.keyboard.press('KeyV');
  await page.keyboard.up('Control');
}

const fromPage = `(() => ({
  sentences: [...document.querySelectorAll('#reading .sentence')].map((e) => [e.textContent, e.dataset.label]),
  counts: Object.fromEntries(['sourced', 'unsourced', 'speculative', 'none'].map((k) => [k, Number(document.getElementById('n-' + k).textContent)])),
  listed: document.querySelectorAll('#list li').length,
  status: document.getElementById('status').textContent,
}))()`;

describe('playground in chromium', { concurrency: 1 }, () => {
  let server;
  let browser;
  let page;
  let errors = [];
  const downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-pg-dl-'));

  before(async () => {
    server = await startServe();
    const { default: puppeteer } = await import('puppeteer-core');
    browser = await puppeteer.launch({
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      headless: true,
      userDataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'sl-pg-')),
      args: CHROMIUM_ARGS,
    });
    page = await browser.newPage();
    await page.setViewport({ width: 1200, height: 900 });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    const cdp = await page.createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads, eventsEnabled: true });
    await page.goto(server.url, { waitUntil: 'load' });
    await until(() => page.evaluate("document.getElementById('status').textContent.startsWith('Ready')"), 'the engine to load');
  });
  after(async () => {
    await browser?.close();
    server?.stop();
  });

  test('pasting the seed article gives the CLI labels and counts', async () => {
    errors = [];
    await page.focus('#input');
    await paste(browser, page, SEED);
    const cli = cliAnnotateText(SEED);
    const got = await until(async () => {
      const r = await page.evaluate(fromPage);
      return r.sentences.length === cli.sentences.length && /annotated in/.test(r.status) && !/showing/.test(r.status) ? r : null;
    }, `${cli.sentences.length} sentences on the page`);
    assert.deepEqual(got.sentences, cli.sentences.map((s) => [s.text, s.label]));
    for (const k of ['sourced', 'unsourced', 'speculative', 'none']) assert.equal(got.counts[k], cli.summary[k], k);
    assert.equal(got.listed, cli.sentences.filter((s) => s.label !== 'none').length);
    // All three labels show up on the seed article.
    for (const k of ['sourced', 'unsourced', 'speculative']) assert.ok(got.counts[k] > 0, k);
    assert.deepEqual(errors, []);
  });

  test('Download JSON saves the documented JSON; W3C too', async () => {
    for (const f of fs.readdirSync(downloads)) fs.rmSync(path.join(downloads, f));
    const cli = cliAnnotateText(SEED);
    await page.click('#download-json');
    const json = await downloaded(downloads, '.sourcelight.json');
    const file = fs.readdirSync(downloads).find((f) => f.endsWith('.sourcelight.json'));
    assert.equal(json.schema, 'sourcelight/annotations@2');
    assert.deepEqual(json.sentences.map((s) => [s.text, s.label]), cli.sentences.map((s) => [s.text, s.label]));
    assert.deepEqual(json.summary, cli.summary);
    assert.match(file, /^opinion-the-kremlin-de-facto-challenges-the-us-to-surrender/);
    await page.click('#download-w3c');
    const w3c = await downloaded(downloads, '.w3c.json');
    assert.equal(w3c.type, 'AnnotationCollection');
    assert.equal(w3c.first.items.length, cli.sentences.filter((s) => s.label !== 'none').length);
  });

  test('keyboard: Tab reaches the text, a tooltip opens on focus, arrows move, Esc closes; screenshot', async () => {
    await page.evaluate("document.getElementById('input').focus()");
    // Tab from the input box until a sentence has focus (the text holds one tab stop).
    let tag = '';
    for (let k = 0; k < 20 && tag !== 'sentence'; k++) {
      await page.keyboard.press('Tab');
      tag = await page.evaluate("document.activeElement.className");
    }
    assert.equal(tag, 'sentence', 'a sentence reached with Tab');
    const first = await page.evaluate("document.activeElement.dataset.label");
    if (first !== 'none') assert.ok(await until(() => page.evaluate(readTooltip), 'the tooltip on focus'));
    // Alt+Shift+Down: the next unsourced or speculative sentence, with its tooltip.
    await page.keyboard.down('Alt');
    await page.keyboard.down('Shift');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.up('Shift');
    await page.keyboard.up('Alt');
    const label = await page.evaluate("document.activeElement.dataset.label");
    assert.match(label, /^(unsourced|speculative)$/);
    const tip = await until(() => page.evaluate(readTooltip), 'the tooltip of the flagged sentence');
    assert.match(tip, /Unsourced|Speculative/);
    await page.keyboard.press('Escape');
    await until(async () => (await page.evaluate(readTooltip)) === null, 'Escape to close the tooltip');
    // Screenshot: a sourced sentence, focused from the side panel, with its tooltip.
    await page.select('#filter', 'sourced');
    const visible = await page.evaluate("[...document.querySelectorAll('#list li')].filter((li) => li.offsetParent).map((li) => li.dataset.label)");
    assert.ok(visible.length > 0 && visible.every((l) => l === 'sourced'), 'the filter shows sourced sentences only');
    await page.evaluate("[...document.querySelectorAll('#list li')].filter((li) => li.offsetParent)[1].querySelector('button').focus()");
    await page.keyboard.press('Enter');
    const shown = await until(() => page.evaluate(readTooltip), 'the tooltip after choosing from the list');
    assert.match(shown, /Sourced/);
    assert.match(shown, /Source:/);
    const file = path.join(ROOT, 'tests', 'screenshots', 'playground.png');
    await page.screenshot({ path: file });
    assert.ok(fs.statSync(file).size > 10_000);
    await page.select('#filter', 'all');
  });

  test('a reload keeps the pasted text', async () => {
    const before = await page.evaluate("document.getElementById('input').value");
    await page.reload({ waitUntil: 'load' });
    await until(() => page.evaluate("document.querySelectorAll('#reading .sentence').length > 0"), 'the kept text to be annotated again');
    assert.equal(await page.evaluate("document.getElementById('input').value"), before);
  });

  test('corrections: by keyboard, in the exports, kept over a reload, cleared', async () => {
    for (const f of fs.readdirSync(downloads)) fs.rmSync(path.join(downloads, f));
    const alt = async (key) => {
      await page.keyboard.down('Alt');
      await page.keyboard.down('Shift');
      await page.keyboard.press(key);
      await page.keyboard.up('Shift');
      await page.keyboard.up('Alt');
    };
    await page.evaluate("document.querySelector('#reading .sentence').focus()");
    await alt('ArrowDown');
    const { text, label } = await page.evaluate("({ text: document.activeElement.textContent, label: document.activeElement.dataset.label })");
    const ALL = ['sourced', 'unsourced', 'speculative', 'none'];
    const want = ALL[(ALL.indexOf(label) + 1) % ALL.length];
    const labelOf = `[...document.querySelectorAll('#reading .sentence')].find((e) => e.textContent === ${JSON.stringify(text)})?.dataset.label`;
    await alt('KeyC');
    assert.deepEqual(await until(() => page.evaluate(readCorrectionForm), 'the correction form'), { chosen: label, focus: 'sl-label' });
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Says who?');
    await page.keyboard.press('Enter');
    await until(async () => (await page.evaluate(labelOf)) === want, `the sentence relabeled ${want}`);
    const tip = await until(() => page.evaluate(readTooltip), 'the tooltip after the correction');
    assert.match(tip, /corrected by you/);
    assert.match(tip, /Says who\?/);
    assert.equal(await page.evaluate("document.getElementById('corrected').textContent"), 'You corrected 1 sentence.');

    await page.click('#download-json');
    const json = await downloaded(downloads, '.sourcelight.json');
    const fixed = json.sentences.filter((x) => x.correction);
    assert.deepEqual(fixed.map((x) => [x.text, x.label, x.engine_label, x.correction.comment]), [[text, want, label, 'Says who?']]);
    await page.click('#download-csv');
    const csv = parseCsv((await downloadedText(downloads, '.sourcelight.csv', '\r\n')).replace(/^\uFEFF/, ''));
    const row = csv.find((r) => r[8] === text);
    assert.deepEqual([row[1], row[2], row[9]], [want, label, 'Says who?']);

    await page.reload({ waitUntil: 'load' });
    await until(async () => (await page.evaluate(labelOf)) === want, 'the correction kept over a reload');
    await page.click('#clear-corrections');
    await until(async () => (await page.evaluate(labelOf)) === label, 'the engine label back after clearing');
  });

  test('corrections by mouse: from a sentence to the tooltip\'s button, a label, Save, Undo', async () => {
    const at = await page.evaluate(`(() => {
      const e = [...document.querySelectorAll('#reading .sentence')].find((x) => x.dataset.label === 'sourced');
      e.scrollIntoView({ block: 'center' });
      const r = e.getClientRects()[0];
      return { x: r.left + 12, y: r.top + r.height / 2, text: e.textContent };
    })()`);
    const labelOf = `[...document.querySelectorAll('#reading .sentence')].find((e) => e.textContent === ${JSON.stringify(at.text)})?.dataset.label`;
    await page.mouse.move(at.x - 4, at.y);
    await page.mouse.move(at.x, at.y);
    await until(() => page.evaluate(readTooltip), 'the tooltip on hover');
    // Where a control of the tooltip is, in page coordinates.
    const where = (sel) => page.evaluate(`(() => {
      const e = document.querySelector('sourcelight-ui').shadowRoot.querySelector(${JSON.stringify(sel)});
      if (!e) return null;
      const r = e.getBoundingClientRect();
      if (r.bottom > innerHeight || r.top < 0) return null; // not where a pointer can reach it
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    })()`);
    const button = await where('button[data-action=tooltip_correct]');
    // Down to the button in small steps, across the gap under the line.
    await page.mouse.move(button.x, button.y, { steps: 12 });
    await page.mouse.click(button.x, button.y);
    await until(() => page.evaluate(readCorrectionForm), 'the form after the click');
    const radio = await where('input[value=unsourced]');
    await page.mouse.click(radio.x, radio.y);
    assert.equal((await page.evaluate(readCorrectionForm)).chosen, 'unsourced');
    const save = await where('button[data-action=save]');
    await page.mouse.click(save.x, save.y);
    await until(async () => (await page.evaluate(labelOf)) === 'unsourced', 'the sentence relabeled by mouse');
    try {
      // The tooltip redrawn after the pass, the pointer no longer on it: it stays, Undo with it.
      await until(async () => (await page.evaluate(readTooltip))?.includes('Correction saved.'), 'the tooltip to say it is saved')
        .catch(async (e) => assert.fail(`${e.message}: ${await page.evaluate(readTooltip)} / ${await page.evaluate("document.querySelector('sourcelight-ui').shadowRoot.firstChild.outerHTML.slice(0, 300)")}`));
      await new Promise((r) => setTimeout(r, 600)); // longer than the tooltip's grace before hiding
      const undo = await until(() => where('button[data-action=tooltip_undo]'), 'the Undo button still there');
      await page.mouse.click(undo.x, undo.y);
      await until(async () => (await page.evaluate(labelOf)) === 'sourced', 'Undo by mouse')
        .catch(async (e) => assert.fail(`${e.message}: ${JSON.stringify(undo)} ${await page.evaluate(readTooltip)} ${await page.evaluate("localStorage.getItem('sourcelight-playground-corrections')")} ${JSON.stringify(await where('button[data-action=tooltip_undo]'))} ${await page.evaluate(labelOf)}`));
      assert.equal(await page.evaluate("document.getElementById('corrected').hidden"), true);
    } finally {
      // Whatever happened, the next tests start without corrections.
      await page.evaluate("document.getElementById('clear-corrections').hidden || document.getElementById('clear-corrections').click()");
    }
  });

  test('1 MB pasted: annotated off the main thread and shown in full', async () => {
    errors = [];
    await page.click('#clear');
    // About 1 MB: the seed article repeated, as one paste.
    const big = Array.from({ length: Math.ceil(1_000_000 / SEED.length) }, () => SEED).join('\n\n');
    const cli = cliAnnotateText(big);
    await page.focus('#input');
    await paste(browser, page, big);
    assert.equal(await page.evaluate("document.getElementById('input').value.length"), big.length);
    // The main thread keeps answering while the worker annotates.
    const got = await until(async () => {
      const r = await page.evaluate(fromPage);
      return r.sentences.length === cli.sentences.length && !/showing|Annotating/.test(r.status) ? r : null;
    }, `${cli.sentences.length} sentences on the page`, 120_000);
    for (const k of ['sourced', 'unsourced', 'speculative', 'none']) assert.equal(got.counts[k], cli.summary[k], k);
    assert.deepEqual(got.sentences.slice(0, 60), cli.sentences.slice(0, 60).map((s) => [s.text, s.label]));
    assert.deepEqual(errors, []);
    await page.click('#clear');
  });

  test('hostile text stays text', async () => {
    await page.click('#clear');
    const evil = 'The mayor said <img src=x onerror="window.__pwned=1"> was fine. <script>window.__pwned=2</script> It is <b>not</b> a tag.';
    await page.select('#mode', 'text');
    await page.focus('#input');
    await paste(browser, page, evil);
    await until(() => page.evaluate("document.querySelectorAll('#reading .sentence').length > 0 && !/Annotating|showing/.test(document.getElementById('status').textContent)"), 'the text annotated');
    assert.equal(await page.evaluate('window.__pwned ?? null'), null);
    assert.equal(await page.evaluate("document.querySelectorAll('#reading img, #reading script, #reading b').length"), 0);
    assert.match(await page.evaluate("document.getElementById('reading').textContent"), /<img src=x onerror=/);
    await page.select('#mode', 'auto');
    await page.click('#clear');
  });
});
