// Popup: opening it (a click on the toolbar button) annotates the tab; it then
// shows counts, sources, the on/off switch, export and the import of a
// corrected export.
import { download, downloadText, fileName, languageName, shareLines, sourceItem } from './export.js';
import './platform.js';
import './names.js';
import './corrections.js';

const { LABELS, MSG } = globalThis.SourcelightNames;

const C = globalThis.SourcelightCorrections;

const P = globalThis.SourcelightPlatform;
const { t } = P;
const $ = (id) => document.getElementById(id);

for (const e of document.querySelectorAll('[data-i18n]')) e.textContent = t(e.dataset.i18n);

let tabId;

function say(text, detail = '') {
  $('status').textContent = text;
  $('status').hidden = !text;
  $('status').dataset.state = 'done';
  $('detail').textContent = detail;
  $('detail').hidden = !detail;
}

// Regions worth naming to a reader; hidden elements and the rest of the
// page around the article go without saying.
const NAMED = ['navigation', 'header', 'footer', 'sidebar', 'related', 'comments', 'share', 'newsletter', 'advertising', 'cookie_banner', 'author_bio', 'paywall', 'popup', 'link_dense', 'boilerplate', 'not_in_declared_body'];

/** "Read 14 paragraphs; skipped navigation, related stories ×2, comments." */
function coverageLine(c) {
  if (!c) return '';
  const parts = Object.entries(c.skipped ?? {})
    .filter(([reason]) => NAMED.includes(reason))
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([reason, n]) => (n > 1 ? t('coverage_times', t('skip_' + reason), String(n)) : t('skip_' + reason)));
  const read = String(c.paragraphs || c.blocks);
  return parts.length ? t('coverage_line', read, parts.join(', ')) : t('coverage_nothing_skipped', read);
}

function render(st) {
  if (!st) return say(t('popup_unavailable'));
  $('enabled').disabled = !st.found || Boolean(st.language);
  $('enabled').checked = st.enabled;
  if (st.error && !st.found) return say(t('popup_error', st.error));
  if (!st.found) return say(t('popup_no_article'));
  if (st.language) return say(t('popup_language', languageName(st.language, P.uiLanguage()), st.language));
  say('');
  $('details').hidden = false;
  for (const k of LABELS) $('n-' + k).textContent = st.summary[k];
  const lines = shareLines(st.summary, t);
  $('share').textContent = lines.share;
  $('corrected').hidden = !st.summary.corrected;
  $('corrected').textContent = lines.corrected;
  const missing = st.notFound ?? [];
  $('not-found').hidden = !missing.length;
  $('not-found').querySelector('ul').replaceChildren(...missing.map((c) => {
    const li = document.createElement('li');
    li.textContent = `${t('label_' + c.label)}: ${c.text.length > 100 ? c.text.slice(0, 99) + '…' : c.text}`;
    return li;
  }));
  $('coverage').textContent = coverageLine(st.coverage);
  const list = $('sources');
  list.replaceChildren();
  list.append(...st.sources.map((s) => sourceItem(s, t)));
  if (!st.sources.length) {
    const li = document.createElement('li');
    li.className = 'muted';
    li.textContent = t('popup_no_sources');
    list.append(li);
  }
}

const exportData = (what = {}) => P.tabs.send(tabId, { type: MSG.export, ...what });

/** A click handler that reports failure in the panel instead of throwing. */
const guarded = (fn) => () => fn().catch((e) => say(t('popup_error', String(e?.message ?? e))));

$('export-json').addEventListener('click', guarded(async () => {
  const d = await exportData();
  if (d) download(d.annotations, fileName(d.annotations.title, 'sourcelight'));
}));
$('export-w3c').addEventListener('click', guarded(async () => {
  const d = await exportData({ w3c: true });
  if (d) download(d.w3c, fileName(d.annotations.title, 'w3c'));
}));
$('export-csv').addEventListener('click', guarded(async () => {
  const d = await exportData({ csv: true });
  if (d) downloadText(d.csv, fileName(d.annotations.title, 'sourcelight', 'csv'), 'text/csv;charset=utf-8');
}));

// Import: an exported JSON of this page gives back its corrections. The
// toolbar popup would close when the file dialog opens (Firefox closes it
// on losing focus), so from there the panel opens in a tab to import.
const inTab = new URLSearchParams(location.search).has('tab');
$('import').addEventListener('click', (ev) => {
  if (inTab || tabId === undefined) return;
  ev.preventDefault();
  P.tabs.open(`popup.html?tab=${tabId}`).then(() => window.close(), () => {});
});
$('import-file').addEventListener('change', guarded(async () => {
  const input = $('import-file');
  const file = input.files?.[0];
  input.value = ''; // the same file may be chosen again
  if (!file) return;
  const page = (await P.tabs.send(tabId, { type: MSG.status }))?.page;
  let items;
  try {
    items = C.fromExport(await file.text(), page);
  } catch (e) {
    if (e instanceof C.ImportError) return say(t('import_' + e.code, e.detail));
    throw e;
  }
  render(await P.tabs.send(tabId, { type: MSG.import, items }));
  say(t('popup_imported', String(Object.keys(items).length)));
}));
$('copy').addEventListener('click', guarded(async () => {
  const d = await exportData();
  if (!d) return;
  await navigator.clipboard.writeText(JSON.stringify(d.annotations, null, 2));
  say(t('popup_copied'));
}));
$('enabled').addEventListener('change', async (e) => {
  render(await P.tabs.send(tabId, { type: MSG.set, enabled: e.target.checked }));
});

(async () => {
  // popup.html?tab=ID opens the panel as a page for that tab (keyboard users
  // and tests); otherwise it is the toolbar popup of the active tab.
  // (Without the parameter, get() is null, and Number(null) would be tab 0.)
  const param = new URLSearchParams(location.search).get('tab');
  const forTab = param === null ? NaN : Number(param);
  if (Number.isInteger(forTab) && forTab >= 0) {
    tabId = forTab;
  } else {
    const tab = await P.tabs.active();
    tabId = tab?.id;
  }
  if (tabId === undefined) return render(null);
  const reply = await P.send({ type: MSG.activate, tabId, action: 'on' });
  if (!reply?.ok) {
    const error = reply?.error ?? '?';
    return /cannot|access|permission|scripting/i.test(error) ? say(t('popup_unavailable'), error) : say(t('popup_error', error));
  }
  render(reply.value);
})();
