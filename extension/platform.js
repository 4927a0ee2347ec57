// The one place that knows which browser this is. Every script of the
// extension reaches the WebExtensions API through this adapter (storage,
// messages, tabs, scripting, permissions, i18n), as uBlock Origin's vapi
// does, so a browser difference is handled here once. A classic script, so
// that the content scripts can use it; the modules import it for its global.
(() => {
  'use strict';
  if (globalThis.SourcelightPlatform) return;
  // Firefox's `browser` (promises everywhere); Chromium's `chrome` (promises
  // for everything used here under Manifest V3).
  const api = globalThis.browser ?? globalThis.chrome;
  const word = (key, args = []) => api.i18n.getMessage(key, args) || key;
  globalThis.SourcelightPlatform = Object.freeze({
    /** The URL of one of the extension's own files. */
    url: (path) => api.runtime.getURL(path),
    /** A UI string of _locales, with its substitutions; the key where there is none. */
    t: (key, ...subs) => word(key, subs),
    /** The same, with the substitutions as one array (the engine's reasons). */
    word,
    uiLanguage: () => api.i18n.getUILanguage(),
    /** storage.local (this device: corrections, the route) and storage.sync (the reader's options). */
    local: api.storage.local,
    sync: api.storage.sync,
    onStorageChanged: (listener) => api.storage.onChanged.addListener(listener),
    /** One request to the background; its reply. */
    send: (msg) => api.runtime.sendMessage(msg),
    onMessage: (listener) => api.runtime.onMessage.addListener(listener),
    /** A long-lived channel to the background, by name. */
    connect: (name) => api.runtime.connect({ name }),
    onConnect: (listener) => api.runtime.onConnect.addListener(listener),
    onCommand: (listener) => api.commands?.onCommand.addListener(listener),
    tabs: Object.freeze({
      send: (tabId, msg) => api.tabs.sendMessage(tabId, msg),
      active: async () => (await api.tabs.query({ active: true, currentWindow: true }))[0],
      open: (url) => api.tabs.create({ url }),
      onUpdated: (listener) => api.tabs.onUpdated.addListener(listener),
    }),
    scripting: Object.freeze({
      /** Runs the extension's script files in a tab, in order; their results. */
      run: (tabId, files) => api.scripting.executeScript({ target: { tabId }, files }),
      css: (tabId, files) => api.scripting.insertCSS({ target: { tabId }, files }),
    }),
    permissions: Object.freeze({
      hasOrigins: (origins) => api.permissions.contains({ origins }),
      askOrigins: (origins) => api.permissions.request({ origins }),
    }),
  });
})();
