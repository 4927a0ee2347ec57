// Pages built to break extensions: markup as text, absurd nesting and size,
// constant mutation, overridden built-ins, frames, shadow roots, editable
// regions, SVG, right-to-left text, no article at all, a strict CSP. Each
// page's own script counts ticks (the probe), so a test can tell the page
// kept working.

const P = (s) => `<p>${s}</p>`;
const ARTICLE = [
  'The port authority said on Monday that the new crane would be delivered in May.',
  'The crane cost more than the old one.',
  'Officials are reportedly considering a second order.',
  'According to the shipping register, three vessels were delayed last week.',
  'The delays will probably continue into the summer.',
  'Dock workers told the Harbour Gazette that shifts had been cut.',
].map(P).join('\n');

const page = (title, body, { head = '', lang = 'en', dir = 'ltr' } = {}) =>
  `<!doctype html><html lang="${lang}" dir="${dir}"><head><meta charset="utf-8"><title>${title}</title>${head}</head><body>${body}</body></html>`;

// Scripts must be same-origin files: the strict pages forbid inline script.
export const SCRIPTS = {
  // Adds and removes nodes every few milliseconds, for ever.
  'storm.js': `(() => {
    const box = document.getElementById('ticker');
    let n = 0;
    setInterval(() => {
      const p = document.createElement('p');
      p.textContent = 'Update ' + (++n) + ': the market moved.';
      box.append(p);
      if (box.childNodes.length > 5) box.firstChild.remove();
    }, 4);
  })();`,
  // Breaks the built-ins an extension might lean on, in the page's world.
  'override.js': `(() => {
    Array.prototype.map = function () { throw new Error('page broke map'); };
    JSON.stringify = () => { throw new Error('page broke JSON.stringify'); };
    JSON.parse = () => { throw new Error('page broke JSON.parse'); };
    window.fetch = () => { throw new Error('page broke fetch'); };
    Element.prototype.getAttribute = () => 'hijacked';
    Element.prototype.attachShadow = () => { throw new Error('page broke attachShadow'); };
    Element.prototype.append = () => { throw new Error('page broke append'); };
    Node.prototype.appendChild = function () { throw new Error('page broke appendChild'); };
    Object.defineProperty(Element.prototype, 'localName', { get() { return 'hijacked'; } });
  })();`,
  // Keeps secrets the export must never contain.
  'secrets.js': `(() => {
    document.cookie = 'session=COOKIE-SECRET-4711; path=/';
    try { localStorage.setItem('token', 'STORAGE-SECRET-0815'); } catch {}
    window.appState = { user: 'STATE-SECRET-2342' };
  })();`,
  // A page built from a web component: the whole article in an open shadow
  // root, its lede slotted in from the light DOM; and a closed shadow root,
  // which no extension can read, with text of its own.
  'shadow-app.js': `(() => {
    const root = document.getElementById('app').attachShadow({ mode: 'open' });
    root.innerHTML = '<article><h1>The shadow budget</h1><slot name="lede"></slot>' + ${JSON.stringify(ARTICLE)} + '</article>';
    // A story that grows inside the component after it was read.
    window.__addLate = () => {
      const p = document.createElement('p');
      p.textContent = 'Late news: the harbour board reportedly met again on Sunday.';
      root.querySelector('article').append(p);
    };
    const closed = document.getElementById('closed-host').attachShadow({ mode: 'closed' });
    closed.innerHTML = '<p>The closed root says the mayor allegedly lied in the council chamber on Monday.</p>';
  })();`,
  // An open shadow root with text in it.
  'shadow.js': `(() => {
    const host = document.getElementById('shadow-host');
    const root = host.attachShadow({ mode: 'open' });
    root.innerHTML = '<p>Inside the shadow root the minister allegedly resigned.</p>';
  })();`,
};

function deep(levels) {
  return '<div>'.repeat(levels) + '<article>' + ARTICLE + '</article>' + '</div>'.repeat(levels);
}

function huge(bytes) {
  const para = [
    'The committee said on Tuesday that the budget would be published in June.',
    'Revenue fell by four percent in the last quarter.',
    'Analysts suggest the shortfall could widen next year.',
    'According to the treasury, spending on roads doubled.',
  ].join(' ');
  const out = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const p = `<p>Section ${i}. ${para}</p>\n`;
    out.push(p);
    size += p.length;
  }
  return out.join('');
}

/** name -> {html, csp?, note}: `expect` says what the page must show. */
export function hostilePages(crossOrigin) {
  return {
    'markup-as-text': {
      html: page('Markup as text', `<article><h1>Security notes</h1>
        ${P('The researcher said the payload &lt;script&gt;alert(1)&lt;/script&gt; was found in the form.')}
        ${P('The report says &lt;img src=x onerror=alert(document.cookie)&gt; ran in old browsers.')}
        ${P('According to the vendor, links like javascript:alert(1) are now blocked.')}
        ${P('The fix is complete. The attack was probably automated.')}
        <p>Details at <a href="javascript:alert(2)">this link</a>, the vendor said.</p></article>`),
      expect: { markup: ['<script>alert(1)</script>', '<img src=x onerror=alert(document.cookie)>', 'javascript:alert(1)'] },
    },
    'deep-nesting': { html: page('Deep nesting', deep(10_000)) },
    'five-megabytes': { html: page('Five megabytes', '<article><h1>The long budget</h1>' + huge(5_000_000) + '</article>') },
    'mutation-storm': {
      html: page('Mutation storm', `<article><h1>Live</h1>${ARTICLE}</article><aside id="ticker"></aside><script src="/storm.js"></script>`),
      expect: { storm: true },
    },
    'overridden-builtins': {
      html: page('Overridden built-ins', `<script src="/override.js"></script><article><h1>Port news</h1>${ARTICLE}</article>`),
    },
    iframes: {
      html: page('Frames', `<article><h1>Frames</h1>${ARTICLE}</article>
        <iframe src="/frame-inner" title="same origin"></iframe>
        <iframe src="${crossOrigin}/frame-inner" title="cross origin"></iframe>`),
      expect: { notPainted: ['Inside the frame the governor reportedly quit.'] },
    },
    'frame-inner': { html: page('Inner frame', `<article>${P('Inside the frame the governor reportedly quit.')}${P('The frame text is plain.')}</article>`) },
    // Text in an open shadow root inside the article is read and painted
    // (the CLI, given the HTML alone, never sees it).
    'shadow-root': {
      html: page('Shadow root', `<article><h1>Shadow</h1>${ARTICLE}<div id="shadow-host"></div></article><script src="/shadow.js"></script>`),
      expect: { beyondCli: true, painted: ['Inside the shadow root the minister allegedly resigned.'] },
    },
    'shadow-app': {
      html: page('Shadow app', `<header><a href="/">Home</a> <a href="/news">News</a></header>
        <div id="app"><p slot="lede">The mayor said on Friday that the shadow budget would pass next week.</p></div>
        <div id="closed-host"></div><script src="/shadow-app.js"></script>`),
      expect: {
        beyondCli: true,
        painted: ['The mayor said on Friday that the shadow budget would pass next week.', 'Officials are reportedly considering a second order.'],
        notPainted: ['The closed root says the mayor allegedly lied in the council chamber on Monday.'],
        late: 'Late news: the harbour board reportedly met again on Sunday.',
        screenshot: true,
      },
    },
    // The whole article in a same-origin frame: read, and painted through
    // the frame's own highlight registry.
    'frame-article': {
      html: page('Frame article', `<nav><a href="/">Home</a> <a href="/news">News</a></nav>
        <iframe src="/frame-story" title="story" style="width: 960px; height: 640px; border: 0"></iframe>`),
      expect: { beyondCli: true, framePainted: ['Officials are reportedly considering a second order.', 'The delays will probably continue into the summer.'], screenshot: true },
    },
    'frame-story': { html: page('Frame story', `<article><h1>The port in a frame</h1>${ARTICLE}</article>`) },
    'editable-regions': {
      html: page('Editable regions', `<article><h1>Forms</h1>${ARTICLE}
        <div contenteditable="true"><p>Editable text says the mayor probably lied.</p></div>
        <textarea>The textarea says the mayor allegedly lied.</textarea></article>`),
      expect: { notPainted: ['Editable text says the mayor probably lied.', 'The textarea says the mayor allegedly lied.'] },
    },
    'svg-text': {
      html: page('SVG text', `<article><h1>Chart</h1>${ARTICLE}
        <svg width="300" height="60"><text x="10" y="30">The chart says costs will probably rise.</text></svg></article>`),
    },
    'right-to-left': {
      html: page('مقال', `<article><h1>أخبار الميناء</h1>
        <p>قالت هيئة الميناء يوم الاثنين إن الرافعة الجديدة ستصل في مايو. التكلفة كانت أعلى من المتوقع.</p>
        <p>ויקיפדיה היא אנציקלופדיה חופשית. לפי הדו"ח, המחירים עלו בשנה שעברה.</p>
        ${ARTICLE}</article>`, { lang: 'en', dir: 'rtl' }),
    },
    // A page in a language the engine has no data for: nothing painted as
    // if it were English, and the panel says which language it found.
    'unsupported-language': {
      html: page('港湾ニュース', `<article><h1>港湾ニュース</h1>
        <p>港湾局は月曜日、新しいクレーンが五月に到着すると発表した。費用は予想より高かった。</p>
        <p>市長はおそらく辞任するだろう。</p></article>`, { lang: 'ja' }),
      expect: { unsupported: 'This page is in Japanese (ja). Sourcelight cannot label Japanese yet, so nothing is highlighted.' },
    },
    'no-article': {
      html: page('Nothing to read', '<nav><a href="/">Home</a> <a href="/x">Sign in</a></nav><button>Subscribe</button><footer>© 2026</footer>'),
      expect: { noArticle: true },
    },
    'strict-csp-hostile': {
      html: page('Strict CSP', `<article><h1>Strict</h1>${ARTICLE}${P('Rumour has it the &lt;b&gt;board&lt;/b&gt; will resign.')}</article><script src="/secrets.js"></script>`),
      csp: "default-src 'none'; script-src 'self'; style-src 'none'; img-src 'none'; connect-src 'none'; frame-src 'none'; base-uri 'none'; form-action 'none'",
      expect: { secrets: ['COOKIE-SECRET-4711', 'STORAGE-SECRET-0815', 'STATE-SECRET-2342'] },
    },
  };
}
