// One visitor, several pages at once (tabs, a page back from the
// back-forward cache): a page takes over the profile another one stored, so
// what one tab learnt (contact data, unlocked gates, page views) is not
// written over by an older profile from another tab, and gates unlock there
// too; what a tab had not stored yet is applied to the profile it takes over;
// forget() in one tab starts the others over as well.
import test from 'node:test';
import assert from 'node:assert/strict';
import { useSite, openPage, waitForInit } from './support.mjs';

const env = useSite();

/** @param {import('playwright-core').Page} page */
const summary = (page) => page.evaluate(() => {
  const s = LeadScore.state();
  return { visitor: s.visitor, known: s.known, unlocked: [...s.unlocked].sort(), page_views: s.page_views };
});

/**
 * Another tab of the same browser, its profile stored once loaded.
 * @param {import('playwright-core').BrowserContext} context @param {string} path
 */
async function tab(context, path) {
  const page = await context.newPage();
  /** @type {string[]} */
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && errors.push(`console.error: ${m.text()}`));
  await page.goto(`${env.server.url}${path}`);
  const r = await waitForInit(page);
  assert.ok(r.ok, JSON.stringify(r));
  await page.evaluate(() => LeadScore.flush());
  return Object.assign(page, { problems: () => [...errors] });
}

test('what one tab stored is not written over by another tab, and unlocks its gates at once', async () => {
  const first = await openPage(env.browser);
  const context = first.context();
  const a = await tab(context, '/blog/lead-scoring-101');
  const b = await tab(context, '/pricing');
  assert.equal(await a.evaluate(() => document.getElementById('premium')?.hasAttribute('inert')), true);

  await b.evaluate(() => LeadScore.identify({ email: 'mai@northwind.example' }));
  await b.evaluate(() => LeadScore.flush());
  await a.waitForFunction(() => LeadScore.state().known);
  await a.waitForFunction(() => !document.getElementById('premium')?.hasAttribute('inert'));

  await a.evaluate(() => LeadScore.track('demo_request'));
  await a.evaluate(() => LeadScore.flush());
  const c = await tab(context, '/pricing');
  const s = await summary(c);
  assert.deepEqual([s.known, s.unlocked.includes('premium'), s.page_views], [true, true, 3]);
  assert.equal(await c.evaluate(() => LeadScore.state().breakdown.some((/** @type {any} */ r) => r.rule === 'demo_request')), true);
  for (const p of [a, b, c]) assert.deepEqual(p.problems(), []);
  await context.close();
});

test('what a tab had not stored yet when another tab stored first is kept, not lost', async () => {
  const first = await openPage(env.browser);
  const context = first.context();
  const a = await tab(context, '/blog/lead-scoring-101');
  const b = await tab(context, '/blog/lead-scoring-101');
  /** @param {import('playwright-core').Page} page @param {string} rule */
  const fired = (page, rule) => page.evaluate((id) => LeadScore.state().breakdown.find((/** @type {any} */ r) => r.rule === id)?.fired ?? 0, rule);

  // A's download waits for A's debounced store; B stores its demo request first.
  await a.evaluate(() => LeadScore.track('download', { href: '/files/guide.pdf' }));
  await b.evaluate(() => { LeadScore.track('demo_request'); return LeadScore.flush(); });
  await a.waitForFunction(() => LeadScore.state().breakdown.some((/** @type {any} */ r) => r.rule === 'demo_request'));
  assert.deepEqual([await fired(a, 'asset_download'), await fired(a, 'demo_request')], [1, 1], 'tab A: its own download and B\'s demo request');

  await a.evaluate(() => LeadScore.flush());
  await b.waitForFunction(() => LeadScore.state().breakdown.some((/** @type {any} */ r) => r.rule === 'asset_download'));
  const c = await tab(context, '/blog/lead-scoring-101');
  assert.deepEqual([await fired(c, 'asset_download'), await fired(c, 'demo_request')], [1, 1], 'a new tab: both, once each');
  for (const p of [a, b, c]) assert.deepEqual(p.problems(), []);
  await context.close();
});

test('a page shown again from the back-forward cache takes over the profile stored meanwhile', async () => {
  const page = await openPage(env.browser);
  const other = await tab(page.context(), '/pricing');
  await other.evaluate(() => LeadScore.identify({ email: 'an@northwind.example' }));
  await other.evaluate(() => LeadScore.flush());
  const stored = await other.evaluate(() => localStorage.getItem('leadscore:v1:profile'));
  await other.close();

  // As if this page had been frozen while the other one stored: no storage event reaches it.
  await page.goto(`${env.server.url}/blog/lead-scoring-101`);
  assert.ok((await waitForInit(page)).ok);
  assert.equal((await summary(page)).known, true);
  await page.evaluate(() => LeadScore.forget());
  await page.evaluate(() => LeadScore.track('demo_request'));
  await page.evaluate(() => LeadScore.flush());
  const before = await summary(page);
  await page.evaluate((text) => {
    localStorage.setItem('leadscore:v1:profile', /** @type {string} */ (text));
    dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
  }, stored);
  const after = await summary(page);
  assert.equal(before.known, false);
  assert.equal(after.known, true);
  assert.notEqual(after.visitor, before.visitor);
  await page.waitForFunction(() => !document.getElementById('premium')?.hasAttribute('inert'));
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('forget() in one tab starts the other tabs over: the old visitor is not stored again', async () => {
  const first = await openPage(env.browser);
  const context = first.context();
  const a = await tab(context, '/blog/lead-scoring-101');
  await a.evaluate(() => LeadScore.identify({ email: 'lan@northwind.example' }));
  await a.evaluate(() => LeadScore.flush());
  const b = await tab(context, '/pricing');
  const old = await summary(b);
  assert.equal(old.known, true);

  await b.evaluate(() => LeadScore.forget());
  await a.waitForFunction(() => !LeadScore.state().known);
  await a.evaluate(() => LeadScore.track('demo_request'));
  await a.evaluate(() => LeadScore.flush());
  const profile = await a.evaluate(() => JSON.parse(localStorage.getItem('leadscore:v1:profile') || 'null'));
  assert.notEqual(profile.visitor_id, old.visitor);
  assert.equal(JSON.stringify(profile).includes('lan@northwind.example'), false);
  assert.equal(await a.evaluate(() => document.getElementById('premium')?.hasAttribute('inert')), true, 'locked again');
  for (const p of [a, b]) assert.deepEqual(p.problems(), []);
  await context.close();
});
