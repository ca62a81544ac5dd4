// Smoke test of the widget in Chromium: the test site (tests/browser/site/)
// served with a strict CSP, the loader from dist/ as a page includes it.
// The fuller end-to-end suite builds on support.mjs.
import test from 'node:test';
import assert from 'node:assert/strict';
import { useSite, openPage, waitForInit, widgetUi, missing, STRICT_CSP } from './support.mjs';

const env = useSite({ headers: { 'Content-Security-Policy': STRICT_CSP } });

test('a blog post: init, the page view scored, offers in their placements, the gate locked, no errors', async () => {
  const page = await openPage(env.browser, `${env.server.url}/blog/lead-scoring-101`);
  const result = await waitForInit(page);
  assert.ok(result.ok, `init failed: ${JSON.stringify(result)}`);
  const { state } = result;
  assert.equal(state.page_views, 1);
  assert.equal(state.journey, 'awareness');
  const pageView = state.breakdown.find((b) => b.rule === 'page_view');
  assert.deepEqual(pageView && { fired: pageView.fired, points: pageView.points }, { fired: 1, points: 2 });

  await page.waitForFunction(() => document.querySelectorAll('leadscore-ui').length >= 3);
  const ui = await widgetUi(page);
  const inline = ui.find((u) => u.className === 'ls inline');
  assert.ok(inline, `no inline offer in ${JSON.stringify(ui)}`);
  assert.equal(inline.slot, 'post-end');
  assert.equal(inline.title, "The lead scoring buyer's guide");
  assert.deepEqual(inline.cta, { href: `${env.server.url}/files/buyers-guide.pdf`, text: 'Get the guide' });
  assert.equal(inline.close, null, 'inline offers have no close button');
  const banner = ui.find((u) => u.className === 'ls banner');
  assert.ok(banner, `no banner in ${JSON.stringify(ui)}`);
  assert.equal(banner.close, 'Close');
  const gate = ui.find((u) => u.className === 'ls gate');
  assert.equal(gate && gate.title, 'Members read on');

  const premium = await page.evaluate(() => {
    const el = /** @type {HTMLElement} */ (document.getElementById('premium'));
    return { inert: el.hasAttribute('inert'), hidden: el.getAttribute('aria-hidden'), inDom: el.textContent.includes('12 rules') };
  });
  assert.deepEqual(premium, { inert: true, hidden: 'true', inDom: true });

  // The inline offer's image, far below the window at the post's end, is not
  // fetched until the visitor scrolls near it.
  const imageAsked = () => env.server.requests.some((r) => r.url === '/files/guide.svg');
  assert.equal(imageAsked(), false, 'the image below the fold was fetched at load');
  await page.evaluate(() => document.querySelector('[data-leadscore-slot]')?.scrollIntoView());
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('/files/guide.svg')));

  // What the widget fetches: the three files tests/node/size-budget.test.mjs counts, its
  // config and the offer's image, nothing else (no beacon, no other path of the site).
  const fetched = [...new Set(env.server.requests.map((r) => r.url).filter((u) => u.startsWith('/leadscore/')))].sort();
  assert.deepEqual(fetched, ['/leadscore/leadscore-widget.js', '/leadscore/leadscore.js', '/leadscore/leadscore.wasm']);
  const pageOwn = ['/blog/lead-scoring-101', '/site.css', '/site.js', '/favicon.svg'];
  const widgetOther = ['/leadscore.json', '/files/guide.svg'];
  const other = [...new Set(env.server.requests.map((r) => `${r.method} ${r.url}`).filter((u) => !u.startsWith('GET /leadscore/')))];
  assert.deepEqual(other.filter((u) => !pageOwn.includes(u.slice(4))).sort(), widgetOther.map((u) => `GET ${u}`).sort());

  const stored = await page.evaluate(() => LeadScore.flush().then(() => Object.keys(localStorage).sort()));
  assert.deepEqual(stored, ['leadscore:v1:profile', 'leadscore:v1:visitor']);
  assert.deepEqual(page.problems(), []);
  assert.deepEqual(page.warnings(), []);
  await page.context().close();
});

test('SPA route changes are page views; a hash change is not', async () => {
  const page = await openPage(env.browser, `${env.server.url}/app/`);
  assert.ok((await waitForInit(page)).ok);
  await page.click('#to-reports');
  await page.click('#to-settings');
  await page.click('#to-members');
  await page.goBack();
  const state = await page.evaluate(() => LeadScore.state());
  assert.equal(state.page_views, 3);
  assert.equal(state.journey, 'consideration');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('the ES module build works the same under the strict CSP', async () => {
  const page = await openPage(env.browser, `${env.server.url}/esm`);
  const state = await page.evaluate(() => /** @type {any} */ (window).leadscoreReady);
  assert.equal(state.page_views, 1);
  // The page has a gate the config does not know: reported, content left visible.
  assert.deepEqual(await page.evaluate(() => /** @type {any} */ (window).leadscoreErrors), ['leadscore.gate.unknown']);
  assert.equal(await page.evaluate(() => document.getElementById('unknown-gate')?.hasAttribute('inert')), false);
  assert.ok((await widgetUi(page)).some((u) => u.slot === 'post-end'));
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('the async-snippet queue keeps working once the loader has taken it over', async () => {
  const page = await openPage(env.browser);
  // A tag that runs whenever it runs: before the loader, after it, after the widget.
  const tag = () => page.evaluate(() => {
    const w = /** @type {any} */ (window);
    w.LeadScore = w.LeadScore || [];
    w.LeadScore.push(['track', 'demo_request']);
  });
  await page.addInitScript(() => {
    const w = /** @type {any} */ (window);
    w.LeadScore = w.LeadScore || [];
    w.LeadScore.push(['track', 'demo_request']);
  });
  await page.goto(`${env.server.url}/blog/lead-scoring-101`);
  await tag(); // the loader's stub (the widget loads when the page is idle)
  assert.ok((await waitForInit(page)).ok);
  await tag(); // the widget
  const fired = await page.evaluate(() => LeadScore.state().breakdown.find((/** @type {any} */ b) => b.rule === 'demo_request')?.fired);
  assert.equal(fired, 3);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('the page keeps working when the widget bundle is missing', async () => {
  env.server.override('/leadscore/leadscore-widget.js', { status: 404 });
  try {
    const page = await openPage(env.browser);
    // Calls queued before the loader runs (the async-snippet way), so the
    // listener is in place however early the failure comes.
    await page.addInitScript(() => {
      const w = /** @type {any} */ (window);
      w.heard = [];
      w.LeadScore = [['on', 'error', (/** @type {any} */ e) => w.heard.push(e.id)], ['track', 'queued_before_load']];
    });
    await page.goto(`${env.server.url}/app/`);
    const result = await waitForInit(page);
    assert.deepEqual({ ok: result.ok, id: result.id }, { ok: false, id: 'leadscore.load.failed' });
    assert.deepEqual(await page.evaluate(() => /** @type {any} */ (window).heard), ['leadscore.load.failed']);
    assert.equal(await page.evaluate(() => LeadScore.state()), null);
    await page.click('#to-reports'); // the page's own script still runs
    assert.equal(await page.textContent('h1'), 'Reports');
    assert.deepEqual(page.problems().filter((p) => !/status of 404/.test(p)), []);
    await page.context().close();
  } finally {
    env.server.override('/leadscore/leadscore-widget.js', null);
  }
});

test('a refused config rejects init with every error and changes nothing on the page', async () => {
  const config = { version: 1, rules: [{ id: 'a', points: 'five' }, { id: 'b', pionts: 1 }] };
  env.server.override('/leadscore.json', { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(config) });
  try {
    const page = await openPage(env.browser, `${env.server.url}/blog/lead-scoring-101`);
    const result = await waitForInit(page);
    assert.equal(result.ok, false);
    assert.equal(result.id, 'leadscore.config.type');
    assert.deepEqual(result.errors.map((e) => e.path), ['/rules/0/points', '/rules/1/points', '/rules/1/pionts']);
    assert.equal(await page.locator('leadscore-ui').count(), 0);
    assert.equal(await page.evaluate(() => localStorage.length), 0);
    assert.deepEqual(page.problems(), []);
    await page.context().close();
  } finally {
    env.server.override('/leadscore.json', null);
  }
});
