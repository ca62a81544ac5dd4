// A single-page app (tests/browser/site/app/): route changes through
// history.pushState, replaceState and popstate are page views (a new path or
// query, not a new hash); each takes the previous view's offers away without
// counting a dismissal, counts toward "n-th page view" triggers, and gated
// content and offer slots the app renders later are picked up.
import test from 'node:test';
import assert from 'node:assert/strict';
import { useSite, openPage, waitForInit, recordEvents, recorded, waitForUi, kinds } from './support.mjs';

const env = useSite();

/** @param {import('playwright-core').Page} page */
const views = (page) => page.evaluate(() => {
  const s = LeadScore.state();
  return [s.page_views, s.breakdown.find((/** @type {any} */ b) => b.rule === 'page_view')?.fired, location.pathname + location.search + location.hash];
});

test('pushState, replaceState and popstate are page views; a hash change is not', async () => {
  const page = await openPage(env.browser, `${env.server.url}/app/`);
  assert.ok((await waitForInit(page)).ok);
  assert.deepEqual(await views(page), [1, 1, '/app/']);
  await page.click('#to-reports'); // pushState
  assert.deepEqual(await views(page), [2, 2, '/app/reports']);
  await page.click('#sort-by-score'); // replaceState, new query
  assert.deepEqual(await views(page), [3, 3, '/app/reports?sort=score']);
  await page.click('#to-settings');
  assert.deepEqual(await views(page), [4, 4, '/app/settings?tab=team']);
  await page.click('#to-members'); // same path and query, a new hash
  assert.deepEqual(await views(page), [4, 4, '/app/settings?tab=team#members']);
  await page.goBack(); // popstate, hash only
  assert.deepEqual(await views(page), [4, 4, '/app/settings?tab=team']);
  await page.goBack(); // popstate
  assert.deepEqual(await views(page), [5, 5, '/app/reports?sort=score']);
  await page.goForward(); // popstate
  assert.deepEqual(await views(page), [6, 6, '/app/settings?tab=team']);
  await page.evaluate(() => { location.hash = 'billing'; });
  await page.evaluate(() => new Promise((ok) => setTimeout(ok, 50)));
  assert.deepEqual(await views(page), [6, 6, '/app/settings?tab=team#billing']);
  assert.equal(await page.textContent('h1'), 'Settings', 'the app itself still works');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a route change takes the old view\'s offers away without a dismissal, and counts toward the 3rd-page-view banner', async () => {
  const page = await openPage(env.browser);
  await recordEvents(page);
  await page.goto(`${env.server.url}/app/`);
  assert.ok((await waitForInit(page)).ok);
  assert.equal(await waitForUi(page, 'banner'), 'One lead-scoring idea a week');
  await page.click('#to-reports');
  await page.waitForFunction(() => !document.querySelector('leadscore-ui'));
  assert.deepEqual(await kinds(page), [], '2nd view: the newsletter was seen this visit, the webinar waits');
  await page.click('#to-settings');
  assert.equal(await waitForUi(page, 'banner'), 'Live on Thursday: scoring that sales trusts');
  const s = await page.evaluate(() => LeadScore.state());
  assert.deepEqual(s.offers, { 'newsletter-bar': { views: 1 }, 'webinar-banner': { views: 1 } });
  assert.deepEqual((await recorded(page)).offers.map((/** @type {any} */ o) => `${o.offer}:${o.action}`),
    ['newsletter-bar:shown', 'webinar-banner:shown']);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('offer slots and gated content the app renders after start are picked up', async () => {
  const page = await openPage(env.browser, `${env.server.url}/app/`);
  assert.ok((await waitForInit(page)).ok);
  await page.click('#to-guide');
  assert.equal(await waitForUi(page, 'inline'), "The lead scoring buyer's guide");
  assert.equal(await page.evaluate(() => document.querySelector('#app-slot leadscore-ui') !== null), true);

  await page.click('#to-team');
  await page.waitForFunction(() => document.getElementById('team-roles')?.hasAttribute('inert'));
  assert.equal(await waitForUi(page, 'gate'), 'Members read on');
  assert.equal(await page.evaluate(() => document.getElementById('team-roles')?.textContent?.trim()), 'Roles and permissions for every member.');
  await page.evaluate(() => LeadScore.identify({ email: 'minh@northwind.example' }));
  await page.waitForFunction(() => !document.getElementById('team-roles')?.hasAttribute('inert'));
  assert.deepEqual(await kinds(page), ['banner'], 'the gate card is gone (the banner is the 3rd view\'s webinar)');
  const s = await page.evaluate(() => LeadScore.state());
  assert.deepEqual([s.page_views, s.unlocked.sort()], [3, ['articles', 'premium']]);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});
