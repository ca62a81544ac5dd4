// Nothing tracked is lost when the visitor leaves at once: the profile is
// stored about a second after events, and at once when the page is hidden or
// goes away (pagehide), so an event tracked just before a navigation or a
// closed tab counts on the next page.
import test from 'node:test';
import assert from 'node:assert/strict';
import { useSite, openPage, waitForInit } from './support.mjs';

const env = useSite();

/** How often the demo_request rule has fired for the page's visitor. @param {any} page */
async function demoRequests(page) {
  const result = await waitForInit(page);
  assert.ok(result.ok, JSON.stringify(result));
  const rule = result.state.breakdown.find((/** @type {any} */ b) => b.rule === 'demo_request');
  return rule ? rule.fired : 0;
}

test('an event tracked just before following a link counts on the next page', async () => {
  const page = await openPage(env.browser, `${env.server.url}/blog/lead-scoring-101`);
  assert.equal(await demoRequests(page), 0);
  await page.evaluate(() => LeadScore.track('demo_request'));
  await Promise.all([page.waitForURL('**/pricing'), page.click('nav a[href="/pricing"]')]);
  assert.equal(await demoRequests(page), 1);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('an event tracked just before the tab is closed counts in the next tab', async () => {
  const page = await openPage(env.browser, `${env.server.url}/blog/lead-scoring-101`);
  assert.equal(await demoRequests(page), 0);
  await page.evaluate(() => LeadScore.track('demo_request'));
  const context = page.context();
  const closed = page.waitForEvent('close');
  await page.close({ runBeforeUnload: true }); // runs pagehide, as closing a tab does
  await closed;
  const next = await context.newPage();
  await next.goto(`${env.server.url}/pricing`);
  assert.equal(await demoRequests(next), 1);
  await context.close();
});

test('a stored visitor id no profile could keep (300 bytes, edited or another script\'s) stands as its hash: the visitor is kept from load to load, not started over at each', async () => {
  const page = await openPage(env.browser);
  await page.addInitScript(() => {
    if (!sessionStorage.getItem('seeded')) {
      sessionStorage.setItem('seeded', '1');
      localStorage.setItem('leadscore:v1:visitor', `crm-${'x'.repeat(296)}`);
    }
  });
  await page.goto(`${env.server.url}/blog/lead-scoring-101`);
  assert.ok((await waitForInit(page)).ok);
  await page.evaluate(() => LeadScore.identify({ email: 'ana@northwind.example' }));
  await page.evaluate(() => LeadScore.flush());
  for (let load = 0; load < 2; load++) {
    await page.reload();
    const r = await waitForInit(page);
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.state.contact.email, 'ana@northwind.example', `load ${load + 2}`);
    assert.match(await page.evaluate(() => localStorage.getItem('leadscore:v1:visitor') ?? ''), /^v[0-9a-f]{16}$/);
  }
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});
