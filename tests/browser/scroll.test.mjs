// Scroll depth on pages that do not scroll the window: an app shell whose
// content scrolls in a box, and a page whose body is the scroll container.
// The depths are those of the box the page scrolls in: none at load for a
// long page, then 25/50/75/100 as the visitor scrolls it; a small scrolling
// box (a code sample) is not the page. Scroll-triggered offers follow.
import test from 'node:test';
import assert from 'node:assert/strict';
import { useSite, openPage, waitForInit, waitForUi, kinds } from './support.mjs';

const env = useSite();

/** Scroll events the widget stored so far (after the next frame). @param {import('playwright-core').Page} page */
const depths = (page) => page.evaluate(async () => {
  await new Promise((ok) => requestAnimationFrame(() => setTimeout(ok)));
  await LeadScore.flush();
  return JSON.parse(localStorage.getItem('leadscore:v1:profile') || '{}').counts?.scroll ?? 0;
});

/** Scrolls with the mouse wheel over the middle of the window until `selector` has scrolled to `top`. */
async function wheel(page, dy, selector, top) {
  await page.mouse.move(640, 400);
  await page.mouse.wheel(0, dy);
  await page.waitForFunction(([s, t]) => /** @type {Element} */ (document.querySelector(s)).scrollTop >= t, [selector, top]);
}

test('an app shell that scrolls its content in a box: no depth at load, the box\'s depths as the visitor scrolls it, and the 50% slide-in', async () => {
  const page = await openPage(env.browser, `${env.server.url}/scroll/app-shell`);
  assert.ok((await waitForInit(page)).ok);
  assert.equal(await depths(page), 0, 'four chapters are not read at a glance');

  await page.evaluate(() => { const s = /** @type {Element} */ (document.getElementById('snippet')); s.scrollTop = s.scrollHeight; });
  assert.equal(await depths(page), 0, 'a code sample scrolled to its end is not the page');
  assert.ok(!(await kinds(page)).includes('slide'));

  const box = await page.evaluate(() => { const c = /** @type {Element} */ (document.getElementById('content')); return [c.scrollHeight, c.clientHeight]; });
  await wheel(page, Math.ceil(box[0] * 0.55 - box[1]), '#content', Math.ceil(box[0] * 0.5 - box[1]));
  assert.equal(await depths(page), 2, '25 and 50');
  assert.equal(await waitForUi(page, 'slide'), 'Scoring checklist', 'the 50% slide-in follows the box');

  await wheel(page, box[0], '#content', box[0] - box[1] - 1);
  assert.equal(await depths(page), 4, 'then 75 and 100, once each');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a page whose body is the scroll container reports the body\'s depths as the visitor scrolls', async () => {
  const page = await openPage(env.browser, `${env.server.url}/scroll/body-scroller`);
  assert.ok((await waitForInit(page)).ok);
  assert.equal(await depths(page), 0);
  const height = await page.evaluate(() => document.body.scrollHeight);
  await wheel(page, height, 'body', height - 800);
  assert.equal(await depths(page), 4, 'the window never scrolls; the body did, to its end');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});
