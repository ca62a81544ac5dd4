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
 * says, in direction `dir`; the config's one banner shown at load.
 * @param {string} bodyStyle @param {string} dir
 */
function footerPage(bodyStyle, dir) {
  const paragraphs = Array.from({ length: 12 }, (_, i) => `<p>Paragraph ${i + 1} of an article long enough to scroll on a phone.</p>`).join('');
  return `<!doctype html><html lang="en" dir="${dir}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Footer</title>
<style>body { margin: 0; font: 16px/1.5 sans-serif; ${bodyStyle} } footer { padding: 1em; background: #eee; }</style>
<script src="/leadscore/leadscore.js" data-config="/leadscore.json" defer></script></head>
<body><header><a href="/">Home</a></header><main>${paragraphs}</main>
<footer><a href="#terms">Terms</a> <a href="#privacy" id="last">Privacy</a></footer></body></html>`;
}

for (const [name, bodyStyle, dir] of [
  ['a plain page', '', 'ltr'],
  ['a body that is a column flex box (sticky footer)', 'display: flex; flex-direction: column; min-height: 100vh;', 'ltr'],
  ['a body that is a grid', 'display: grid; grid-template-columns: 1fr; grid-template-rows: auto 1fr auto; min-height: 100vh;', 'ltr'],
  ['a right-to-left page', '', 'rtl'],
]) {
  test(`a bottom banner on a 360 px phone, ${name}: the footer's last link can be scrolled above it and clicked; closed, the page is as long as before`, async () => {
    const page = await openPage(env.browser, undefined, { viewport: { width: 360, height: 640 } });
    const config = structuredClone(site);
    config.offers = config.offers.filter((/** @type {any} */ o) => o.id === 'newsletter-bar');
    config.gates = config.gates.filter((/** @type {any} */ g) => !g.offer);
    await page.context().route('**/leadscore.json', (r) => r.fulfill({ contentType: 'application/json', body: JSON.stringify(config) }));
    await page.context().route('**/footer-page', (r) => r.fulfill({ contentType: 'text/html', body: footerPage(bodyStyle, dir) }));
    // The page's length before the widget shows anything (it starts after the deferred scripts).
    await page.addInitScript(() => addEventListener('DOMContentLoaded', () => {
      /** @type {any} */ (window).lengthBefore = document.documentElement.scrollHeight;
    }));
    await page.goto(`${env.server.url}/footer-page`);
    assert.ok((await waitForInit(page)).ok);
    await waitForUi(page, 'banner');
    const atEnd = await page.evaluate(async () => {
      const host = /** @type {Element} */ ([...document.querySelectorAll('leadscore-ui')].find((e) => e.shadowRoot?.querySelector('.banner')));
      await Promise.all(/** @type {ShadowRoot} */ (host.shadowRoot).getAnimations().map((a) => a.finished.catch(() => {})));
      await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))); // its height measured and followed
      scrollTo(0, document.documentElement.scrollHeight);
      const link = /** @type {HTMLElement} */ (document.getElementById('last'));
      const r = link.getBoundingClientRect();
      const x = r.left + r.width / 2;
      const y = r.top + r.height / 2;
      const banner = /** @type {ShadowRoot} */ (host.shadowRoot).querySelector('.banner')?.getBoundingClientRect();
      return { x, y, hit: document.elementFromPoint(x, y) === link, linkBottom: r.bottom, bannerTop: banner?.top };
    });
    assert.ok(atEnd.hit, `scrolled to the end, the footer's last link is above the banner: ${JSON.stringify(atEnd)}`);
    await page.mouse.click(atEnd.x, atEnd.y);
    await page.waitForURL(/#privacy$/);
    // Closed: the room made for the banner goes with it.
    await page.evaluate(() => {
      const host = [...document.querySelectorAll('leadscore-ui')].find((e) => e.shadowRoot?.querySelector('.banner'));
      /** @type {HTMLElement} */ (host?.shadowRoot?.querySelector('.x')).click();
    });
    await page.waitForFunction(() => ![...document.querySelectorAll('leadscore-ui')].some((h) => h.shadowRoot?.querySelector('.banner')));
    const lengths = await page.evaluate(() => [/** @type {any} */ (window).lengthBefore, document.documentElement.scrollHeight]);
    assert.equal(lengths[1], lengths[0], 'the page\'s scroll height once the banner is closed');
    assert.deepEqual(page.problems(), []);
    await page.context().close();
  });
}
