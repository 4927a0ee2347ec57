// Sourcelight tooltip: the one tooltip of the content script and the
// playground. It lives in an open shadow root on a <sourcelight-ui> element
// appended to <html> (outside <body>, so the page's DOM stays as it was), is
// styled through CSSOM properties only (a page's CSP can block <style> and
// <link> in our shadow root, but never element.style), and takes page text
// only as text. It also holds the form in which the reader corrects a label.
(() => {
  'use strict';
  if (globalThis.SourcelightTooltip) return;
  const ACCENT = { sourced: '#0072B2', unsourced: '#E69F00', speculative: '#CC79A7', none: '#888888' };
  const { LABELS } = globalThis.SourcelightNames;
  const STYLE = {
    tip: 'position:absolute;width:max-content;max-width:min(340px,90vw);padding:8px 10px;border-radius:6px;font:13px/1.4 system-ui,sans-serif;'
      + 'box-shadow:0 2px 10px rgba(0,0,0,.35);border-left:5px solid;white-space:normal;text-align:left;',
    label: 'font-weight:700;margin-bottom:2px;',
    why: 'margin-bottom:4px;',
    source: 'margin-bottom:2px;',
    cues: 'opacity:.85;font-size:12px;',
    confidence: 'opacity:.75;font-size:12px;',
    anon: 'font-style:italic;',
    engine: 'opacity:.85;font-size:12px;margin-bottom:4px;',
    comment: 'font-style:italic;margin-bottom:4px;',
    note: 'font-size:12px;margin-top:4px;',
    row: 'display:flex;gap:6px;flex-wrap:wrap;margin-top:6px;',
    button: 'font:12px/1.2 system-ui,sans-serif;padding:3px 8px;border-radius:4px;border:1px solid;cursor:pointer;background:transparent;color:inherit;',
    fieldset: 'border:0;margin:6px 0 0;padding:0;',
    legend: 'font-weight:700;padding:0;margin-bottom:2px;',
    option: 'display:block;margin:1px 0;cursor:pointer;',
    input: 'box-sizing:border-box;width:100%;margin-top:4px;font:12px/1.3 system-ui,sans-serif;padding:3px 5px;border:1px solid;border-radius:4px;background:transparent;color:inherit;',
  };
  const HIDE_GRACE_MS = 250;
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
    let shown = null; // {s, rect, actions} of what is on show
    let formOpen = false;
    let hovered = false;
    let sticky = false; // showing what an action did ("Correction saved."): stays until the pointer has been in it
    let anchor = null; // where the pointer was when the sticky tooltip first saw it
    let hideTimer = 0;

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
      tip.addEventListener('mouseenter', () => {
        hovered = true;
        sticky = false;
        clearTimeout(hideTimer);
      });
      tip.addEventListener('mouseleave', () => {
        hovered = false;
        hide();
      });
      // What happens in the tooltip is ours: the page's own handlers never
      // see its clicks and keys (a page shortcut must not fire while the
      // reader types a comment).
      for (const type of ['click', 'mousedown', 'mouseup', 'keydown', 'keyup', 'keypress', 'input']) tip.addEventListener(type, (ev) => ev.stopPropagation());
      root.append(tip);
      document.documentElement.append(host);
      ui = { host, root, tip };
      return ui;
    }

    const button = (key, onClick) => {
      const b = el('button', 'button', t(key));
      b.type = 'button';
      b.dataset.action = key;
      b.addEventListener('click', onClick);
      return b;
    };

    /** The label line, and for a corrected sentence what the engine said. */
    function describe(tip, s) {
      const fixed = s.correction && s.engine_label !== undefined;
      tip.append(el('div', 'label', t('label_' + s.label) + (fixed ? ' · ' + t('tooltip_corrected') : '')));
      if (fixed) {
        if (s.correction.comment) tip.append(el('div', 'comment', '“' + s.correction.comment + '”'));
        tip.append(el('div', 'engine', t('tooltip_engine', t('label_' + s.engine_label)) + ' ' + s.why));
      } else {
        tip.append(el('div', 'why', s.why));
      }
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
    }

    /** The reader's choice of label and comment; `actions.correct(label,
     * comment)` saves it (label null: back to the engine's label). */
    function form(s, actions) {
      const f = el('form', '');
      f.setAttribute('aria-label', t('tooltip_correct_title'));
      const set = el('fieldset', 'fieldset');
      set.append(el('legend', 'legend', t('tooltip_correct_title')));
      for (const l of LABELS) {
        const lab = el('label', 'option');
        const r = document.createElement('input');
        r.type = 'radio';
        r.name = 'sl-label';
        r.value = l;
        r.checked = l === s.label;
        lab.append(r, ' ' + t('label_' + l) + (l === s.engine_label && s.correction ? ' ' + t('tooltip_engine_choice') : ''));
        set.append(lab);
      }
      const comment = el('input', 'input');
      comment.type = 'text';
      comment.name = 'comment';
      comment.maxLength = globalThis.SourcelightCorrections?.COMMENT_MAX ?? 500;
      comment.placeholder = t('tooltip_comment');
      comment.setAttribute('aria-label', t('tooltip_comment'));
      comment.value = s.correction?.comment ?? '';
      f.dataset.label = s.label;
      f.dataset.comment = comment.value;
      const row = el('div', 'row');
      const save = el('button', 'button', t('tooltip_save'));
      save.type = 'submit';
      save.dataset.action = 'save';
      row.append(save, button('tooltip_cancel', () => closeForm()));
      f.append(set, comment, row);
      f.addEventListener('submit', (ev) => {
        ev.preventDefault();
        const label = f.querySelector('input[name=sl-label]:checked')?.value;
        if (!label) return;
        // Choosing the engine's own label again takes the correction away.
        const engine = s.engine_label ?? s.label;
        formOpen = false;
        actions.correct(label === engine ? null : label, comment.value);
      });
      f.addEventListener('keydown', (ev) => {
        if (ev.key === 'Escape') {
          ev.preventDefault();
          closeForm();
        } else if (ev.key === 'Enter' && ev.target.type === 'radio') {
          ev.preventDefault();
          f.requestSubmit();
        }
      });
      return f;
    }

    /** What the reader has done in the open form: the label chosen, the
     * comment typed, where the keyboard is. A pass that ends while the form
     * is open (the one after an undo, a mutation's) redraws the tooltip, and
     * must not take any of it away. */
    function formState(tip) {
      const f = tip.querySelector('form');
      if (!f) return null;
      const focus = ui.root.activeElement;
      const comment = f.querySelector('input[name=comment]');
      const chosen = f.querySelector('input[name=sl-label]:checked')?.value ?? null;
      // What the reader has not changed follows the sentence: the pass
      // after an undo may end with the form open on the label it restores.
      return {
        chosen: chosen !== f.dataset.label ? chosen : null,
        comment: comment && comment.value !== f.dataset.comment ? comment.value : null,
        selection: [comment?.selectionStart ?? 0, comment?.selectionEnd ?? 0],
        focus: focus && f.contains(focus) ? [focus.name || focus.dataset.action || focus.localName, focus.value] : null,
      };
    }

    function restoreForm(tip, was) {
      const f = tip.querySelector('form');
      if (!f || !was) return;
      const radio = [...f.querySelectorAll('input[name=sl-label]')];
      if (was.chosen !== null) for (const r of radio) r.checked = r.value === was.chosen;
      const comment = f.querySelector('input[name=comment]');
      if (comment && was.comment !== null) comment.value = was.comment;
      if (!was.focus) return;
      const [name, value] = was.focus;
      const target = name === 'sl-label'
        ? radio.find((r) => r.checked) ?? radio.find((r) => r.value === value)
        : name === 'comment' ? comment : [...f.querySelectorAll('button')].find((b) => (b.dataset.action || b.localName) === name);
      target?.focus();
      if (target === comment) comment.setSelectionRange(...was.selection);
    }

    function render() {
      const { tip } = build();
      const { s, actions, note } = shown;
      // The form on show is this sentence's: show() closes it for another.
      const was = formOpen ? formState(tip) : null;
      tip.replaceChildren();
      tip.setAttribute('role', formOpen ? 'dialog' : 'tooltip');
      if (formOpen) tip.setAttribute('aria-label', t('tooltip_correct_title'));
      else tip.removeAttribute('aria-label');
      tip.style.background = dark() ? '#1f1f23' : '#ffffff';
      tip.style.color = dark() ? '#f2f2f2' : '#1a1a1a';
      tip.style.borderLeftColor = ACCENT[s.label] ?? ACCENT.none;
      describe(tip, s);
      if (note) tip.append(el('div', 'note', note));
      if (formOpen) {
        tip.append(form(s, actions));
        restoreForm(tip, was);
      } else if (actions) {
        const row = el('div', 'row');
        row.append(button('tooltip_correct', () => openForm()));
        if (actions.undo) row.append(button('tooltip_undo', () => actions.undo()));
        tip.append(row);
      }
      tip.hidden = false;
      const { rect } = shown;
      const x = Math.min(rect.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - 360);
      tip.style.left = Math.max(window.scrollX + 4, x) + 'px';
      // Close under the line, so the pointer reaches the tooltip's buttons
      // without crossing other text; over it where there is no room below.
      const height = tip.offsetHeight;
      const above = rect.bottom + 2 + height > window.innerHeight && rect.top - 2 - height >= 0;
      tip.style.top = (above ? rect.top - 2 - height : rect.bottom + 2) + window.scrollY + 'px';
    }

    /** Shows sentence `s` (an annotations@2 sentence) below `rect` (viewport
     * coordinates). `actions` ({correct, undo?}) offers the correction
     * buttons; `note` is a line of status under it ("Saved."). */
    function show(s, rect, actions, note) {
      if (!s || !rect) return hide(true);
      clearTimeout(hideTimer);
      // The same sentence by its key (its text): a pass renumbers sentences,
      // and two with the same text take the same correction anyway.
      const same = shown && shown.s.key === s.key;
      if (!same) formOpen = false;
      // After a correction the tooltip is redrawn smaller, and the pointer
      // that clicked Save may be outside it now: it must not vanish (with
      // its Undo) before the reader has seen it.
      if (same && note === undefined) {
        note = shown.note; // shown again where it is (a scroll, a focus): as it was
      } else {
        sticky = Boolean(note);
        anchor = null;
      }
      shown = { s, rect, actions, note };
      render();
    }

    /** Opens the correction form on the sentence on show and puts the
     * keyboard in it; false if there is nothing to correct. */
    function openForm() {
      if (!shown?.actions) return false;
      formOpen = true;
      render();
      (ui.tip.querySelector('input[name=sl-label]:checked') ?? ui.tip.querySelector('input'))?.focus();
      return true;
    }

    function closeForm() {
      if (!formOpen) return;
      formOpen = false;
      render();
      ui.tip.querySelector('button')?.focus();
    }

    /** Hides the tooltip: at once with `force`, otherwise after a short
     * grace, so the pointer can cross the gap from a sentence to the
     * tooltip's buttons, and never while the reader is in it (the form
     * open, or the pointer over it) or before they have seen what their
     * action did. */
    function hide(force = false) {
      if (!ui || (sticky && !force)) return;
      clearTimeout(hideTimer);
      const now = () => {
        formOpen = false;
        hovered = false;
        sticky = false;
        shown = null;
        ui.tip.hidden = true;
      };
      if (force) return now();
      hideTimer = setTimeout(() => {
        if (!formOpen && !hovered) now();
      }, HIDE_GRACE_MS);
    }

    /** Whether pointer event `ev` must leave the tooltip as it is: it is
     * showing what the reader's action did and the pointer has not really
     * moved since (a page redrawn under a resting pointer sends events too). */
    function holds(ev) {
      if (!sticky || !ui || ui.tip.hidden) return false;
      if (!anchor) {
        anchor = [ev.clientX, ev.clientY];
        return true;
      }
      if (Math.hypot(ev.clientX - anchor[0], ev.clientY - anchor[1]) < 6) return true;
      sticky = false;
      return false;
    }

    return Object.freeze({
      show, hide, openForm, closeForm, holds,
      isOpen: () => Boolean(ui && !ui.tip.hidden),
      /** The correction form is open: only the reader closes it. */
      isPinned: () => Boolean(ui && !ui.tip.hidden && formOpen),
      /** The sentence on show, if any. */
      current: () => shown?.s ?? null,
    });
  }

  globalThis.SourcelightTooltip = Object.freeze({ create });
})();
