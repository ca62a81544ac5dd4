// The widget's boxes and a visitor on the keyboard: Esc with the focus in the
// banner dismisses it (a dismissal), the focus going back where it came from.
import test from 'node:test';
import assert from 'node:assert/strict';
import { useSite, openPage, waitForInit, waitForUi, recordEvents, recorded } from './support.mjs';

const env = useSite();

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
