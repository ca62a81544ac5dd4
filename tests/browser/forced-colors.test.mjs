// Forced colors (Windows High Contrast and the like: `forced-colors: active`):
// the browser drops backgrounds and shadows, so a box or a button that shows
// itself only by them vanishes into the page. Every box of the widget
// (banner, slide-in, modal, inline, gate card) and every CTA, submit and
// close button must keep an edge drawn in the system colours; the control without
// forced colors shows no such edge on the fixed boxes (transparent).
import test from 'node:test';
import assert from 'node:assert/strict';
import { useSite, openPage, waitForInit, waitForUi, exitIntent } from './support.mjs';

const env = useSite();

/**
 * Per widget box and per CTA link or button (close buttons too) inside it: whether its four
 * borders are drawn (a style, a width, a colour other than its background).
 * @param {import('playwright-core').Page} page
 */
function edges(page) {
  return page.evaluate(() => {
    /** @type {Record<string, boolean>} */
    const out = {};
    const drawn = (/** @type {Element} */ el) => {
      const s = getComputedStyle(el);
      return ['Top', 'Right', 'Bottom', 'Left'].every((side) => {
        const c = s.getPropertyValue(`border-${side.toLowerCase()}-color`);
        return s.getPropertyValue(`border-${side.toLowerCase()}-style`) !== 'none' && parseFloat(s.getPropertyValue(`border-${side.toLowerCase()}-width`)) >= 1 &&
          c !== s.backgroundColor && c !== 'rgba(0, 0, 0, 0)';
      });
    };
    for (const host of document.querySelectorAll('leadscore-ui')) {
      const box = host.shadowRoot?.querySelector('.ls');
      if (!box) continue;
      const kind = box.className.replace('ls ', '');
      out[kind] = drawn(box);
      box.querySelectorAll('.cta, button').forEach((b, i) => { out[`${kind} ${b.localName}.${b.classList[0]} ${i}`] = drawn(b); });
    }
    return out;
  });
}

/** Banner, inline, gate and slide-in on a blog post, then the exit-intent modal. @param {import('playwright-core').BrowserContextOptions} options */
async function blog(options) {
  const page = await openPage(env.browser, undefined, { viewport: { width: 1000, height: 700 }, ...options });
  await page.goto(`${env.server.url}/blog/lead-scoring-101`);
  assert.ok((await waitForInit(page)).ok);
  await page.mouse.wheel(0, 1600); // the slide-in waits for 50% scroll depth
  await waitForUi(page, 'slide');
  await exitIntent(page);
  await waitForUi(page, 'modal');
  const seen = await edges(page);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
  return seen;
}

test('forced colors: every box of the widget, every CTA and every close button keep a visible edge', async () => {
  assert.deepEqual(await blog({ forcedColors: 'active' }), {
    banner: true, 'banner a.cta 0': true, 'banner button.x 1': true,
    gate: true, 'gate a.cta 0': true,
    inline: true, 'inline a.cta 0': true,
    modal: true, 'modal a.cta 0': true, 'modal button.x 1': true,
    slide: true, 'slide a.cta 0': true, 'slide button.x 1': true,
  });
});

test('without forced colors the fixed boxes and CTAs show no border of their own (the control)', async () => {
  const seen = await blog({ forcedColors: 'none' });
  assert.deepEqual([seen.banner, seen.slide, seen.modal, seen['banner a.cta 0']], [false, false, false, false]);
});

test('forced colors: an offer form\'s submit button keeps its edge', async () => {
  const page = await openPage(env.browser, undefined, { forcedColors: 'active' });
  await page.goto(`${env.server.url}/forms/guide`);
  assert.ok((await waitForInit(page)).ok);
  await page.waitForFunction(() => [...document.querySelectorAll('leadscore-ui')].some((h) => h.shadowRoot?.querySelector('form')));
  const seen = await edges(page);
  assert.equal(Object.entries(seen).filter(([k]) => k.includes('button.cta')).map(([, v]) => v).join(), 'true', JSON.stringify(seen));
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});
