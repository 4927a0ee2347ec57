// Sourcelight engine port: the page's one channel to the background (bg.js),
// where the engine runs on the background route and the exports are made.
(() => {
  'use strict';
  if (globalThis.SourcelightPort) return;
  const P = globalThis.SourcelightPlatform;
  const { MSG } = globalThis.SourcelightNames;

  // One port, opened when the script is injected and kept while the page is
  // in use: a one-off runtime.sendMessage opens and closes a channel on
  // every call. It closes after a quiet minute, so an idle tab does not keep
  // the background alive. The background may also stop, which closes the
  // port: a request in flight then fails over to a fresh port once.
  const PORT_IDLE_MS = 60_000;
  let port = null;
  let idle = 0;
  const waiting = new Map(); // request id -> {resolve, reject}
  let lastId = 0;

  function connect() {
    if (port) return port;
    const p = P.connect(MSG.port);
    p.onMessage.addListener((m) => {
      const w = waiting.get(m?.id);
      if (!w) return;
      waiting.delete(m.id);
      w.resolve(m);
    });
    p.onDisconnect.addListener(() => {
      if (port === p) port = null;
      for (const w of waiting.values()) w.reject(new Error('the engine stopped'));
      waiting.clear();
    });
    port = p;
    return p;
  }

  function closeWhenIdle() {
    clearTimeout(idle);
    idle = setTimeout(() => {
      if (waiting.size) return closeWhenIdle();
      port?.disconnect();
      port = null;
    }, PORT_IDLE_MS);
  }

  /** Sends without waiting for an answer; false if there is no port to send
   * on. (A lost snapshot part is noticed when the request that needs it is
   * answered.) */
  function post(msg) {
    try {
      connect().postMessage(msg);
      return true;
    } catch {
      port = null;
      return false;
    }
  }

  function send(msg) {
    closeWhenIdle();
    return new Promise((resolve, reject) => {
      const id = ++lastId;
      waiting.set(id, { resolve, reject });
      if (!post({ ...msg, id })) {
        waiting.delete(id);
        reject(new Error('no connection to the engine'));
      }
    });
  }

  /** Asks the background; the answer is {ok, ...} as bg.js gives it. */
  async function ask(msg) {
    let reply;
    try {
      reply = await send(msg);
    } catch {
      reply = await send(msg); // once more, on a fresh port
    }
    if (!reply?.ok) throw new Error(reply?.error ?? 'no answer from the engine');
    return reply;
  }

  globalThis.SourcelightPort = Object.freeze({ connect, post, ask });
})();
