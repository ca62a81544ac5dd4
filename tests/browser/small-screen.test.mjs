// The widget on a 320 px wide phone (iPhone SE portrait), with the test
// site's offers given long texts (a 2,000-character text, a title that is one
// long URL-like word): every box stays inside the viewport, the page gets no
// sideways scroll, and each close button can be seen and pressed.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useSite, openPage, waitForInit, waitForUi, root } from './support.mjs';

const env = useSite();

const site = JSON.parse(readFileSync(join(root, 'tests', 'browser', 'site', 'leadscore.json'), 'utf8'));
const LONG = Array.from({ length: 50 }, (_, i) => `Sentence ${i + 1} of a long offer text that goes on.`).join(' ').slice(0, 2000);
const WORD = `https://example.com/${'very-long-path-segment-'.repeat(6)}end`;

/** The site's config, the banner and slide-in with long texts, the slide-in shown at load. */
function longConfig() {
  const config = structuredClone(site);
  for (const o of config.offers) {
    if (o.id === 'newsletter-bar' || o.id === 'checklist-slide') {
      o.content.title = `${o.content.title} ${WORD}`;
      o.content.text = LONG;
    }
    if (o.id === 'checklist-slide') delete o.trigger;
  }
  return config;
}

/**
 * The box and close button of one placement, the viewport, and what is at
 * the close button's centre (through the shadow root), once its entry
 * animation is over.
 * @param {import('playwright-core').Page} page @param {string} kind
 */
function geometry(page, kind) {
  return page.evaluate(async (k) => {
    for (const host of document.querySelectorAll('leadscore-ui')) {
      const root = /** @type {ShadowRoot} */ (host.shadowRoot);
      const box = root.querySelector(`.ls.${k}`);
      if (!box) continue;
      await Promise.all(root.getAnimations().map((a) => a.finished.catch(() => {}))); // measured where it stays
      const b = box.getBoundingClientRect();
      const x = /** @type {Element} */ (root.querySelector('.x')).getBoundingClientRect();
      const cx = x.left + x.width / 2;
      const cy = x.top + x.height / 2;
      return {
        box: { top: Math.floor(b.top), bottom: Math.ceil(b.bottom), left: Math.floor(b.left), right: Math.ceil(b.right) },
        close: { x: cx, y: cy },
        closeAtCentre: root.elementFromPoint(cx, cy) === root.querySelector('.x'),
        viewport: { width: innerWidth, height: innerHeight },
        scrollWidth: document.documentElement.scrollWidth,
      };
    }
    return null;
  }, kind);
}

test('a 2,000-character offer text on a 320 px phone: banner and slide-in stay on screen, their close buttons reachable', async () => {
  const page = await openPage(env.browser, undefined, { viewport: { width: 320, height: 568 } });
  const config = JSON.stringify(longConfig());
  await page.context().route('**/leadscore.json', (r) => r.fulfill({ contentType: 'application/json', body: config }));
  await page.goto(`${env.server.url}/blog/lead-scoring-101`);
  const r = await waitForInit(page);
  assert.ok(r.ok, JSON.stringify(r));
  await waitForUi(page, 'banner');
  await waitForUi(page, 'slide');
  for (const kind of ['slide', 'banner']) {
    const g = await geometry(page, kind);
    assert.ok(g, `${kind} shown`);
    assert.ok(g.box.top >= 0 && g.box.bottom <= g.viewport.height, `${kind} inside the viewport vertically: ${JSON.stringify(g)}`);
    assert.ok(g.box.left >= 0 && g.box.right <= g.viewport.width, `${kind} inside the viewport horizontally: ${JSON.stringify(g)}`);
    assert.equal(g.scrollWidth, g.viewport.width, 'no sideways scroll on the page');
    assert.ok(g.closeAtCentre, `${kind}: its close button is on screen, on top: ${JSON.stringify(g)}`);
    // A finger on the close button closes it (the slide-in stands on the banner, which keeps to half the screen).
    await page.mouse.click(g.close.x, g.close.y);
    await page.waitForFunction((k) => ![...document.querySelectorAll('leadscore-ui')].some((h) => h.shadowRoot?.querySelector(`.ls.${k}`)), kind);
  }
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

/**
 * A page that ends with a footer of links, its <body> laid out as `bodyStyle`
 * says (`css`: more rules), in direction `dir`; the config's one banner shown
 * at load. `shell`: the header is a sidebar beside the page (a flex row body),
 * or the page scrolls in <main>, which holds the footer (an app shell).
 * @param {string} bodyStyle @param {string} dir @param {string} css @param {'' | 'sidebar' | 'app'} shell
 */
function footerPage(bodyStyle, dir, css = '', shell = '') {
  const paragraphs = Array.from({ length: 12 }, (_, i) => `<p>Paragraph ${i + 1} of an article long enough to scroll on a phone.</p>`).join('');
  const footer = '<footer><a href="#terms">Terms</a> <a href="#privacy" id="last">Privacy</a></footer>';
  const header = '<header><a href="/">Home</a></header>';
  const body = shell === 'sidebar' ? `${header}<div class="page"><main>${paragraphs}</main>${footer}</div>`
    : shell === 'app' ? `${header}<main>${paragraphs}${footer}</main>` : `${header}<main>${paragraphs}</main>${footer}`;
  return `<!doctype html><html lang="en" dir="${dir}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Footer</title>
<style>body { margin: 0; font: 16px/1.5 sans-serif; ${bodyStyle} } footer { padding: 1em; background: #eee; } ${css}</style>
<script src="/leadscore/leadscore.js" data-config="/leadscore.json" defer></script></head>
<body>${body}</body></html>`;
}

/** Scrolls the page (the document, else `scroller`) to its end; what is at the centre of its last link. */
const scrolledToEnd = async (/** @type {string} */ scroller) => {
  const host = /** @type {Element} */ ([...document.querySelectorAll('leadscore-ui')].find((e) => e.shadowRoot?.querySelector('.banner')));
  await Promise.all(/** @type {ShadowRoot} */ (host.shadowRoot).getAnimations().map((a) => a.finished.catch(() => {})));
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))); // its height measured and followed
  const box = scroller ? document.querySelector(scroller) : null;
  if (box) box.scrollTop = box.scrollHeight;
  else scrollTo(0, document.documentElement.scrollHeight);
  const link = /** @type {HTMLElement} */ (document.getElementById('last'));
  const r = link.getBoundingClientRect();
  const x = r.left + r.width / 2;
  const y = r.top + r.height / 2;
  const banner = /** @type {ShadowRoot} */ (host.shadowRoot).querySelector('.banner')?.getBoundingClientRect();
  return { x, y, hit: document.elementFromPoint(x, y) === link, linkBottom: r.bottom, bannerTop: banner?.top };
};

for (const [name, bodyStyle, dir, css, shell] of [
  ['a plain page', '', 'ltr'],
  ['a body that is a column flex box (sticky footer)', 'display: flex; flex-direction: column; min-height: 100vh;', 'ltr'],
  ['a body that is a grid', 'display: grid; grid-template-columns: 1fr; grid-template-rows: auto 1fr auto; min-height: 100vh;', 'ltr'],
  ['a right-to-left page', '', 'rtl'],
  ['a body that is a flex row (a sidebar beside the page)', 'display: flex;', 'ltr', 'header { flex: none; width: 5em; } .page { flex: 1; }', 'sidebar'],
  ['an app shell that scrolls its page in <main>', 'height: 100vh; overflow: hidden;', 'ltr',
    'header { height: 3em; } main { height: calc(100% - 3em); overflow: auto; }', 'app'],
]) {
  test(`a bottom banner on a 360 px phone, ${name}: the footer's last link can be scrolled above it and clicked; closed, the page is as long as before`, async () => {
    const page = await openPage(env.browser, undefined, { viewport: { width: 360, height: 640 } });
    const config = structuredClone(site);
    config.offers = config.offers.filter((/** @type {any} */ o) => o.id === 'newsletter-bar');
    config.gates = config.gates.filter((/** @type {any} */ g) => !g.offer);
    await page.context().route('**/leadscore.json', (r) => r.fulfill({ contentType: 'application/json', body: JSON.stringify(config) }));
    await page.context().route('**/footer-page', (r) => r.fulfill({ contentType: 'text/html', body: footerPage(bodyStyle, dir, css, shell) }));
    const scroller = shell === 'app' ? 'main' : '';
    // The page's length before the widget shows anything (it starts after the deferred scripts).
    await page.addInitScript((s) => addEventListener('DOMContentLoaded', () => {
      /** @type {any} */ (window).lengthBefore = (s ? document.querySelector(s) : document.documentElement)?.scrollHeight;
    }), scroller);
    await page.goto(`${env.server.url}/footer-page`);
    assert.ok((await waitForInit(page)).ok);
    await waitForUi(page, 'banner');
    const atEnd = await page.evaluate(scrolledToEnd, scroller);
    assert.ok(atEnd.hit, `scrolled to the end, the footer's last link is above the banner: ${JSON.stringify(atEnd)}`);
    await page.mouse.click(atEnd.x, atEnd.y);
    await page.waitForURL(/#privacy$/);
    // Closed: the room made for the banner goes with it.
    await page.evaluate(() => {
      const host = [...document.querySelectorAll('leadscore-ui')].find((e) => e.shadowRoot?.querySelector('.banner'));
      /** @type {HTMLElement} */ (host?.shadowRoot?.querySelector('.x')).click();
    });
    await page.waitForFunction(() => ![...document.querySelectorAll('leadscore-ui')].some((h) => h.shadowRoot?.querySelector('.banner')));
    const lengths = await page.evaluate((s) => [/** @type {any} */ (window).lengthBefore, (s ? document.querySelector(s) : document.documentElement)?.scrollHeight], scroller);
    assert.equal(lengths[1], lengths[0], 'the page\'s scroll height once the banner is closed');
    assert.deepEqual(page.problems(), []);
    await page.context().close();
  });
}

test('a bottom banner on a 360 px phone, an app shell that replaces its <main> (a new view): the new view\'s last link can be scrolled above the banner too', async () => {
  const page = await openPage(env.browser, undefined, { viewport: { width: 360, height: 640 } });
  const config = structuredClone(site);
  config.offers = config.offers.filter((/** @type {any} */ o) => o.id === 'newsletter-bar');
  config.gates = config.gates.filter((/** @type {any} */ g) => !g.offer);
  await page.context().route('**/leadscore.json', (r) => r.fulfill({ contentType: 'application/json', body: JSON.stringify(config) }));
  await page.context().route('**/footer-page', (r) => r.fulfill({ contentType: 'text/html',
    body: footerPage('height: 100vh; overflow: hidden;', 'ltr', 'header { height: 3em; } main { height: calc(100% - 3em); overflow: auto; }', 'app') }));
  await page.goto(`${env.server.url}/footer-page`);
  assert.ok((await waitForInit(page)).ok);
  await waitForUi(page, 'banner');
  assert.ok((await page.evaluate(scrolledToEnd, 'main')).hit, 'the first view\'s last link');
  // The app renders its next view in a new <main> (the old one, with what the widget put in it, gone).
  await page.evaluate(() => {
    const old = /** @type {Element} */ (document.querySelector('main'));
    const next = document.createElement('main');
    next.innerHTML = old.innerHTML.replace(/Paragraph/g, 'Section');
    for (const e of next.querySelectorAll('[data-leadscore-ui]')) e.remove();
    old.replaceWith(next);
  });
  await page.waitForFunction(() => !!document.querySelector('main [data-leadscore-ui]'));
  const atEnd = await page.evaluate(scrolledToEnd, 'main');
  assert.ok(atEnd.hit, `scrolled to the new view's end, its last link is above the banner: ${JSON.stringify(atEnd)}`);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

for (const [name, viewport, insets] of [
  ['an iPhone held upright (the home indicator below)', { width: 390, height: 844 }, { top: 47, bottom: 34, left: 0, right: 0 }],
  ['an iPhone held sideways (the notch at the left, the home indicator below)', { width: 844, height: 390 }, { top: 0, bottom: 21, left: 47, right: 47 }],
]) {
  test(`a page drawn under the screen's rounded corners and notch (viewport-fit=cover) on ${name}: the banner's and slide-in's texts and buttons stay in the safe area, the banner's background still reaches the screen's edges`, async () => {
    const page = await openPage(env.browser, undefined, { viewport });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setSafeAreaInsetsOverride', { insets });
    const config = structuredClone(site);
    delete config.offers.find((/** @type {any} */ o) => o.id === 'checklist-slide').trigger; // shown at load
    await page.context().route('**/leadscore.json', (r) => r.fulfill({ contentType: 'application/json', body: JSON.stringify(config) }));
    await page.route('**/blog/lead-scoring-101', async (r) => {
      const html = await (await r.fetch()).text();
      await r.fulfill({ contentType: 'text/html', body: html.replace('initial-scale=1', 'initial-scale=1, viewport-fit=cover') });
    });
    await page.goto(`${env.server.url}/blog/lead-scoring-101`);
    assert.ok((await waitForInit(page)).ok);
    await waitForUi(page, 'banner');
    await waitForUi(page, 'slide');
    const safe = { top: insets.top, left: insets.left, right: viewport.width - insets.right, bottom: viewport.height - insets.bottom };
    const seen = await page.evaluate(async () => {
      /** @type {Record<string, any>} */
      const out = {};
      for (const host of document.querySelectorAll('leadscore-ui')) {
        const root = /** @type {ShadowRoot} */ (host.shadowRoot);
        await Promise.all(root.getAnimations().map((a) => a.finished.catch(() => {})));
        const box = root.querySelector('.ls.banner, .ls.slide');
        if (!box) continue;
        const rect = (/** @type {Element} */ e) => {
          const r = e.getBoundingClientRect();
          return { top: Math.floor(r.top), left: Math.floor(r.left), right: Math.ceil(r.right), bottom: Math.ceil(r.bottom) };
        };
        out[box.classList.contains('banner') ? 'banner' : 'slide'] = {
          box: rect(box),
          parts: [...box.querySelectorAll('.t, .d, .cta, .x')].map((e) => ({ part: e.className, ...rect(e) })),
        };
      }
      return out;
    });
    for (const kind of ['banner', 'slide']) {
      assert.ok(seen[kind], `${kind} shown`);
      for (const p of seen[kind].parts) {
        assert.ok(p.left >= safe.left && p.right <= safe.right && p.bottom <= safe.bottom,
          `${kind} ${p.part} inside the safe area ${JSON.stringify(safe)}: ${JSON.stringify(p)}`);
      }
    }
    const b = seen.banner.box;
    assert.deepEqual([b.left, b.right, b.bottom], [0, viewport.width, viewport.height], 'the banner\'s box still spans the screen to its bottom edge');
    assert.deepEqual(page.problems(), []);
    await page.context().close();
  });
}

test('a reader who set the browser\'s default font size to 32 px (low vision): the widget\'s text grows with the page\'s, 30 px where it is 15 px at the default 16; a page\'s own font sizes (62.5% on <html>, 12 px or 24 px on every element) leave it at 15 px', async () => {
  /** The font sizes of the banner, the inline offer and the gate card on the blog post. @param {number} standard the browser's default font size (0: as it comes) @param {string} [css] the page's own */
  const size = async (standard, css) => {
    const page = await openPage(env.browser);
    if (standard) {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Page.enable');
      await cdp.send('Page.setFontSizes', { fontSizes: { standard } });
    }
    if (css) {
      await page.route('**/blog/lead-scoring-101', async (r) => {
        const res = await r.fetch();
        await r.fulfill({ response: res, body: (await res.text()).replace('</head>', `<style>${css}</style></head>`) });
      });
    }
    await page.goto(`${env.server.url}/blog/lead-scoring-101`);
    assert.ok((await waitForInit(page)).ok);
    for (const kind of ['banner', 'inline', 'gate']) await waitForUi(page, kind);
    const px = await page.evaluate(() => Object.fromEntries(['banner', 'inline', 'gate'].map((k) => [k, [...document.querySelectorAll('leadscore-ui')]
      .map((h) => h.shadowRoot?.querySelector(`.ls.${k}`)).filter(Boolean).map((b) => getComputedStyle(/** @type {Element} */ (b)).fontSize)[0]])));
    assert.deepEqual(page.problems(), []);
    await page.context().close();
    return px;
  };
  const all = (/** @type {string} */ px) => ({ banner: px, inline: px, gate: px });
  assert.deepEqual(await size(0), all('15px'));
  assert.deepEqual(await size(32), all('30px'));
  assert.deepEqual(await size(0, 'html { font-size: 62.5% } * { font-size: 12px }'), all('15px'));
  assert.deepEqual(await size(0, 'main * { font-size: 24px !important } body > * { font-size: 24px }'), all('15px'), 'nor larger');
});
