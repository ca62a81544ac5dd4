// The widget's boxes and a visitor on the keyboard: a link the Tab key
// focuses on a long page never ends up under the bottom banner or the
// slide-in (WCAG 2.4.11), the first one focused on the page too, also in an
// app shell that scrolls its page in <main>; stepped aside for the page's
// own modal or closed, the page's own inline style is back. Esc with the
// focus in the banner dismisses it (a dismissal), the focus going back where
// it came from.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useSite, openPage, waitForInit, waitForUi, recordEvents, recorded, root } from './support.mjs';

const env = useSite();

const site = JSON.parse(readFileSync(join(root, 'tests', 'browser', 'site', 'leadscore.json'), 'utf8'));

/**
 * The site's config with only these offers, each shown at load; no gate offers.
 * @param {string[]} ids
 */
function only(ids) {
  const config = structuredClone(site);
  config.offers = config.offers.filter((/** @type {any} */ o) => ids.includes(o.id));
  for (const o of config.offers) delete o.trigger;
  config.gates = config.gates.filter((/** @type {any} */ g) => !g.offer);
  return JSON.stringify(config);
}

/**
 * A long page: its first link low on the first screen (where a bottom box
 * covers it), then a link every 90 px (the next one on screen, under the
 * box: the browser does not scroll to it unless told the box is there), a
 * screen of text, then a footer of links; its own inline style on <html>. `app`: it scrolls in <main> (an app shell).
 * @param {boolean} app
 */
function longPage(app) {
  const sections = Array.from({ length: 16 }, (_, i) => `<p${i ? '' : ' class="top"'}>Section ${i + 1}.</p><a href="#l${i + 1}" id="l${i + 1}">Link ${i + 1}</a>`).join('');
  return `<!doctype html><html lang="en" style="scroll-padding-bottom: 8px; color: #111"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Long</title>
<style>body { margin: 0; font: 16px/1.5 sans-serif; } p { margin: 0; height: 66px; } p.top { height: ${app ? 564 : 580}px; } a { display: block; }
footer { padding: 1em; background: #eee; }
${app ? 'body { height: 100vh; overflow: hidden; } header { height: 1em; } main { height: calc(100% - 1em); overflow: auto; }' : ''}</style>
<script src="/leadscore/leadscore.js" data-config="/leadscore.json" defer></script></head>
<body><header></header><main>${sections}<p class="top">The end.</p><footer><a href="#terms" class="end">Terms</a> <a href="#privacy" class="end">Privacy</a></footer></main></body></html>`;
}

/**
 * Presses Tab until the focus leaves the page for the widget's boxes; for
 * each page element it focused: its id or text, and the widget's box it
 * overlaps (on screen, after the boxes' animations), if any.
 * @param {import('playwright-core').Page} page
 */
async function tabThrough(page) {
  await page.evaluate(async () => {
    for (const h of document.querySelectorAll('leadscore-ui')) {
      await Promise.all((h.shadowRoot?.getAnimations() ?? []).map((a) => a.finished.catch(() => {})));
    }
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  });
  const seen = [];
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    const at = await page.evaluate(() => {
      const a = /** @type {HTMLElement} */ (document.activeElement);
      if (!a || a.localName === 'leadscore-ui' || a === document.body) return null;
      const r = a.getBoundingClientRect();
      const under = [...document.querySelectorAll('leadscore-ui')].map((h) => h.shadowRoot?.querySelector('.banner,.slide')).filter((b) => {
        const c = b?.getBoundingClientRect();
        return c && c.height && r.bottom > c.top && r.top < c.bottom && r.right > c.left && r.left < c.right;
      }).map((b) => b?.className);
      return { link: a.id || a.textContent, end: a.className === 'end', top: Math.round(r.top), under };
    });
    if (!at) break;
    seen.push(at);
  }
  return seen;
}

/** Closes the open banner and slide-in with their close buttons. @param {import('playwright-core').Page} page */
async function closeAll(page) {
  await page.evaluate(() => {
    for (const h of document.querySelectorAll('leadscore-ui')) /** @type {HTMLElement | null | undefined} */ (h.shadowRoot?.querySelector('.x'))?.click();
  });
  await page.waitForFunction(() => !document.querySelector('leadscore-ui'));
}

for (const [name, ids, app] of /** @type {[string, string[], boolean][]} */ ([
  ['a bottom banner', ['newsletter-bar'], false],
  ['a bottom banner, in an app shell that scrolls its page in <main>', ['newsletter-bar'], true],
  ['a slide-in', ['checklist-slide'], false],
  ['a slide-in standing on a bottom banner', ['newsletter-bar', 'checklist-slide'], false],
])) {
  test(`on a 360 px phone with ${name}, each link Tab focuses on a long page is above it, the first one too; stepped aside or closed, the page's own inline style is back`, async () => {
    const page = await openPage(env.browser, undefined, { viewport: { width: 360, height: 640 } });
    await page.context().route('**/leadscore.json', (r) => r.fulfill({ contentType: 'application/json', body: only(ids) }));
    await page.context().route('**/long-page', (r) => r.fulfill({ contentType: 'text/html', body: longPage(app) }));
    await page.goto(`${env.server.url}/long-page`);
    assert.ok((await waitForInit(page)).ok);
    for (const id of ids) await waitForUi(page, id === 'newsletter-bar' ? 'banner' : 'slide');
    const seen = await tabThrough(page);
    // The page's first and every later link; the footer's too, where the room at the page's end lets it
    // scroll above the banner (only the banner makes room there: a slide-in alone may cover the page's very end).
    assert.equal(seen.filter((s) => !s.end).length, 16, JSON.stringify(seen));
    const checked = ids.includes('checklist-slide') ? seen.filter((s) => !s.end) : seen;
    assert.deepEqual(checked.filter((s) => s.under.length), [], `focused under a box: ${JSON.stringify(seen)}`);
    // Stepped aside for the page's own modal <dialog>: the page's own padding while it is open, then the boxes' again.
    const own = 'scroll-padding-bottom: 8px; color: rgb(17, 17, 17);';
    const padded = await page.evaluate(() => document.documentElement.style.cssText);
    assert.notEqual(padded, own);
    await page.evaluate(() => {
      const d = document.body.appendChild(document.createElement('dialog'));
      d.id = 'page-modal';
      d.showModal();
    });
    await page.waitForFunction((o) => document.documentElement.style.cssText === o, own);
    await page.evaluate(() => /** @type {HTMLDialogElement} */ (document.getElementById('page-modal')).close());
    await page.waitForFunction((p) => document.documentElement.style.cssText === p, padded);
    await closeAll(page);
    assert.deepEqual(await page.evaluate(() => [document.documentElement.style.cssText, document.querySelector('main')?.getAttribute('style')]),
      [own, null]);
    assert.deepEqual(page.problems(), []);
    await page.context().close();
  });
}

/** The focused element, through the widget's shadow roots: 'button#cta-demo', 'leadscore-ui > a'. @param {import('playwright-core').Page} page */
const focused = (page) => page.evaluate(() => {
  const path = [];
  for (let a = document.activeElement; a; a = a.shadowRoot?.activeElement ?? null) path.push(`${a.localName}${a.id ? `#${a.id}` : ''}`);
  return path.join(' > ');
});

/** The placements on screen. @param {import('playwright-core').Page} page */
const boxes = (page) => page.evaluate(() =>
  [...document.querySelectorAll('leadscore-ui')].map((h) => h.shadowRoot?.querySelector('.ls')?.className.replace(/^ls /, '')));

test('Esc with the focus in the banner dismisses it, as its close button does, and gives the focus back to where it came from', async () => {
  const page = await openPage(env.browser);
  await recordEvents(page);
  await page.goto(`${env.server.url}/blog/lead-scoring-101`);
  assert.ok((await waitForInit(page)).ok);
  await waitForUi(page, 'banner');
  await page.focus('#cta-demo');
  await page.keyboard.press('Escape');
  assert.ok((await boxes(page)).includes('banner'), 'Esc in the page leaves the banner open');
  await page.locator('leadscore-ui .banner .cta').focus();
  await page.keyboard.press('Escape');
  assert.ok(!(await boxes(page)).includes('banner'), 'the banner is gone');
  assert.equal(await focused(page), 'button#cta-demo');
  const { offers } = await recorded(page);
  assert.deepEqual(offers.filter((/** @type {any} */ o) => o.placement === 'banner').map((/** @type {any} */ o) => o.action), ['shown', 'dismissed']);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});
