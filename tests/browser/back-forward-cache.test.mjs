// Back and Forward to a page Chromium keeps in its back-forward cache: the
// page is shown again as it was, without a load, and that is a page view of
// it as a load would be (page-view rules, n-th page view triggers), with its
// visible time counted from zero again. Playwright turns the cache off and
// the test server sends `no-store` (which keeps pages out of it): this file
// turns both back on, and checks that the cache was used.
import test from 'node:test';
import assert from 'node:assert/strict';
import { useSite, openPage, waitForInit, T0 } from './support.mjs';

const env = useSite({ headers: { 'Cache-Control': 'no-cache' }, bfcache: true });

/** What the visitor's stored profile counts: [page views, dwell events]. @param {import('playwright-core').Page} page */
const counts = (page) => page.evaluate(async () => {
  await LeadScore.flush();
  const c = JSON.parse(localStorage.getItem('leadscore:v1:profile') || '{}').counts || {};
  return [c.page_view || 0, c.dwell || 0];
});

test('a page shown again from the back-forward cache is a page view of it, with its visible time from zero', async () => {
  const page = await openPage(env.browser);
  await page.clock.install({ time: T0 });
  await page.goto(`${env.server.url}/blog/lead-scoring-101`);
  assert.ok((await waitForInit(page)).ok);
  await page.clock.runFor(8000); // 8 visible seconds: no dwell mark (10 s) yet
  assert.deepEqual(await counts(page), [1, 0]);
  await page.evaluate(() => { /** @type {any} */ (window).kept = 'this document'; });

  await Promise.all([page.waitForURL('**/pricing'), page.click('nav a[href="/pricing"]')]);
  assert.ok((await waitForInit(page)).ok);
  assert.deepEqual(await counts(page), [2, 0]);
  await page.evaluate(() => { /** @type {any} */ (window).kept = 'pricing'; });

  await page.goBack({ waitUntil: 'commit' }); // a page from the cache fires no load
  assert.equal(await page.evaluate(() => /** @type {any} */ (window).kept), 'this document', 'Chromium restored the page from its back-forward cache');
  assert.deepEqual(await counts(page), [3, 0], 'the restored page is a page view');
  await page.clock.runFor(5000); // 13 s on the page in all, 5 s of this view
  assert.deepEqual(await counts(page), [3, 0], 'the visible time of this page view starts at zero');
  await page.clock.runFor(6000);
  assert.deepEqual(await counts(page), [3, 1], '10 visible seconds of this page view');

  await page.goForward({ waitUntil: 'commit' });
  assert.equal(await page.evaluate(() => /** @type {any} */ (window).kept), 'pricing', 'Forward: from the cache too');
  assert.deepEqual(await counts(page), [4, 1], 'a page view, once');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});
