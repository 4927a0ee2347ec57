// Where one activation's time goes, from a performance trace of the browser
// (CDP Tracing, all processes), for the pages whose figures miss issue 6's
// budget. Headless Chromium with the packaged extension, as browser.mjs runs
// it: the page served from 127.0.0.1 under a strict CSP, the toolbar button
// pressed, the page's status read back. One warm-up activation on another
// page first, so the engine is warm, as it is for all but the first page of
// browser.mjs. Run by ./build.sh bench, after ./build.sh.
//   node tests/benches/trace.mjs [page ...]   (default: js-link-replacement pixnet wikipedia-2)
// For each page it prints the page thread's tasks from the activation
// reaching the page to the frame after the highlights, with what each did,
// the engine's tasks in the background, the frame ticks, and a summary; the
// raw traces go to target/bench/trace-<page>.json (DevTools, Performance,
// "Load profile" opens them).
import fs from 'node:fs';
import path from 'node:path';

import { chromium, pressUntilPainted, ROOT, SHARED, serve } from '../browser/harness.mjs';

const OUT = path.join(ROOT, 'target', 'bench');

const CORPUS = path.join(SHARED, 'corpus', 'readability-pages');
if (!fs.existsSync(CORPUS)) {
  console.log(`skipped: the shared corpus is missing at ${CORPUS}`);
  process.exit(0);
}
const names = process.argv.slice(2).length ? process.argv.slice(2) : ['js-link-replacement', 'pixnet', 'wikipedia-2'];
const WARM_UP = 'bbc-1';
const CSP = "script-src 'self'; object-src 'none'";
const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.frame', 'v8.execute', 'toplevel'];

const ms = (us) => us / 1000;
const f1 = (x) => x.toFixed(1);

/** Presses the button on the open page and waits for the highlights to be painted; returns the page's timing. */
async function activation(b, name) {
  const { popup, status } = await pressUntilPainted(b, name);
  await popup.close();
  return status.timing;
}

/** The summed time of the events named `name`, counting nested ones once. */
function total(inside, name) {
  let sum = 0;
  let until = -1;
  for (const e of inside) {
    if (e.name !== name || e.ts < until) continue;
    sum += ms(e.dur ?? 0);
    until = e.ts + (e.dur ?? 0);
  }
  return sum;
}

/** The thread's top-level slices (complete events inside no other). */
function topLevel(events) {
  const out = [];
  let until = -1;
  for (const e of events) {
    if (e.ph !== 'X' || e.ts < until) continue;
    out.push(e);
    until = e.ts + (e.dur ?? 0);
  }
  return out;
}

const SCRIPT = new Set(['FunctionCall', 'EvaluateScript', 'RunMicrotasks', 'TimerFire', 'FireAnimationFrame', 'v8.callFunction']);
const FRAME = new Set(['BeginMainThreadFrame', 'UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint']);

/** What a top-level task on the page's thread did, from the events inside it.
 * The pages' own scripts are blocked by the CSP they are served with, so the
 * script that runs in these tasks is ours. */
function kind(inside) {
  const parts = [];
  for (const [name, label] of [['UpdateLayoutTree', 'style'], ['Layout', 'layout'], ['PrePaint', 'prepaint'], ['Paint', 'paint'], ['Layerize', 'layerize'], ['Commit', 'commit'], ['MajorGC', 'major GC'], ['MinorGC', 'minor GC']]) {
    const t = total(inside, name);
    if (t >= 0.05) parts.push(`${label} ${f1(t)}`);
  }
  const script = inside.some((e) => SCRIPT.has(e.name));
  const frame = inside.some((e) => FRAME.has(e.name));
  return { who: script && frame ? 'script + frame' : script ? 'script' : frame ? 'frame' : 'other', parts };
}

function profile(unsorted, timing, extension) {
  // In time order, an enclosing slice before what it encloses.
  const events = [...unsorted].sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const thread = {};
  const processName = {};
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') thread[`${e.pid}:${e.tid}`] = e.args.name;
  for (const e of events) if (e.ph === 'M' && e.name === 'process_name') processName[e.pid] = e.args.name;
  // Calls into our content script on a page's main thread (not the panel's).
  const ourCalls = events.filter((e) => e.name === 'FunctionCall' && String(e.args?.data?.url ?? '').startsWith(extension) && thread[`${e.pid}:${e.tid}`] === 'CrRendererMain' && processName[e.pid] === 'Renderer');
  // The painted mark is taken in the last of them (a timer after the frame);
  // the trace's clock is aligned on it, and its thread is the page's.
  const paintedCall = ourCalls.at(-1);
  if (!paintedCall) throw new Error('the trace has no call into the content script on a page thread');
  const { pid, tid } = paintedCall;
  const end = paintedCall.ts + (paintedCall.dur ?? 0);
  const start = end - timing.paintedMs * 1000;
  const at = (ts) => ms(ts - start);
  // The background received the request this long before (wall-clock marks on both sides).
  const asked = Number.isFinite(timing.fromAskedMs) ? end - timing.fromAskedMs * 1000 : null;
  const before = asked === null ? [] : events.filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && e.ts >= asked && e.ts < start);
  const injection = before.filter((e) => e.name === 'EvaluateScript' && String(e.args?.data?.url ?? '').startsWith(extension)).map((e) => ({ t: at(e.ts), dur: ms(e.dur) }));
  const styles = before.filter((e) => e.name === 'UpdateLayoutTree').map((e) => ({ t: at(e.ts), dur: ms(e.dur) }));
  const main = events.filter((e) => e.pid === pid && e.tid === tid && e.ts >= start - 1000 && e.ts <= end + 1000);
  const tasks = topLevel(main);
  const rows = [];
  for (const t of tasks) {
    const inside = main.filter((e) => e.ts >= t.ts && e.ts <= t.ts + t.dur && e !== t);
    const k = kind(inside);
    if (ms(t.dur) < 0.2 && k.who === 'other') continue;
    rows.push({ t: at(t.ts), dur: ms(t.dur), ...k });
  }
  // The page's frames: when the compositor began each one.
  const compositor = events.filter((e) => e.pid === pid && thread[`${e.pid}:${e.tid}`] === 'Compositor' && e.name === 'BeginFrame' && e.ts >= start - 20_000 && e.ts <= end);
  const raf = main.filter((e) => e.name === 'RequestAnimationFrame').at(-1);
  // The frame that painted the highlights: the first the page thread began after asking for it.
  const frame = raf && main.find((e) => e.name === 'BeginMainThreadFrame' && e.ts >= raf.ts);
  // The engine: the background's tasks (the service worker thread) in the window.
  const sw = topLevel(events.filter((e) => thread[`${e.pid}:${e.tid}`] === 'ServiceWorker thread' && e.ts >= start && e.ts <= end)).filter((e) => e.dur >= 100);
  return { asked: asked === null ? null : at(asked), injection, styles, rows, ticks: compositor.map((e) => at(e.ts)), raf: raf ? at(raf.ts) : null, frame: frame ? at(frame.ts) : null, sw: sw.map((e) => ({ t: at(e.ts), dur: ms(e.dur) })), set: timing.totalMs, painted: timing.paintedMs };
}

function report(name, nodes, p) {
  const lines = [`### ${name} (${nodes} nodes): set ${f1(p.set)} ms, painted ${f1(p.painted)} ms`, '', '| from the activation (ms) | task (ms) | on the page thread | what the trace shows inside |', '|---|---|---|---|'];
  for (const r of p.rows) lines.push(`| ${f1(r.t)} | ${f1(r.dur)} | ${r.who} | ${r.parts.join(', ')} |`);
  const sum = (who) => p.rows.filter((r) => r.t >= 0 && r.who.includes(who)).reduce((a, r) => a + r.dur, 0);
  const busy = p.rows.filter((r) => r.t >= 0).reduce((a, r) => a + r.dur, 0);
  const ticks = p.ticks.filter((t) => t >= -1);
  lines.push('', `- Frame ticks (the compositor's BeginFrame, ms from the activation): ${ticks.map(f1).join(', ') || 'none'} (a tick comes every 16.7 ms while the page asks for frames).`);
  const wait = p.raf !== null && p.frame !== null ? p.frame - p.raf : null;
  lines.push(`- Highlights set at ${f1(p.set)} ms; the next frame was asked for at ${p.raf === null ? '?' : f1(p.raf)} ms and the page thread began it at ${p.frame === null ? '?' : f1(p.frame)} ms (${wait === null ? '?' : f1(wait)} ms waiting for a tick); painted ${f1(p.painted)} ms.`);
  lines.push(`- Page thread busy ${f1(busy)} of ${f1(p.painted)} ms: tasks with our script ${f1(sum('script'))} ms, of which tasks that also ran a frame ${f1(sum('+ frame'))} ms; frames alone ${f1(p.rows.filter((r) => r.t >= 0 && r.who === 'frame').reduce((a, r) => a + r.dur, 0))} ms; other ${f1(sum('other'))} ms.`);
  if (p.asked !== null) {
    const list = (xs) => xs.map((x) => `${f1(x.dur)} ms at ${f1(x.t)}`).join(', ') || 'none';
    lines.push(`- Before that: the background received the request at ${f1(p.asked)} ms (so painted ${f1(p.painted - p.asked)} ms after it); on the page thread meanwhile, our style sheet's style recalculation ${list(p.styles)}, and the evaluation of our three scripts ${list(p.injection)}.`);
  }
  lines.push(`- Background (engine) tasks in the window: ${p.sw.length ? p.sw.map((s) => `${f1(s.dur)} ms at ${f1(s.t)}`).join(', ') : 'none over 0.1 ms'}.`);
  return lines.join('\n');
}

const pages = Object.fromEntries([WARM_UP, ...names].map((n) => [n, { html: fs.readFileSync(path.join(CORPUS, n, 'source.html'), 'utf8'), csp: CSP }]));
const server = await serve(pages);
const b = await chromium();
try {
  await b.open(server.url(WARM_UP));
  await activation(b, WARM_UP);
  await b.closePage();
  for (const name of names) {
    await b.open(server.url(name));
    await b.startTrace(CATEGORIES);
    const timing = await activation(b, name);
    const events = await b.stopTrace();
    // The raw trace, to open in the browser's performance panel.
    fs.mkdirSync(OUT, { recursive: true });
    fs.writeFileSync(path.join(OUT, `trace-${name}.json`), JSON.stringify({ traceEvents: events }));
    console.log(report(name, timing.nodes, profile(events, timing, 'chrome-extension://')), '\n');
    await b.closePage();
  }
} finally {
  await b.close();
  await server.close();
}
