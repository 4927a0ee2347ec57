// Helpers shared by the popup, the playground and the engine's hosts: file
// names from the page title and today's date, downloads made in the page,
// the summary's entry for a named source, and the engine's W3C and CSV calls.

/** `<title-slug>-<yyyy-mm-dd>.<kind>.<ext>` */
export function fileName(title, kind, ext = 'json') {
  const slug = (title || 'page').normalize('NFKD').replace(/[^\w\s-]/g, '').trim().replace(/[\s_]+/g, '-').toLowerCase().slice(0, 60) || 'page';
  return `${slug}-${new Date().toISOString().slice(0, 10)}.${kind}.${ext}`;
}

/** A language tag's name in the language `locale` ("Japanese" for ja in en). */
export function languageName(tag, locale) {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/** Saves `obj` as pretty-printed JSON through a download link. */
export function download(obj, name) {
  downloadText(JSON.stringify(obj, null, 2), name, 'application/json');
}

/** Saves `text` as a file of `type` through a download link. */
export function downloadText(text, name, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The summary's list entry for a named source: "name (anonymous) — N sentences".
 * `t` is the caller's i18n lookup; page text goes in as text only. */
export function sourceItem(source, t) {
  const li = document.createElement('li');
  li.textContent = source.text + (source.anonymous ? ' ' + t('tooltip_anonymous') : '') + ' — ';
  const n = document.createElement('span');
  n.className = 'muted';
  // chrome.i18n has no plural rules: one key for one, one for the rest.
  const count = source.sentence_ids.length;
  n.textContent = count === 1 ? t('popup_sentence_one') : t('popup_sentences', String(count));
  li.append(n);
  return li;
}

const sentencesOf = (annotations) => (Array.isArray(annotations?.sentences) ? annotations.sentences : []);
// An annotations@1 sentence has no engine_label: its label was the engine's.
const engineLabel = (x) => String(x.engine_label ?? x.label);

/** The summary's share line, by the reader's labels with the engine's
 * share beside it once anything is corrected; and the corrected count. */
export function shareLines(summary, t) {
  const pct = (x) => String(Math.round(x * 100));
  const corrected = summary.corrected ?? 0;
  return {
    share: corrected ? t('popup_share_engine', pct(summary.sourced_share), pct(summary.engine_sourced_share)) : t('popup_share', pct(summary.sourced_share)),
    corrected: corrected === 1 ? t('popup_corrected_one') : t('popup_corrected', String(corrected)),
  };
}

/** The arguments of the engine's `toW3c` (src/web/src/bindings.rs) for a result's
 * annotations and the article text they index: one array per field. */
export function w3cArgs(annotations, articleText) {
  const s = sentencesOf(annotations);
  return [
    String(annotations?.url ?? ''), String(annotations?.title ?? ''), String(annotations?.generated_at ?? ''), String(articleText ?? ''),
    Uint32Array.from(s, (x) => x.id), Uint32Array.from(s, (x) => x.start), Uint32Array.from(s, (x) => x.end),
    s.map(engineLabel), s.map((x) => String(x.why)), s.map((x) => String(x.source?.text ?? '')),
    s.flatMap((x) => (x.correction ? [String(x.correction.label), String(x.correction.comment ?? ''), String(x.correction.at ?? '')] : ['', '', ''])),
  ];
}

/** The arguments of the engine's `toCsv` (src/web/src/bindings.rs), likewise. */
export function csvArgs(annotations) {
  const s = sentencesOf(annotations);
  return [
    Uint32Array.from(s, (x) => x.id), Uint32Array.from(s, (x) => x.start), Uint32Array.from(s, (x) => x.end),
    Float64Array.from(s, (x) => Number(x.confidence) || 0), Uint8Array.from(s, (x) => (x.source?.anonymous ? 1 : 0)),
    s.flatMap((x) => [String(x.label), engineLabel(x), String(x.source?.text ?? ''), String(x.correction?.comment ?? ''), String(x.text ?? '')]),
  ];
}
