// Export helpers shared by the popup and the playground: file names from the
// page title and today's date, and a download of JSON made in the page.

/** `<title-slug>-<yyyy-mm-dd>.<kind>.json` */
export function fileName(title, kind) {
  const slug = (title || 'page').normalize('NFKD').replace(/[^\w\s-]/g, '').trim().replace(/[\s_]+/g, '-').toLowerCase().slice(0, 60) || 'page';
  return `${slug}-${new Date().toISOString().slice(0, 10)}.${kind}.json`;
}

/** Saves `obj` as pretty-printed JSON through a download link. */
export function download(obj, name) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(obj, null, 2)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
