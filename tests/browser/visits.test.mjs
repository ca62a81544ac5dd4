// A tab left open past the session timeout (30 minutes without events): when
// the visitor comes back to it (the tab shown again, or used again after
// being left idle), a new visit begins with a page view of where the tab is,
// as a reload would: visits and page views count it, "n-th page view"
// triggers count from it, and the page's offers are decided again. Time moves
// with page.clock; the tab is hidden and shown as the browser would tell it.
import test from 'node:test';
import assert from 'node:assert/strict';
import { useSite, openPage, waitForInit, waitForUi, kinds, T0, exitIntent, setHidden } from './support.mjs';

const MINUTE = 60_000;

const env = useSite();

/** Lets a frame and the task after it go by (a route change's page view is taken then). @param {import('playwright-core').Page} page */
const settle = (page) => page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => setTimeout(ok))));

/** `ms` later on the page's clock, no timer fired on the way (the tab sat there). @param {import('playwright-core').Page} page @param {number} ms */
const later = async (page, ms) => page.clock.setSystemTime((await page.evaluate(() => Date.now())) + ms);

/** [visits, page views, the newest remembered page's path and time] as the core keeps them. @param {import('playwright-core').Page} page */
const visits = (page) => page.evaluate(async () => {
  await LeadScore.flush();
  const s = LeadScore.state();
  const p = JSON.parse(localStorage.getItem('leadscore:v1:profile') || '{}');
  return [s.sessions, s.page_views, p.recent_pages[p.recent_pages.length - 1]];
});

test('a tab hidden past the session timeout and shown again begins a new visit with a page view; its 3rd page view brings the 3rd-page-view banner again', async () => {
  const page = await openPage(env.browser);
  await page.clock.install({ time: T0 });
  await page.goto(`${env.server.url}/app/`);
  assert.ok((await waitForInit(page)).ok);
  await page.click('#to-reports');
  await settle(page);
  await page.click('#to-settings');
  assert.equal(await waitForUi(page, 'banner'), 'Live on Thursday: scoring that sales trusts', '3rd page view of the 1st visit');
  assert.deepEqual((await visits(page)).slice(0, 2), [1, 3]);

  await setHidden(page, true);
  await later(page, 31 * MINUTE);
  await setHidden(page, false);
  await settle(page);
  const back = await page.evaluate(() => Date.now());
  const [sessions, views, last] = await visits(page);
  assert.deepEqual([sessions, views, last[0]], [2, 4, '/app/settings'], 'a new visit, begun with a page view of where the tab is');
  assert.ok(last[1] >= back - 1000 && last[1] <= back, 'at the time the visitor came back');

  await page.click('#to-reports');
  await settle(page);
  assert.ok(!(await kinds(page)).includes('banner'), '2nd page view of the new visit: no banner yet');
  await page.click('#to-guide');
  assert.equal(await waitForUi(page, 'banner'), 'Live on Thursday: scoring that sales trusts', '3rd page view of the 2nd visit');
  assert.deepEqual((await visits(page)).slice(0, 2), [2, 6]);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a tab left idle (visible) past the session timeout, then used: the new visit begins with a page view, before what the visitor did', async () => {
  const page = await openPage(env.browser);
  await page.clock.install({ time: T0 });
  await page.goto(`${env.server.url}/blog/lead-scoring-101`);
  assert.ok((await waitForInit(page)).ok);
  assert.deepEqual((await visits(page)).slice(0, 2), [1, 1]);
  await later(page, 45 * MINUTE);
  const order = await page.evaluate(() => {
    /** @type {number[]} */
    const seen = [];
    LeadScore.on('score', (s) => seen.push(s.page_views));
    LeadScore.track('demo_request');
    return seen;
  });
  const [sessions, views, last] = await visits(page);
  assert.deepEqual([sessions, views, last[0]], [2, 2, '/blog/lead-scoring-101']);
  assert.equal(order[0], 2, 'the page view came first, then the demo request');
  const s = await page.evaluate(() => LeadScore.state());
  assert.equal(s.breakdown.find((/** @type {any} */ b) => b.rule === 'demo_request')?.fired, 1);

  // Within the timeout, nothing more: the same visit.
  await later(page, 10 * MINUTE);
  await page.evaluate(() => LeadScore.track('demo_request'));
  assert.deepEqual((await visits(page)).slice(0, 2), [2, 2]);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a tab hidden for less than the timeout and shown again is the same visit: no page view', async () => {
  const page = await openPage(env.browser);
  await page.clock.install({ time: T0 });
  await page.goto(`${env.server.url}/blog/lead-scoring-101`);
  assert.ok((await waitForInit(page)).ok);
  await setHidden(page, true);
  await later(page, 29 * MINUTE);
  await setHidden(page, false);
  await settle(page);
  assert.deepEqual((await visits(page)).slice(0, 2), [1, 1]);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a form filled in, then sent after the session timeout: the new visit begins with a page view, then the submit', async () => {
  const page = await openPage(env.browser);
  await page.clock.install({ time: T0 });
  await page.goto(`${env.server.url}/forms/contact`);
  assert.ok((await waitForInit(page)).ok);
  await page.fill('#email', 'linh@acme.example');
  await page.fill('#name', 'Linh Tran');
  await page.fill('#company', 'Acme');
  await page.check('#contact [data-leadscore-consent]');
  assert.deepEqual((await visits(page)).slice(0, 2), [1, 1]);
  await later(page, 31 * MINUTE);
  await page.click('#contact button[type=submit]');
  await page.waitForSelector('#contact', { state: 'hidden' });
  const [sessions, views, last] = await visits(page);
  assert.deepEqual([sessions, views, last[0]], [2, 2, '/forms/contact'], 'a new visit, begun with a page view of the form\'s page');
  const s = await page.evaluate(() => LeadScore.state());
  assert.equal(s.breakdown.find((/** @type {any} */ b) => b.rule === 'form_submitted')?.fired, 1, 'and the submit counted');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('an exit intent after the session timeout begins the new visit with a page view and brings the exit offer again (one view per visit)', async () => {
  const page = await openPage(env.browser);
  await page.clock.install({ time: T0 });
  // Heard after the widget's own mouseout listener (on document): the exit intent has been handled.
  await page.addInitScript(() => addEventListener('mouseout', (e) => { if (e.clientY <= 0 && !e.relatedTarget) /** @type {any} */ (window).__exits = (/** @type {any} */ (window).__exits || 0) + 1; }));
  await page.goto(`${env.server.url}/blog/lead-scoring-101`);
  assert.ok((await waitForInit(page)).ok);
  const views = () => page.evaluate(() => LeadScore.state().offers['exit-whitepaper']?.views ?? 0);
  await exitIntent(page);
  assert.equal(await waitForUi(page, 'modal'), 'Before you go: the 2026 benchmark');
  assert.equal(await views(), 1);
  await later(page, 31 * MINUTE);
  await exitIntent(page);
  await page.waitForFunction(() => /** @type {any} */ (window).__exits === 2);
  assert.equal(await views(), 2, 'shown again in the new visit');
  const [sessions, pageViews, last] = await visits(page);
  assert.deepEqual([sessions, pageViews, last[0]], [2, 2, '/blog/lead-scoring-101'], 'a new visit, begun with a page view');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a page the browser prerenders (speculation rules, the address bar\'s best guess; emulated: document.prerendering) counts, stores and shows nothing until the visitor opens it; then its page view, offers and gates come', async () => {
  const page = await openPage(env.browser);
  await page.addInitScript(() => {
    const w = /** @type {any} */ (window);
    w.prerendered = true;
    Object.defineProperty(Document.prototype, 'prerendering', { configurable: true, get: () => w.prerendered });
  });
  await page.goto(`${env.server.url}/blog/scoring-decay`);
  // The widget has loaded meanwhile (the page is idle) but not started.
  await page.waitForFunction(() => document.querySelector('script[src$="leadscore-widget.js"]'));
  await page.waitForTimeout(1500);
  assert.deepEqual(await page.evaluate(() => [LeadScore.state(), Object.keys(localStorage).filter((k) => k.startsWith('leadscore:'))]), [null, []]);
  assert.deepEqual(await kinds(page), []);
  // Still hidden past the loader's 8 s limit (which runs from the opening): not shown unlocked, then locked.
  await page.evaluate(() => new Promise((ok) => setTimeout(ok, 8500)));
  assert.equal(await page.evaluate(() => getComputedStyle(/** @type {HTMLElement} */ (document.getElementById('article-body'))).visibility), 'hidden');
  // Opened.
  const opened = await page.evaluate(() => {
    /** @type {any} */ (window).prerendered = false;
    document.dispatchEvent(new Event('prerenderingchange'));
    return Date.now();
  });
  const r = await waitForInit(page);
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.state.page_views, 1);
  assert.ok(r.state.first_seen >= opened, `its page view dated when it was opened (${opened}), not ${opened - r.state.first_seen} ms before`);
  await page.waitForFunction(() => document.documentElement.hasAttribute('data-leadscore-ready'));
  assert.equal(await page.evaluate(() => /** @type {HTMLElement} */ (document.getElementById('article-body')).getClientRects().length > 0), true, 'the first article is free');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});
