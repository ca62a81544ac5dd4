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
