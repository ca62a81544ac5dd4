// Back and Forward to a page Chromium keeps in its back-forward cache: the
// page is shown again as it was, without a load, and that is a page view of
// it as a load would be (page-view rules, n-th page view triggers), with its
// visible time counted from zero again; and it follows the consent choice
// made on another page meanwhile (stores once given, nothing after a
// refusal). Playwright turns the cache off and
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

test('a page shown again from the back-forward cache after the visit has lapsed (30 minutes away) is one page view, in a new visit, not two', async () => {
  const page = await openPage(env.browser);
  // The tab's clock, 31 minutes on once the test says so: read by every page of the tab, the cached one too.
  await page.addInitScript(() => {
    const now = Date.now.bind(Date);
    Date.now = () => now() + Number(sessionStorage.getItem('test:skew') || 0);
  });
  await page.goto(`${env.server.url}/blog/lead-scoring-101`);
  assert.ok((await waitForInit(page)).ok);
  await page.evaluate(() => { /** @type {any} */ (window).kept = 'this document'; });
  await Promise.all([page.waitForURL('**/pricing'), page.click('nav a[href="/pricing"]')]);
  assert.ok((await waitForInit(page)).ok);
  assert.deepEqual(await counts(page), [2, 0]);
  await page.evaluate(() => sessionStorage.setItem('test:skew', String(31 * 60 * 1000)));
  await page.goBack({ waitUntil: 'commit' });
  assert.equal(await page.evaluate(() => /** @type {any} */ (window).kept), 'this document', 'Chromium restored the page from its back-forward cache');
  await page.evaluate(() => new Promise((ok) => setTimeout(ok, 200)));
  const [views] = await counts(page);
  const state = await page.evaluate(() => LeadScore.state());
  const pages = await page.evaluate(() => JSON.parse(localStorage.getItem('leadscore:v1:profile') || '{}').recent_pages.map((/** @type {any[]} */ p) => p[0]));
  assert.deepEqual([views, state.sessions, pages], [3, 2, ['/blog/lead-scoring-101', '/pricing', '/blog/lead-scoring-101']], 'one page view of it, in a second visit');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

/** The leadscore: keys stored now, with the consent choice and the profile's visitor and page views. @param {import('playwright-core').Page} page */
const storedNow = (page) => page.evaluate(async () => {
  await LeadScore.flush();
  const profile = JSON.parse(localStorage.getItem('leadscore:v1:profile') || 'null');
  return {
    keys: Object.keys(localStorage).filter((k) => k.startsWith('leadscore:')).sort(),
    consent: localStorage.getItem('leadscore:v1:consent'),
    visitor: profile?.visitor_id ?? null,
    views: profile?.counts?.page_view ?? 0,
  };
});

/**
 * Opens `first`, goes on to `second` (a page of its own), makes the consent
 * choice `choice` there, and comes back with Back to `first`, shown again from
 * the back-forward cache. `before` runs on `first` before leaving it.
 * @param {string} first @param {string} second @param {boolean} choice
 * @param {(page: import('playwright-core').Page) => Promise<void>} [before]
 */
async function choiceElsewhere(first, second, choice, before) {
  const page = await openPage(env.browser);
  await page.goto(`${env.server.url}${first}`);
  assert.ok((await waitForInit(page)).ok);
  if (before) await before(page);
  await page.evaluate(() => { /** @type {any} */ (window).kept = 'this document'; });
  await page.goto(`${env.server.url}${second}`);
  assert.ok((await waitForInit(page)).ok);
  await page.evaluate((c) => LeadScore.consent(c), choice);
  const there = await storedNow(page);
  const visitor = await page.evaluate(() => LeadScore.state()?.visitor);
  await page.goBack({ waitUntil: 'commit' });
  assert.equal(await page.evaluate(() => /** @type {any} */ (window).kept), 'this document', 'Chromium restored the page from its back-forward cache');
  await page.evaluate(() => new Promise((ok) => setTimeout(ok, 200)));
  return { page, there, visitor };
}

/** What a visitor does on the page: a CTA click and contact data. @param {import('playwright-core').Page} page */
const act = (page) => page.evaluate(() => {
  LeadScore.track('click', { cta: 'demo' });
  LeadScore.identify({ email: 'linh@northwind.example' });
});

test('consent given on another page (consent required) while this one was in the back-forward cache: shown again, it stores, as the visitor who gave it', async () => {
  const { page, there, visitor } = await choiceElsewhere('/consent/', '/consent/?next', true);
  assert.deepEqual([there.keys.includes('leadscore:v1:profile'), there.consent, there.views], [true, '1', 1], 'the other page stored, once given');
  assert.equal(await page.evaluate(() => LeadScore.state()?.visitor), visitor, 'the visitor who gave consent');
  const back = await storedNow(page);
  assert.deepEqual([back.consent, back.visitor, back.views], ['1', visitor, 2], 'the page view of the page shown again is stored');
  await act(page);
  await page.evaluate(() => LeadScore.flush());
  assert.equal((await page.evaluate(() => JSON.parse(localStorage.getItem('leadscore:v1:profile') || '{}').contact?.email)), 'linh@northwind.example', 'what the visitor does on it is stored');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('consent given here, then refused on another page (consent required) while this one was in the back-forward cache: shown again, it stores nothing', async () => {
  const { page, there } = await choiceElsewhere('/consent/', '/consent/?next', false, async (page) => {
    await page.evaluate(() => LeadScore.consent(true));
    assert.deepEqual((await storedNow(page)).consent, '1');
  });
  assert.deepEqual(there.keys, [], 'the refusal wiped everything there');
  assert.deepEqual((await storedNow(page)).keys, [], 'nothing stored by the page shown again');
  await act(page);
  assert.deepEqual((await storedNow(page)).keys, [], 'nor of what the visitor does on it');
  assert.equal(await page.evaluate(() => LeadScore.state()?.known), true, 'it goes on in memory');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('consent refused on another page (consent not required) while this one was in the back-forward cache: shown again, it stores nothing but the refusal', async () => {
  const { page, there } = await choiceElsewhere('/blog/lead-scoring-101', '/pricing', false, async (page) => {
    assert.ok((await storedNow(page)).keys.includes('leadscore:v1:profile'), 'stored before the refusal');
  });
  assert.deepEqual([there.keys, there.consent], [['leadscore:v1:consent'], '0']);
  assert.deepEqual((await storedNow(page)).keys, ['leadscore:v1:consent'], 'only the refusal, after the page view of the page shown again');
  await act(page);
  const after = await storedNow(page);
  assert.deepEqual([after.keys, after.consent], [['leadscore:v1:consent'], '0'], 'nor of what the visitor does on it');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});
