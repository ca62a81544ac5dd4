// The widget on a site that sends
//   Content-Security-Policy: script-src 'self' 'wasm-unsafe-eval'
// (no inline script, no eval, WebAssembly allowed): a visitor's way from a
// blog post to pricing reaches the same stages, sees offers in every
// placement and unlocks a gate, and the browser reports no CSP violation
// (neither a securitypolicyviolation event nor a console message). A probe
// at the end proves the policy was in force and that violations are heard.
// The same with Trusted Types enforced (the loader's "leadscore" policy), and
// a page whose trusted-types directive leaves that policy out.
import test from 'node:test';
import assert from 'node:assert/strict';
import { useSite, openPage, waitForInit, widgetUi, waitForUi, kinds, T0, STRICT_CSP } from './support.mjs';

const env = useSite({ headers: { 'Content-Security-Policy': STRICT_CSP } });

/** A fresh visitor whose pages record every CSP violation in window.__csp. */
async function visitor() {
  const page = await openPage(env.browser);
  await page.clock.install({ time: T0 });
  await page.addInitScript(() => {
    const w = /** @type {any} */ (window);
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      w.__csp.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  return page;
}

/** CSP violations this document heard so far. @param {import('playwright-core').Page} page */
const violations = (page) => page.evaluate(() => /** @type {any} */ (window).__csp);

/** The policy the server sends (a test may change it for its own pages). */
let policy = STRICT_CSP;
/** @param {string} value */
function serve(value) {
  policy = value;
  env.server.setHeaders(() => ({ 'Content-Security-Policy': value }));
}

/** Goes to `path`, checks the policy came with the page, waits for the widget. @param {import('playwright-core').Page} page @param {string} path */
async function visit(page, path) {
  const response = await page.goto(`${env.server.url}${path}`);
  assert.equal(response?.headers()['content-security-policy'], policy);
  const r = await waitForInit(page);
  assert.ok(r.ok, `init failed on ${path}: ${JSON.stringify(r)}`);
  return r.state;
}

test('under the strict CSP: stages, offers in every placement, a gate that unlocks and stays unlocked, no violation', async () => {
  const page = await visitor();

  // Blog post: banner, inline offer in its slot, the premium gate locked.
  let s = await visit(page, '/blog/lead-scoring-101');
  assert.deepEqual([s.stage, s.journey], ['visitor', 'awareness']);
  await waitForUi(page, 'inline');
  assert.deepEqual((await kinds(page)).sort(), ['banner', 'gate', 'inline']);
  const inline = (await widgetUi(page)).find((u) => u.className === 'ls inline');
  assert.deepEqual(inline?.cta, { href: `${env.server.url}/files/buyers-guide.pdf`, text: 'Get the guide' });
  assert.equal(await page.evaluate(() => document.getElementById('premium')?.hasAttribute('inert')), true);
  // The inline offer's image loads once scrolled near (img-src is not restricted; nothing else is needed).
  assert.equal(await page.evaluate(() => {
    document.querySelector('[data-leadscore-slot]')?.scrollIntoView();
    const host = [...document.querySelectorAll('leadscore-ui')].find((h) => h.shadowRoot?.querySelector('.inline'));
    const img = /** @type {HTMLImageElement | null | undefined} */ (host?.shadowRoot?.querySelector('.img'));
    return img ? img.decode().then(() => img.naturalWidth > 0, () => false) : 'no image';
  }), true);

  // The styles came in through constructed stylesheets: the banner is a fixed bar.
  assert.equal(await page.evaluate(() => {
    const host = [...document.querySelectorAll('leadscore-ui')].find((h) => h.shadowRoot?.querySelector('.banner'));
    const box = /** @type {Element} */ (host?.shadowRoot?.querySelector('.banner'));
    return getComputedStyle(box).position;
  }), 'fixed');

  // Scrolling slides the checklist in.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight * 0.6 - innerHeight));
  assert.equal(await waitForUi(page, 'slide'), 'Scoring checklist');

  // A download and the newsletter form: a lead, and the gate opens at once.
  await page.click('#download-checklist');
  await page.fill('#newsletter input[name=email]', 'ana@northwind.example');
  await page.click('#newsletter button[type=submit]');
  await page.getByRole('status').filter({ hasText: 'Subscribed. The deep dive is open for you.' }).waitFor();
  s = await page.evaluate(() => LeadScore.state());
  assert.deepEqual([s.stage, s.known], ['lead', true]);
  assert.equal(await page.evaluate(() => document.getElementById('premium')?.hasAttribute('inert')), false);
  assert.ok(!(await kinds(page)).includes('gate'), 'the gate card went away');
  assert.deepEqual(await violations(page), []);

  // The app, then pricing: consideration, then decision and MQL; the banner at
  // once, the demo modal after its delay, the MQL-gated price sheet open.
  s = await visit(page, '/app/');
  assert.deepEqual([s.stage, s.journey], ['lead', 'consideration']);
  assert.deepEqual(await violations(page), []);
  s = await visit(page, '/pricing');
  assert.deepEqual([s.stage, s.journey], ['mql', 'decision']);
  assert.equal(await waitForUi(page, 'banner'), 'Questions about plans?');
  await page.clock.runFor(4500);
  assert.equal(await waitForUi(page, 'modal'), 'See LeadScore on your own pages');
  assert.equal(await page.locator('#price-sheet h2').textContent(), 'Volume price sheet');
  assert.deepEqual(await violations(page), []);

  // After a reload the unlocked gates stay unlocked.
  s = await visit(page, '/blog/lead-scoring-101');
  assert.ok(s.unlocked.includes('premium'), JSON.stringify(s.unlocked));
  assert.equal(await page.evaluate(() => document.getElementById('premium')?.hasAttribute('inert')), false);
  assert.ok(!(await kinds(page)).includes('gate'));
  assert.deepEqual(await violations(page), []);
  assert.deepEqual(page.problems(), [], 'no console error (the browser logs CSP violations there)');
  assert.deepEqual(page.warnings(), []);

  // The probe: an inline script is refused, and the refusal is heard.
  const ran = await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true';
    document.head.append(script);
    return new Promise((ok) => setTimeout(() => ok(/** @type {any} */ (window).__inlineRan ?? false), 50));
  });
  assert.equal(ran, false, 'the policy is in force');
  const heard = await violations(page);
  assert.equal(heard.length, 1, JSON.stringify(heard));
  assert.match(heard[0], /^script-src-elem inline /);
  assert.ok(page.problems().some((p) => /Content Security Policy/.test(p)), JSON.stringify(page.problems()));
  await page.context().close();
});

test('under the strict CSP: the ES module build and a Persian page', async () => {
  const page = await visitor();
  await page.goto(`${env.server.url}/esm`);
  const state = await page.evaluate(() => /** @type {any} */ (window).leadscoreReady);
  assert.equal(state.page_views, 1);
  await page.waitForFunction(() => document.querySelectorAll('leadscore-ui').length > 0);
  assert.deepEqual(await violations(page), []);

  await visit(page, '/fa/');
  assert.equal(await waitForUi(page, 'inline'), 'چک‌لیست امتیازدهی (نسخهٔ ۲۰۲۶)');
  assert.deepEqual(await violations(page), []);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

const TRUSTED_TYPES = `${STRICT_CSP}; require-trusted-types-for 'script'`;

test('a page that enforces Trusted Types: the widget loads through its "leadscore" policy, offers, forms and gates work, no violation', async () => {
  serve(TRUSTED_TYPES);
  try {
    const page = await visitor();
    let s = await visit(page, '/blog/lead-scoring-101');
    assert.deepEqual([s.stage, s.journey], ['visitor', 'awareness']);
    await waitForUi(page, 'inline');
    assert.deepEqual((await kinds(page)).sort(), ['banner', 'gate', 'inline']);
    await page.fill('#newsletter input[name=email]', 'ana@northwind.example');
    await page.click('#newsletter button[type=submit]');
    await page.getByRole('status').filter({ hasText: 'Subscribed. The deep dive is open for you.' }).waitFor();
    assert.equal(await page.evaluate(() => document.getElementById('premium')?.hasAttribute('inert')), false);
    s = await visit(page, '/pricing');
    assert.deepEqual([s.stage, s.journey], ['lead', 'decision']);
    await page.clock.runFor(4500);
    assert.equal(await waitForUi(page, 'modal'), 'See LeadScore on your own pages');
    assert.deepEqual(await violations(page), []);
    assert.deepEqual(page.problems(), []);
    // The probe: a script URL given as a string is refused.
    const refused = await page.evaluate(() => {
      try {
        document.createElement('script').src = '/x.js';
        return false;
      } catch (e) {
        return e instanceof TypeError;
      }
    });
    assert.equal(refused, true, 'Trusted Types are enforced');
    await page.context().close();
  } finally {
    serve(STRICT_CSP);
  }
});

test('a page whose trusted-types directive leaves "leadscore" out: init() says so, the page keeps working', async () => {
  serve(`${TRUSTED_TYPES}; trusted-types app`);
  try {
    const page = await visitor();
    await page.goto(`${env.server.url}/blog/lead-scoring-101`);
    const r = await waitForInit(page);
    assert.equal(r.ok, false);
    assert.equal(r.id, 'leadscore.load.failed');
    assert.match(r.message, /\(trusted-types must allow "leadscore"\)/);
    assert.equal(await page.evaluate(() => document.querySelectorAll('leadscore-ui').length), 0);
    assert.equal(await page.locator('h1').count(), 1, 'the page is there');
    assert.deepEqual(page.problems().filter((p) => p.startsWith('pageerror')), [], 'no uncaught error');
    assert.equal(page.warnings().filter((w) => w.includes('leadscore.load.failed')).length, 1, 'the console hears it once');
    await page.context().close();
  } finally {
    serve(STRICT_CSP);
  }
});
