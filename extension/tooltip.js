// Sourcelight tooltip: the one tooltip of the content script and the
// playground. It lives in an open shadow root on a <sourcelight-ui> element
// appended to <html> (outside <body>, so the page's DOM stays as it was), is
// styled through CSSOM properties only (a page's CSP can block <style> and
// <link> in our shadow root, but never element.style), and takes page text
// only as text.
(() => {
  'use strict';
  if (globalThis.SourcelightTooltip) return;
  const ACCENT = { sourced: '#0072B2', unsourced: '#E69F00', speculative: '#CC79A7', none: '#888888' };
  const STYLE = {
    tip: 'position:absolute;width:max-content;max-width:min(320px,90vw);padding:8px 10px;border-radius:6px;font:13px/1.4 system-ui,sans-serif;'
      + 'box-shadow:0 2px 10px rgba(0,0,0,.35);border-left:5px solid;white-space:normal;text-align:left;',
    label: 'font-weight:700;text-transform:capitalize;margin-bottom:2px;',
    why: 'margin-bottom:4px;',
    source: 'margin-bottom:2px;',
    cues: 'opacity:.85;font-size:12px;',
    confidence: 'opacity:.75;font-size:12px;',
    anon: 'font-style:italic;',
  };
  const dark = () => matchMedia('(prefers-color-scheme: dark)').matches;

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (STYLE[cls]) e.style.cssText = STYLE[cls];
    if (text !== undefined) e.textContent = text;
    return e;
  }

  /** A tooltip; `t(key, ...subs)` looks up the UI strings (_locales/en). */
  function create(t) {
    let ui = null;

    function build() {
      if (ui?.host.isConnected) return ui;
      const host = document.createElement('sourcelight-ui');
      host.style.cssText = 'all:initial;position:absolute;top:0;left:0;width:0;height:0;z-index:2147483647;';
      // Open, so assistive tools can read it; page CSS cannot reach in either way.
      const root = host.attachShadow({ mode: 'open' });
      const tip = document.createElement('div');
      tip.setAttribute('role', 'tooltip');
      tip.style.cssText = STYLE.tip;
      tip.hidden = true;
      root.append(tip);
      document.documentElement.append(host);
      ui = { host, tip };
      return ui;
    }

    /** Shows sentence `s` (an annotations@1 sentence) below `rect` (viewport coordinates). */
    function show(s, rect) {
      if (!s || !rect) return hide();
      const { tip } = build();
      tip.replaceChildren();
      tip.style.background = dark() ? '#1f1f23' : '#ffffff';
      tip.style.color = dark() ? '#f2f2f2' : '#1a1a1a';
      tip.style.borderLeftColor = ACCENT[s.label] ?? ACCENT.none;
      tip.append(el('div', 'label', t('label_' + s.label)), el('div', 'why', s.why));
      if (s.source) {
        const src = el('div', 'source', t('tooltip_source') + ' ');
        if (s.source.href && /^https?:/i.test(s.source.href)) {
          const a = el('a', '', s.source.text);
          a.style.color = dark() ? '#8cc8ff' : '#0b57d0';
          a.href = s.source.href;
          a.target = '_blank';
          a.rel = 'noopener noreferrer';
          src.append(a);
        } else {
          src.append(document.createTextNode(s.source.text));
        }
        if (s.source.anonymous) src.append(el('span', 'anon', ' ' + t('tooltip_anonymous')));
        tip.append(src);
      }
      if (s.cues.length) {
        tip.append(el('div', 'cues', t('tooltip_cues') + ' ' + s.cues.map((c) => `“${c.text}”`).join(', ')));
      }
      tip.append(el('div', 'confidence', t('tooltip_confidence', String(Math.round(s.confidence * 100)))));
      tip.hidden = false;
      const x = Math.min(rect.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - 340);
      tip.style.left = Math.max(window.scrollX + 4, x) + 'px';
      tip.style.top = rect.bottom + window.scrollY + 6 + 'px';
    }

    function hide() {
      if (ui) ui.tip.hidden = true;
    }

    return Object.freeze({ show, hide, isOpen: () => Boolean(ui && !ui.tip.hidden) });
  }

  globalThis.SourcelightTooltip = Object.freeze({ create });
})();
