// Test harness: a page server on 127.0.0.1 and two drivers with one shape,
// headless Chromium (puppeteer-core over a pipe, so that CDP's
// Extensions.triggerAction can press the toolbar button) and headless Firefox
// ESR (geckodriver; the toolbar button is pressed from the browser's chrome
// context). Both load the packaged extension from dist/.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = process.env.SOURCELIGHT_DIST ?? path.join(ROOT, 'dist');
export const SHARED = process.env.SOURCELIGHT_SHARED ?? path.join(ROOT, '..', 'shared');
export const OUT = path.join(ROOT, 'tests', 'out');
const CLI = path.join(ROOT, 'target', 'release', 'sourcelight');
const FIREFOX_ID = 'sourcelight@sourcelight.example';

export const LABELS = ['sourced', 'unsourced', 'speculative'];
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** The middle value (the upper one of an even count), for the benchmarks. */
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const squash = (s) => s.replace(/\s+/g, ' ').trim();

export function requireShared() {
  if (!fs.existsSync(path.join(SHARED, 'corpus'))) {
    throw new Error(`the shared corpus is missing at ${SHARED}: these tests need ../shared beside the checkout`);
  }
}

// ---- pages ------------------------------------------------------------------

// Every page gets this script: it counts ticks (the page's own scripts keep
// running) and records uncaught errors in the page's world.
const PROBE = `window.__pageErrors = [];
addEventListener('error', (e) => window.__pageErrors.push(String(e.message)));
window.__ticks = 0; setInterval(() => { window.__ticks++; }, 20);`;
const STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'";

function withProbe(html) {
  const tag = '<script src="/probe.js"></script>';
  return /<head[^>]*>/i.test(html) ? html.replace(/<head[^>]*>/i, (m) => m + tag) : tag + html;
}

export function seedHtml() {
  return JSON.parse(fs.readFileSync(path.join(SHARED, 'corpus', 'labeled_seed.json'), 'utf8'))[0].html;
}

/** Serves named pages {name: {html, csp?}} and same-origin scripts
 * {name.js: source} (or modules {name.wasm: bytes}). Returns {url(name),
 * html(name), close()}. */
export async function serve(pages, scripts = {}) {
  const server = http.createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url, 'http://x').pathname.slice(1));
    if (name === 'probe.js' || Object.hasOwn(scripts, name)) {
      res.setHeader('content-type', name.endsWith('.wasm') ? 'application/wasm' : 'text/javascript');
      return res.end(name === 'probe.js' ? PROBE : scripts[name]);
    }
    const page = pages[name];
    if (!page) {
      res.statusCode = 404;
      return res.end('not found');
    }
    res.setHeader('content-type', 'text/html; charset=utf-8');
    if (page.csp) res.setHeader('content-security-policy', page.csp);
    res.end(withProbe(page.html));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  return {
    url: (name) => `http://127.0.0.1:${port}/${encodeURIComponent(name)}`,
    html: (name) => withProbe(pages[name].html),
    close: () => new Promise((r) => server.close(r)),
  };
}
serve.STRICT_CSP = STRICT_CSP;

/** What the CLI says of the same HTML (annotations@2 JSON). */
export function cliAnnotate(html, url, extra = []) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sl-')), 'page.html');
  fs.writeFileSync(file, html);
  const out = execFileSync(CLI, ['annotate', file, '--format', 'json', '--url', url, ...extra], { maxBuffer: 1 << 28 });
  return JSON.parse(out.toString());
}

/** What the CLI says of plain text (`annotate --text`). */
export function cliAnnotateText(text) {
  const out = execFileSync(CLI, ['annotate', '-', '--text', '--format', 'json'], { input: text, maxBuffer: 1 << 30 });
  return JSON.parse(out.toString());
}

/** What the CLI's labels mean for highlights: per label, the sentence texts. */
export function expectedHighlights(cli) {
  const out = Object.fromEntries(LABELS.map((l) => [l, []]));
  // A page in a language the engine has no data for is not painted.
  if (cli.unsupported_language) return out;
  for (const s of cli.sentences) if (out[s.label]) out[s.label].push(squash(s.text));
  return out;
}

/** Whether painted range text `got` spans sentence `want`: same ends, and
 * every character of `want` in order. */
export function spans(got, want) {
  const g = got.replace(/\s/g, '');
  const w = want.replace(/\s/g, '');
  const n = Math.min(8, w.length);
  if (!g.startsWith(w.slice(0, n)) || !g.endsWith(w.slice(-n))) return false;
  let k = 0;
  for (const c of g) if (c === w[k]) k++;
  return k === w.length;
}

// ---- in-page probes (run in the page's own world) -----------------------------

export const readHighlights = `(() => {
  const out = {};
  for (const l of ${JSON.stringify([...LABELS, 'focus'])}) {
    const h = CSS.highlights.get('sourcelight-' + l);
    // Array.from, not map: some test pages break Array.prototype.map.
    out[l] = h ? Array.from(h, (r) => r.toString()) : [];
  }
  return out;
})()`;

export const readTooltip = `(() => {
  const host = document.querySelector('sourcelight-ui');
  const tip = host && host.shadowRoot && host.shadowRoot.querySelector('[role=tooltip]');
  return tip && !tip.hidden ? tip.textContent : null;
})()`;

/** The correction form in the tooltip, if open: its role, the label chosen,
 * and what has the keyboard focus in it. */
export const readCorrectionForm = `(() => {
  const host = document.querySelector('sourcelight-ui');
  const tip = host && host.shadowRoot && host.shadowRoot.querySelector('[role=dialog]');
  if (!tip || tip.hidden || !tip.querySelector('form')) return null;
  const checked = tip.querySelector('input[name=sl-label]:checked');
  const focus = host.shadowRoot.activeElement;
  return { chosen: checked ? checked.value : null, focus: focus ? (focus.name || focus.localName) : null };
})()`;

// ---- Chromium ---------------------------------------------------------------

// As the machine notes advise: without the background-networking flags
// Chromium keeps trying hosts this closed network refuses.
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--window-size=1000,900',
  // Corpus pages name outside hosts; fail them at once instead of waiting on DNS.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'];

/** Headless Chromium with the packaged extension; `profile` reuses a
 * profile directory (a browser restarted keeps what the extension stored). */
export async function chromium({ profile = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-chromium-')) } = {}) {
  const { default: puppeteer } = await import('puppeteer-core');
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    pipe: true,
    enableExtensions: [path.join(DIST, 'chrome')],
    userDataDir: profile,
    args: CHROMIUM_ARGS,
  });
  // The extension registers shortly after launch.
  const [extId, extension] = await until(async () => [...(await browser.extensions())][0], 'the extension to load');
  const downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-dl-'));
  let page = null;
  let errors = [];
  // Every network request the browser logs (CDP Network events), from pages
  // and from the extension's service worker, with whether the extension made it.
  const net = [];
  const fromExtension = (initiator) => {
    const urls = [initiator?.url];
    for (let st = initiator?.stack; st; st = st.parent) for (const f of st.callFrames ?? []) urls.push(f.url);
    return urls.some((u) => String(u ?? '').startsWith('chrome-extension://'));
  };
  const watchWorker = async (target) => {
    if (target.type() !== 'service_worker' || !target.url().startsWith(`chrome-extension://${extId}/`)) return;
    const s = await target.createCDPSession().catch(() => null);
    if (!s) return;
    s.on('Network.requestWillBeSent', (e) => net.push({ url: e.request.url, extension: true }));
    await s.send('Network.enable').catch(() => {});
  };
  browser.on('targetcreated', (t) => { watchWorker(t); });
  for (const t of browser.targets()) await watchWorker(t);

  const api = {
    name: 'chromium',
    async open(url) {
      page = await browser.newPage();
      await page.setViewport({ width: 1000, height: 900 });
      errors = [];
      const cdp = await page.createCDPSession();
      await cdp.send('Runtime.enable');
      await cdp.send('Log.enable');
      await cdp.send('Network.enable');
      cdp.on('Network.requestWillBeSent', (e) => net.push({ url: e.request.url, extension: fromExtension(e.initiator) }));
      cdp.on('Runtime.exceptionThrown', (e) => errors.push(e.exceptionDetails?.exception?.description ?? e.exceptionDetails?.text));
      cdp.on('Log.entryAdded', (e) => e.entry.level === 'error' && !/Failed to load resource|ERR_NAME|net::/.test(e.entry.text) && errors.push(e.entry.text));
      page.on('console', (m) => m.type() === 'error' && !/Failed to load resource|ERR_NAME|net::/.test(m.text()) && errors.push(m.text()));
      await page.goto(url, { waitUntil: 'load' });
    },
    /** Reloads the page (the content script goes with it). */
    async reload() {
      await page.bringToFront();
      await page.reload({ waitUntil: 'load' });
    },
    eval: async (expr) => (await page.bringToFront(), page.evaluate(expr)),
    /** Presses the toolbar button, as a user would. */
    async activate() {
      await extension.triggerAction(page);
    },
    errors: () => errors,
    /** Starts noting the style sheets added to the page (CDP CSS domain);
     * returns a reader of their origins ("injected" for an extension's). */
    async watchSheets() {
      const cdp = await page.createCDPSession();
      const seen = [];
      cdp.on('CSS.styleSheetAdded', (e) => seen.push(e.header.origin));
      await cdp.send('DOM.enable');
      await cdp.send('CSS.enable');
      return () => seen;
    },
    /** A performance trace of the browser (CDP Tracing, every process), for
     * tests/benches/trace.mjs: start, then stop() gives the trace's events. */
    startTrace: (categories) => page.tracing.start({ categories }),
    stopTrace: async () => JSON.parse(Buffer.from(await page.tracing.stop()).toString('utf8')).traceEvents,
    /** A mark in the network log; `requests(mark)` lists what came after it. */
    netMark: async () => net.length,
    requests: async (mark = 0) => net.slice(mark),
    async tabId() {
      const popup = await api.popup();
      const id = await popup.tabId();
      await popup.close();
      return id;
    },
    /** The panel the toolbar press opened, as the press left it: it is not a
     * tab, so the page stays the visible tab and keeps painting frames. */
    async popup() {
      const target = await browser.waitForTarget((t) => t.url().includes(`${extId}/popup.html`) && !t.url().includes('?'), { timeout: 10_000 });
      const p = await target.asPage();
      return {
        eval: (expr) => p.evaluate(expr),
        /** The id of the tab the press was made on. */
        tabId: () => p.evaluate(async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id),
        close: () => p.close().catch(() => {}),
      };
    },
    /** Opens the extension's panel for the page's tab; returns panel helpers. */
    panel: (tabId) => api.extPage(`popup.html?tab=${tabId}`),
    /** Opens one of the extension's pages in a tab. */
    async extPage(rel) {
      const p = await browser.newPage();
      const cdp = await p.createCDPSession();
      await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads, eventsEnabled: true });
      await p.goto(`chrome-extension://${extId}/${rel}`);
      // Puppeteer's clicks wait for rendering, which a background tab never does.
      const front = async () => p.bringToFront();
      return {
        eval: async (expr) => (await front(), p.evaluate(expr)),
        click: async (sel) => (await front(), p.click(sel)),
        type: async (sel, text) => (await front(), p.type(sel, text)),
        select: async (sel, value) => (await front(), p.select(sel, value)),
        /** Chooses `file` in the file input `sel`, as the file dialog does. */
        upload: async (sel, file) => (await front(), (await p.$(sel)).uploadFile(file)),
        downloadDir: downloads,
        close: () => p.close(),
      };
    },
    async hover(x, y) {
      await page.bringToFront();
      await page.mouse.move(x - 3, y); // a pointer already at (x, y) fires no mousemove
      await page.mouse.move(x, y);
    },
    async keys(...keys) {
      await page.bringToFront();
      for (const k of keys.slice(0, -1)) await page.keyboard.down(k);
      await page.keyboard.press(keys.at(-1));
      for (const k of keys.slice(0, -1).reverse()) await page.keyboard.up(k);
    },
    /** Types `text` where the keyboard focus is. */
    async typeText(text) {
      await page.bringToFront();
      await page.keyboard.type(text);
    },
    screenshot: (file) => page.screenshot({ path: file }),
    /** What the system clipboard holds, read by an extension page. */
    async clipboard() {
      await browser.defaultBrowserContext().overridePermissions(`chrome-extension://${extId}`, ['clipboard-read', 'clipboard-sanitized-write']);
      const p = await browser.newPage();
      try {
        await p.goto(`chrome-extension://${extId}/options.html`);
        await p.bringToFront();
        return await p.evaluate(() => navigator.clipboard.readText());
      } finally {
        await p.close();
      }
    },
    async closePage() {
      await page?.close();
      page = null;
    },
    close: () => browser.close(),
  };
  return api;
}

// ---- Firefox ----------------------------------------------------------------

export async function firefox() {
  const { Builder, Key } = await import('selenium-webdriver');
  const { default: ff } = await import('selenium-webdriver/firefox.js');
  const downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-dl-'));
  const opts = new ff.Options()
    .setBinary(process.env.FIREFOX ?? '/usr/bin/firefox-esr')
    .addArguments('-headless', '--width=1000', '--height=900')
    .setPreference('extensions.originControls.grantByDefault', true)
    .setPreference('browser.download.folderList', 2)
    .setPreference('browser.download.dir', downloads)
    .setPreference('browser.download.useDownloadDir', true)
    .setPreference('browser.download.always_ask_before_handling_new_types', false)
    .setPreference('datareporting.policy.dataSubmissionEnabled', false)
    .setPreference('app.update.enabled', false)
    // Corpus pages name outside hosts: send them to a closed local port so
    // they fail at once (and never leave the machine).
    .setPreference('network.proxy.type', 1)
    .setPreference('network.proxy.http', '127.0.0.1')
    .setPreference('network.proxy.http_port', 9)
    .setPreference('network.proxy.ssl', '127.0.0.1')
    .setPreference('network.proxy.ssl_port', 9)
    .setPreference('network.proxy.no_proxies_on', '127.0.0.1')
    .setPreference('network.proxy.allow_hijacking_localhost', false);
  const geckodriver = process.env.GECKODRIVER ?? execFileSync('sh', ['-c', 'command -v geckodriver']).toString().trim();
  const driver = await new Builder()
    .forBrowser('firefox')
    .setFirefoxOptions(opts)
    .setFirefoxService(new ff.ServiceBuilder(geckodriver).addArguments('--allow-system-access'))
    .build();
  await driver.installAddon(path.join(DIST, 'sourcelight-firefox.xpi'), true);
  await driver.manage().window().setRect({ width: 1000, height: 900 });
  const chrome = async (body) => {
    await driver.setContext('chrome');
    try {
      return await driver.executeAsyncScript(`const done = arguments[arguments.length - 1];
        (async () => { const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
          const ext = ExtensionParent.GlobalManager.getExtension(${JSON.stringify(FIREFOX_ID)});
          const global = ExtensionParent.apiManager.global; ${body} })().then(done, (e) => done({ error: String(e) }));`);
    } finally {
      await driver.setContext('content');
    }
  };
  const host = await chrome('return WebExtensionPolicy.getByID(ext.id).mozExtensionHostname;');
  // Firefox's own log of every HTTP request (the observer sees page,
  // content-script and background requests alike), with whether the
  // extension's principal made it.
  await chrome(`window.__slNet = [];
    Services.obs.addObserver({ observe(subject) {
      const ch = subject.QueryInterface(Ci.nsIChannel);
      const p = ch.loadInfo?.triggeringPrincipal;
      const extension = Boolean(p && (p.addonId || (p.isExpandedPrincipal && p.allowlist?.some((q) => q.addonId))));
      window.__slNet.push({ url: ch.URI.spec, extension });
    } }, 'http-on-modify-request');
    return true;`);
  let pageHandle = null;
  const evalIn = (expr) => driver.executeScript(`return ${expr};`);

  return {
    name: 'firefox',
    /** Presses Alt+Shift+S: fires the command of the <key> element Firefox
     * registered for the extension's shortcut, as the key press does. */
    async shortcut() {
      const r = await chrome(`const id = 'ext-keyset-id-' + ext.id.toLowerCase().replace(/[^a-z0-9_-]/g, '_');
        const key = document.querySelector('#' + id + ' > key[key=S][modifiers="alt,shift"]');
        if (!key) throw new Error('no Alt+Shift+S key registered');
        key.dispatchEvent(new window.Event('command', { bubbles: true }));
        return true;`);
      if (r?.error) throw new Error(r.error);
    },
    async open(url) {
      await chrome('Services.console.reset(); return true;'); // errors per page
      await driver.switchTo().newWindow('tab');
      pageHandle = await driver.getWindowHandle();
      await driver.get(url); // returns after the load event
    },
    async reload() {
      await driver.navigate().refresh();
    },
    eval: evalIn,
    /** Presses the toolbar button: the same call a click on it makes. */
    async activate() {
      // A popup still open from the last page would make the click close it.
      const r = await chrome(`const { ViewPopup } = ChromeUtils.importESModule('resource:///modules/ExtensionPopups.sys.mjs');
        ViewPopup.for(ext, window)?.closePopup();
        await global.browserActionFor(ext).triggerAction(window); return true;`);
      if (r?.error) throw new Error(r.error);
    },
    // Uncaught errors in the page's world (the probe records them), plus every
    // error Firefox's console service holds from our extension's scripts
    // (content script, background, panel).
    async errors() {
      const page = await evalIn('window.__pageErrors || []');
      const ours = await chrome(`return Services.console.getMessageArray()
        .filter((m) => m instanceof Ci.nsIScriptError && !(m.flags & Ci.nsIScriptError.warningFlag) && !(m.flags & Ci.nsIScriptError.infoFlag))
        .filter((m) => String(m.sourceName).startsWith('moz-extension://'))
        .map((m) => m.sourceName + ': ' + m.errorMessage);`);
      if (ours?.error) throw new Error(ours.error);
      return [...page, ...ours];
    },
    netMark: async () => chrome('return window.__slNet.length;'),
    requests: async (mark = 0) => chrome(`return window.__slNet.slice(${Number(mark)});`),
    async tabId() {
      return chrome('return global.tabTracker.getId(window.gBrowser.selectedTab);');
    },
    panel(tabId) {
      return this.extPage(`popup.html?tab=${tabId}`);
    },
    async extPage(rel) {
      await driver.switchTo().newWindow('tab');
      const handle = await driver.getWindowHandle();
      await driver.get(`moz-extension://${host}/${rel}`);
      const inPanel = async (fn) => {
        await driver.switchTo().window(handle);
        try {
          return await fn();
        } finally {
          const back = pageHandle ?? (await driver.getAllWindowHandles()).find((h) => h !== handle);
          if (back) await driver.switchTo().window(back);
        }
      };
      return {
        eval: (expr) => inPanel(() => driver.executeAsyncScript(`const done = arguments[arguments.length - 1]; Promise.resolve(${expr}).then(done, (e) => done({ error: String(e) }));`)),
        click: (sel) => inPanel(async () => (await driver.findElement({ css: sel })).click()),
        type: (sel, text) => inPanel(async () => (await driver.findElement({ css: sel })).sendKeys(text)),
        select: (sel, value) => inPanel(async () => (await driver.findElement({ css: `${sel} option[value="${value}"]` })).click()),
        upload: (sel, file) => inPanel(async () => (await driver.findElement({ css: sel })).sendKeys(file)),
        downloadDir: downloads,
        async close() {
          await driver.switchTo().window(handle);
          await driver.close();
          const back = pageHandle ?? (await driver.getAllWindowHandles())[0];
          if (back) await driver.switchTo().window(back);
        },
      };
    },
    async hover(x, y) {
      // Approach from nearby: a pointer already at (x, y) fires no mousemove.
      await driver.actions().move({ x: Math.round(x) - 3, y: Math.round(y), origin: 'viewport' }).move({ x: Math.round(x), y: Math.round(y), origin: 'viewport' }).perform();
    },
    async keys(...keys) {
      const map = {
        Alt: Key.ALT, Shift: Key.SHIFT, ArrowDown: Key.ARROW_DOWN, ArrowUp: Key.ARROW_UP, ArrowLeft: Key.ARROW_LEFT, ArrowRight: Key.ARROW_RIGHT,
        Escape: Key.ESCAPE, Enter: Key.ENTER, Tab: Key.TAB, KeyC: 'c', KeyZ: 'z',
      };
      let a = driver.actions();
      for (const k of keys.slice(0, -1)) a = a.keyDown(map[k]);
      a = a.sendKeys(map[keys.at(-1)] ?? keys.at(-1));
      for (const k of keys.slice(0, -1).reverse()) a = a.keyUp(map[k]);
      await a.perform();
    },
    async typeText(text) {
      await driver.actions().sendKeys(text).perform();
    },
    async screenshot(file) {
      fs.writeFileSync(file, Buffer.from(await driver.takeScreenshot(), 'base64'));
    },
    /** What the system clipboard holds, read from the browser's own side. */
    async clipboard() {
      const r = await chrome(`const trans = Cc['@mozilla.org/widget/transferable;1'].createInstance(Ci.nsITransferable);
        trans.init(null);
        trans.addDataFlavor('text/plain');
        Services.clipboard.getData(trans, Ci.nsIClipboard.kGlobalClipboard, window.browsingContext.currentWindowContext);
        const out = {};
        trans.getTransferData('text/plain', out);
        return out.value.QueryInterface(Ci.nsISupportsString).data;`);
      if (r?.error) throw new Error(r.error);
      return r;
    },
    /** Grants optional host permissions as the user's "Allow" in the prompt does. */
    async grantHosts(origins) {
      const r = await chrome(`const { ExtensionPermissions } = ChromeUtils.importESModule('resource://gre/modules/ExtensionPermissions.sys.mjs');
        await ExtensionPermissions.add(ext.id, { permissions: [], origins: ${JSON.stringify(origins)} }, ext);
        return true;`);
      if (r?.error) throw new Error(r.error);
    },
    async closePage() {
      if (pageHandle) {
        await driver.switchTo().window(pageHandle);
        await driver.close();
        const [first] = await driver.getAllWindowHandles();
        if (first) await driver.switchTo().window(first);
        pageHandle = null;
      }
    },
    close: () => driver.quit(),
  };
}

/** What a panel shows: 'details' when it has a result, otherwise its status text. */
const PANEL_ANSWER = `(() => {
  const status = document.getElementById('status');
  if (!document.getElementById('details').hidden) return 'details';
  const detail = document.getElementById('detail').textContent;
  return status.dataset.state === 'working' ? '' : status.textContent + (detail ? ' (' + detail + ')' : '');
})()`;

/** Presses the toolbar button on the page already open and waits for the
 * event that says it was acted on: the panel for the tab showing the page's
 * answer (the activation replies once the page is annotated, however long
 * a loaded machine takes). Returns what the panel shows. */
export async function pressAndWait(b, tabId) {
  await b.activate();
  const panel = await b.panel(tabId);
  try {
    return await until(() => panel.eval(PANEL_ANSWER), 'the panel to show the page annotated', 60_000);
  } finally {
    await panel.close();
  }
}

/** Opens `url`, presses the toolbar button and waits for the panel's answer
 * (see PANEL_ANSWER). `pressed` is what the popup the press opened shows by
 * itself (Chromium, where the test can reach that popup; null in Firefox);
 * `panel` is the same panel opened as a tab for the page, for the test to use. */
export async function openAndActivate(b, url, { route } = {}) {
  await b.open(url);
  if (route !== undefined) await setRoute(b, route);
  const bodyBefore = await b.eval('document.body.innerHTML');
  const netMark = await b.netMark();
  await b.activate();
  let pressed = null;
  if (b.popup) {
    const popup = await b.popup();
    pressed = await until(() => popup.eval(PANEL_ANSWER), 'the toolbar popup to show a result', 60_000);
  }
  const tabId = await b.tabId();
  const panel = await b.panel(tabId);
  const shown = await until(() => panel.eval(PANEL_ANSWER), 'the panel to show a result', 60_000);
  return { url, bodyBefore, netMark, tabId, panel, shown, pressed };
}

/** Requests the extension itself sent over the network since `mark`. */
export async function extensionRequests(b, mark) {
  return (await b.requests(mark)).filter((r) => r.extension && /^(https?|wss?|ftp):/i.test(r.url));
}

/** The parsed JSON of the download ending in `suffix`, once it is complete
 * (browsers create the file before they finish writing it). */
export async function downloaded(dir, suffix) {
  return until(() => {
    const file = fs.readdirSync(dir).find((f) => f.endsWith(suffix));
    if (!file) return null;
    try {
      return JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    } catch {
      return null; // still being written
    }
  }, `the ${suffix} download`);
}

/** The text of the download ending in `suffix`, once it is complete (it
 * must end with `last`: browsers create the file before they finish it). */
export async function downloadedText(dir, suffix, last) {
  return until(() => {
    const file = fs.readdirSync(dir).find((f) => f.endsWith(suffix));
    if (!file) return null;
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    return text.endsWith(last) ? text : null;
  }, `the ${suffix} download`);
}

/** Rows of RFC 4180 CSV (quoted fields, doubled quotes, CRLF). */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

/** Presses the toolbar button on the open page, as the benchmarks do
 * (Chromium, whose press opens a panel it can read), and waits until the
 * highlights are painted. Returns the panel the
 * press opened, the tab's id, and the page's status (its timing included). */
export async function pressUntilPainted(b, what, ms = 60_000, route = undefined) {
  if (route !== undefined) await setRoute(b, route);
  await b.activate();
  let popup;
  let tabId;
  if (b.popup) {
    popup = await b.popup();
    tabId = await popup.tabId();
  } else {
    // Firefox: the driver cannot reach the toolbar's popup; the same panel in a tab.
    tabId = await b.tabId();
    popup = await b.panel(tabId);
  }
  const status = await until(async () => {
    const x = await popup.eval(`(globalThis.browser ?? chrome).tabs.sendMessage(${tabId}, { type: 'sl:status' }).catch(() => null)`);
    return x?.timing?.paintedMs !== undefined || x?.error ? x : null;
  }, `the paint time of ${what}`, ms);
  if (status.error) throw new Error(`${what}: ${status.error}`);
  return { popup, tabId, status };
}

/** The route SOURCELIGHT_ROUTE forces for a whole suite ('page' or
 * 'background'), or null: each pass takes the route the extension chooses. */
export const FORCED_ROUTE = process.env.SOURCELIGHT_ROUTE ?? null;

/** Sets FORCED_ROUTE, if any, for the rest of the suite, from a page at
 * `url` (Firefox's driver needs a page open first). */
export async function forceRoute(b, url) {
  if (!FORCED_ROUTE) return;
  await b.open(url);
  await setRoute(b, FORCED_ROUTE);
  await b.closePage();
}

/** Sets the engine's route for the pages activated next ('page' or
 * 'background'; null: the default choice; extension/engine.js) from an
 * extension page. Firefox's driver needs a page open first. */
export async function setRoute(b, route) {
  const p = await b.extPage('options.html');
  try {
    const store = '(globalThis.browser ?? chrome).storage.local';
    await p.eval(route === null ? `${store}.remove('engineRoute')` : `${store}.set({ engineRoute: ${JSON.stringify(route)} })`);
  } finally {
    await p.close();
  }
}

/** Polls `fn` until it returns a truthy value or time runs out (not a timing assertion: a wait). */
export async function until(fn, what, ms = 15_000) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    last = await fn();
    if (last) return last;
    await sleep(100);
  }
  throw new Error(`gave up waiting for ${what} (last: ${JSON.stringify(last)})`);
}
