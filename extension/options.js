// Options: stored in storage.sync; the background and content script read
// them. Below them, the reader's corrections (storage.local, corrections.js),
// cleared per page or all at once; an open page follows at once.
const P = globalThis.SourcelightPlatform;
const { t } = P;
const $ = (id) => document.getElementById(id);
for (const e of document.querySelectorAll('[data-i18n]')) e.textContent = t(e.dataset.i18n);

const lines = (id) => $(id).value.split('\n').map((s) => s.trim()).filter(Boolean);

(async () => {
  const { labels = [...globalThis.SourcelightNames.PAINTED], cues = [], autoSites = [], palette = 'auto' } = await P.sync.get(['labels', 'cues', 'autoSites', 'palette']);
  $('palette').value = palette;
  for (const box of document.querySelectorAll('input[name=labels]')) box.checked = labels.includes(box.value);
  $('hedges').value = cues.filter((c) => c[0] === 'hedge_adverbs').map((c) => c[1]).join('\n');
  $('verbs').value = cues.filter((c) => c[0] === 'speech_verbs').map((c) => c[1]).join('\n');
  $('sites').value = autoSites.join('\n');
})();

$('form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const labels = [...document.querySelectorAll('input[name=labels]:checked')].map((b) => b.value);
  const cues = [...lines('hedges').map((w) => ['hedge_adverbs', w]), ...lines('verbs').map((w) => ['speech_verbs', w])];
  const autoSites = lines('sites').map((s) => s.replace(/^\*?\.?/, '').replace(/^https?:\/\//, '').replace(/\/.*$/, '').toLowerCase());
  // Ask for the sites now, while the click still counts as the user's gesture.
  const origins = autoSites.map((h) => `*://${h}/*`);
  let granted = true;
  if (origins.length) {
    try {
      granted = await P.permissions.askOrigins(origins);
    } catch {
      granted = false; // e.g. no user gesture; what was granted before still counts
    }
    granted ||= await P.permissions.hasOrigins(origins).catch(() => false);
  }
  await P.sync.set({ labels, cues, autoSites, palette: $('palette').value });
  $('status').textContent = granted ? t('options_saved') : t('options_denied', autoSites.join(', '));
});

// ---- corrections ----------------------------------------------------------
const C = globalThis.SourcelightCorrections;

async function listCorrections() {
  const all = await P.local.get(null);
  const pages = Object.entries(all).filter(([k]) => k.startsWith(C.PREFIX)).map(([k, v]) => [k, C.record(v, k.slice(C.PREFIX.length))])
    .filter(([, r]) => Object.keys(r.items).length).sort((a, b) => a[1].url.localeCompare(b[1].url));
  $('no-corrections').hidden = pages.length > 0;
  $('clear-all').hidden = pages.length === 0;
  $('pages').replaceChildren(...pages.map(([key, r]) => {
    const li = document.createElement('li');
    const n = Object.keys(r.items).length;
    li.textContent = `${r.title || r.url} — ${n === 1 ? t('popup_sentence_one') : t('popup_sentences', String(n))}`;
    li.title = r.url;
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = t('options_clear_page');
    b.setAttribute('aria-label', `${t('options_clear_page')}: ${r.title || r.url}`);
    b.addEventListener('click', () => clear([key]));
    li.append(b);
    return li;
  }));
  return pages.map(([k]) => k);
}

async function clear(keys) {
  try {
    await P.local.remove(keys);
    $('corrections-status').textContent = t('options_cleared');
  } catch (e) {
    $('corrections-status').textContent = String(e?.message ?? e);
  }
  await listCorrections();
}

$('clear-all').addEventListener('click', async () => clear(await listCorrections()));
P.onStorageChanged((changes, area) => {
  if (area === 'local') listCorrections();
});
listCorrections();
