// Sites that navigate by swapping <body> (Turbo Drive, htmx hx-boost, Astro's
// view transitions, swup, pjax), imitated by tests/browser/site/swap/swap.js:
// each navigation is one page view of its path; the new body gets the
// banner and slide-in that are due (a dismissed one stays away), its gates
// are locked or unlocked as the visitor's state says, its slots get their
// offer, its forms and CTAs are heard; the back button's restoration visit
// (a clone of the body left, Turbo's snapshot cache) is a page view too,
// with nothing of the widget left over from the clone.
import test from 'node:test';
import assert from 'node:assert/strict';
import { useSite, openPage, waitForInit, waitForUi, kinds, until, exitIntent } from './support.mjs';

const env = useSite();

/** Lets a frame and the task after it go by (a route change's page view is taken then). @param {import('playwright-core').Page} page */
const settle = (page) => page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 60))));

/** Page views so far and their paths (the profile's recent pages). @param {import('playwright-core').Page} page */
const pageViews = async (page) => {
  await settle(page);
  return page.evaluate(async () => {
    await LeadScore.flush();
    const p = JSON.parse(localStorage.getItem('leadscore:v1:profile') || '{}');
    return [p.counts.page_view, p.recent_pages.map((/** @type {any[]} */ r) => r[0])];
  });
};

/** How often each rule fired. @param {import('playwright-core').Page} page */
const fired = (page) => page.evaluate(() =>
  Object.fromEntries(LeadScore.state().breakdown.map((/** @type {any} */ b) => [b.rule, b.fired])));

/**
 * The widget's hosts in the page: [what each shows, or "empty" for a host
 * with no shadow root (left over from a clone of the body)].
 * @param {import('playwright-core').Page} page
 */
const hosts = (page) => page.evaluate(() => [...document.querySelectorAll('leadscore-ui')].map((h) =>
  h.shadowRoot?.querySelector('.ls')?.className.replace(/^ls /, '') || 'empty'));

/** Navigates by a link and waits for the new body (its h1). @param {import('playwright-core').Page} page @param {string} link @param {string} h1 */
async function go(page, link, h1) {
  await page.click(link);
  await page.waitForFunction((t) => document.querySelector('h1')?.textContent === t, h1);
}

test('Turbo Drive and htmx body swaps: one page view each, with its path; the banner on every new body, the slide-in when due, the slot filled, once', async () => {
  const page = await openPage(env.browser, `${env.server.url}/swap/`);
  assert.ok((await waitForInit(page)).ok);
  assert.equal(await waitForUi(page, 'banner'), 'One idea a week');
  await go(page, '#to-guide', 'Guide'); // Turbo: pushState, then body.replaceWith
  assert.equal(await waitForUi(page, 'inline'), "The buyer's guide");
  await waitForUi(page, 'slide');
  await waitForUi(page, 'banner');
  assert.deepEqual((await hosts(page)).sort(), ['banner', 'gate', 'gate', 'inline', 'slide']);
  assert.deepEqual(await pageViews(page), [2, ['/swap/', '/swap/guide']]);
  await go(page, '#inner-to-plans', 'Plans'); // htmx: body.innerHTML, then pushState
  await waitForUi(page, 'banner');
  assert.deepEqual(await hosts(page), ['banner'], 'the slide-in was seen this visit');
  assert.deepEqual(await pageViews(page), [3, ['/swap/', '/swap/guide', '/swap/plans']]);
  assert.deepEqual(await page.evaluate(() => LeadScore.state().offers), {
    'hello-bar': { views: 3 }, 'tour-slide': { views: 1 }, 'guide-inline': { views: 1 },
  });
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a slow response (Turbo: the URL first, the body later): the new body still gets its banner and slot, and the page view is of the new path once', async () => {
  const page = await openPage(env.browser, `${env.server.url}/swap/`);
  assert.ok((await waitForInit(page)).ok);
  await waitForUi(page, 'banner');
  await page.evaluate(() => {
    /** @type {any} */ (window).swapHold = new Promise((ok) => { /** @type {any} */ (window).release = ok; });
  });
  await page.click('#to-guide');
  await settle(page); // the route change is seen while the old body is still there
  await page.evaluate(() => /** @type {any} */ (window).release());
  await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Guide');
  assert.equal(await waitForUi(page, 'inline'), "The buyer's guide");
  assert.equal(await waitForUi(page, 'banner'), 'One idea a week');
  assert.deepEqual((await hosts(page)).filter((k) => k != 'gate').sort(), ['banner', 'inline', 'slide']);
  assert.deepEqual(await pageViews(page), [2, ['/swap/', '/swap/guide']]);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

/** The journey stages the visitor moved through. @param {import('playwright-core').Page} page */
const journeyMoves = (page) => page.evaluate(() => LeadScore.state().transitions
  .filter((/** @type {any} */ t) => t.kind === 'journey').map((/** @type {any} */ t) => `${t.from}>${t.to}`));

test('a Turbo visit whose response comes after the URL has changed (a slow visit) is a page view of the new page: its journey meta, as in the normal order, counted once', async () => {
  // The normal order (htmx): the new page (head and body) first, then the URL.
  const quick = await openPage(env.browser, `${env.server.url}/swap/`);
  assert.ok((await waitForInit(quick)).ok);
  await go(quick, '#inner-to-guide', 'Guide'); // <meta name="leadscore:journey" content="consideration">
  assert.equal(await quick.evaluate(() => document.querySelector('meta[name="leadscore:journey"]')?.getAttribute('content')), 'consideration');
  assert.deepEqual(await pageViews(quick), [2, ['/swap/', '/swap/guide']]);
  assert.deepEqual(await journeyMoves(quick), ['awareness>consideration']);
  await go(quick, '#to-home', 'Home'); // Turbo, the response in at once
  assert.deepEqual(await pageViews(quick), [3, ['/swap/', '/swap/guide', '/swap/']]);

  // The slow visit: the URL first, the new page (head and body) a while later.
  const slow = await openPage(env.browser, `${env.server.url}/swap/`);
  assert.ok((await waitForInit(slow)).ok);
  await slow.evaluate(() => {
    /** @type {any} */ (window).swapHold = new Promise((ok) => { /** @type {any} */ (window).release = ok; });
  });
  await slow.click('#to-guide');
  await settle(slow);
  await settle(slow); // the route change is seen while the old page is still there
  assert.equal(await slow.textContent('h1'), 'Home');
  await slow.evaluate(() => /** @type {any} */ (window).release());
  await slow.waitForFunction(() => document.querySelector('h1')?.textContent === 'Guide');
  assert.deepEqual(await pageViews(slow), [2, ['/swap/', '/swap/guide']]);
  assert.deepEqual(await journeyMoves(slow), ['awareness>consideration'], 'the guide\'s journey meta, not the home page\'s (none)');
  assert.deepEqual(await pageViews(slow), [2, ['/swap/', '/swap/guide']], 'once');

  // Left while the response is on its way: the page view is not lost.
  await slow.evaluate(() => {
    /** @type {any} */ (window).swapHold = new Promise(() => {});
  });
  await slow.click('#to-plans');
  await settle(slow);
  const left = await slow.evaluate(() => {
    dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
    return JSON.parse(localStorage.getItem('leadscore:v1:profile') || '{}').counts.page_view;
  });
  assert.equal(left, 3);
  assert.deepEqual([quick.problems(), slow.problems()], [[], []]);
  await quick.context().close();
  await slow.context().close();
});

test('a banner dismissed on one body stays away on the next ones (its cool-down holds)', async () => {
  const page = await openPage(env.browser, `${env.server.url}/swap/plans`);
  assert.ok((await waitForInit(page)).ok);
  await waitForUi(page, 'banner');
  await page.locator('leadscore-ui').locator('.banner .x').click();
  await page.waitForFunction(() => !document.querySelector('leadscore-ui'));
  await go(page, '#to-home', 'Home');
  await waitForUi(page, 'slide'); // due from the 2nd page view
  assert.deepEqual(await kinds(page), ['slide'], 'no banner');
  await go(page, '#inner-to-plans', 'Plans');
  assert.deepEqual(await pageViews(page), [3, ['/swap/plans', '/swap/', '/swap/plans']]);
  assert.deepEqual(await kinds(page), [], 'no banner (nor the slide-in, once a visit)');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('forms and CTAs of each new body are heard once; a form of the config on a swapped-in body captures the lead and unlocks the gates', async () => {
  const page = await openPage(env.browser, `${env.server.url}/swap/`);
  assert.ok((await waitForInit(page)).ok);
  await go(page, '#to-plans', 'Plans');
  await page.click('#cta');
  await page.fill('#seats', '12');
  await page.click('#quote-send'); // the page sends it by a swap (Turbo's form submission)
  await page.waitForURL('**/swap/plans?seats=12');
  await page.waitForFunction(() => !(/** @type {HTMLInputElement} */ (document.querySelector('#seats'))).value);
  await page.click('#cta');
  assert.deepEqual(await fired(page), { page_view: 3, cta_click: 2, form_started: 1, form_submitted: 1 });
  await go(page, '#inner-to-guide', 'Guide');
  assert.equal(await waitForUi(page, 'gate'), 'This content is locked.');
  assert.equal(await page.evaluate(() => document.querySelector('#sheet-text')), null, 'the price sheet is out of the page (mode remove)');
  await page.fill('#newsletter input[name=email]', 'ada@example.com');
  await page.click('#newsletter button[type=submit]');
  await until(() => page.evaluate(() => LeadScore.state().known), 'the lead');
  await page.waitForFunction(() => !document.querySelector('#premium[inert]') && document.querySelector('#sheet-text'));
  assert.deepEqual(await page.evaluate(() => LeadScore.state().forms), ['quote', 'newsletter']);
  assert.deepEqual(await fired(page), { page_view: 4, cta_click: 2, form_started: 2, form_submitted: 2 });
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('the back button (a restoration visit: a clone of the body left comes back): a page view, its offers, and a gate unlocked since shows its content (the clone carried the lock)', async () => {
  const page = await openPage(env.browser, `${env.server.url}/swap/guide`);
  assert.ok((await waitForInit(page)).ok);
  await waitForUi(page, 'inline');
  await waitForUi(page, 'banner');
  assert.equal(await page.evaluate(() => document.querySelector('#premium')?.hasAttribute('inert')), true, 'locked: blurred');
  await go(page, '#to-plans', 'Plans');
  await page.goBack();
  await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Guide');
  await waitForUi(page, 'inline');
  assert.deepEqual(await page.evaluate(() => [...document.querySelectorAll('main > leadscore-ui, [data-leadscore-gate] > leadscore-ui')]
    .map((h) => h.shadowRoot?.querySelector('.ls')?.className || 'empty')), ['ls gate', 'ls gate'], 'still locked: one card each, not the copy\'s');
  assert.equal(await page.evaluate(() => document.querySelector('#premium')?.hasAttribute('inert')), true);
  await go(page, '#to-plans', 'Plans');
  await page.evaluate(() => LeadScore.identify({ email: 'ada@example.com' })); // e.g. a form of the page's own: known, the gates unlock
  await page.goBack();
  await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Guide');
  assert.equal(await waitForUi(page, 'inline'), "The buyer's guide");
  await waitForUi(page, 'banner');
  assert.deepEqual(await pageViews(page), [5, ['/swap/guide', '/swap/plans', '/swap/guide', '/swap/plans', '/swap/guide']]);
  assert.deepEqual(await page.evaluate(() => {
    const premium = /** @type {HTMLElement} */ (document.querySelector('#premium'));
    return [premium.hasAttribute('inert'), premium.getAttribute('aria-hidden'), premium.style.filter];
  }), [false, null, ''], 'unlocked: not blurred, not inert');
  assert.equal(await page.evaluate(() => document.querySelectorAll('[data-leadscore-gate] leadscore-ui, leadscore-ui + [data-leadscore-gate]').length), 0,
    'no gate cards left, nor their copies from the clone');
  assert.deepEqual((await hosts(page)).sort(), ['banner', 'inline'], 'the clone\'s copies of the banner, the slide-in and the inline offer (empty hosts) are gone');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a form of the config on a body the back button put back (a clone of the enhanced form) is driven once and captures the lead', async () => {
  const page = await openPage(env.browser, `${env.server.url}/swap/guide`);
  assert.ok((await waitForInit(page)).ok);
  await waitForUi(page, 'inline');
  await go(page, '#to-plans', 'Plans');
  await page.goBack();
  await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Guide');
  await waitForUi(page, 'inline');
  await page.fill('#newsletter input[name=email]', 'not an email');
  await page.click('#newsletter button[type=submit]');
  await page.waitForFunction(() => document.querySelector('.leadscore-error'));
  assert.deepEqual(await page.evaluate(() => [
    document.querySelectorAll('#newsletter .leadscore-error').length,
    document.querySelectorAll('#newsletter ~ .leadscore-status').length,
    document.querySelectorAll('#newsletter [aria-hidden=true] [name=leadscore_website]').length,
  ]), [1, 1, 1], 'one message, one status, one honeypot');
  await page.fill('#newsletter input[name=email]', 'ada@example.com');
  await page.click('#newsletter button[type=submit]');
  await until(() => page.evaluate(() => LeadScore.state().known), 'the lead');
  assert.deepEqual(await page.evaluate(() => LeadScore.state().forms), ['newsletter']);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a modal offer open when the new body comes in (exit intent while the response is on its way) stays open and modal in the new body, and Esc still dismisses it', async () => {
  const page = await openPage(env.browser, `${env.server.url}/swap/`);
  assert.ok((await waitForInit(page)).ok);
  await waitForUi(page, 'banner');
  await page.evaluate(() => {
    /** @type {any} */ (window).swapHold = new Promise((ok) => { /** @type {any} */ (window).release = ok; });
  });
  await page.fill('#seats', '3');
  await page.click('#quote-send'); // sent by a swap (not a link: an exit intent right after a link click is no exit intent)
  await settle(page);
  await exitIntent(page);
  assert.equal(await waitForUi(page, 'modal'), 'Before you go');
  await page.evaluate(() => /** @type {any} */ (window).release());
  await page.waitForFunction(() => !(/** @type {HTMLInputElement} */ (document.querySelector('#seats'))).value); // the new body
  await page.waitForFunction(() => [...document.querySelectorAll('leadscore-ui')].some((h) => h.isConnected && h.shadowRoot?.querySelector('dialog:modal')));
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => ![...document.querySelectorAll('leadscore-ui')].some((h) => h.shadowRoot?.querySelector('dialog[open]')));
  await page.waitForFunction(() => LeadScore.state().offers['exit-modal'].dismissed_at); // (the dialog's close event comes a task later)
  assert.equal(await page.evaluate(() => LeadScore.state().offers['exit-modal'].views), 1, 'not viewed again in the new body');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

/** The price sheet (gate "sheet", mode remove) now: its text, and how many gate cards are in it (cards from the clone, empty, count too). @param {import('playwright-core').Page} page */
const sheet = (page) => page.evaluate(() => {
  const el = /** @type {HTMLElement} */ (document.querySelector('#sheet'));
  return { text: el.textContent, cards: el.querySelectorAll('leadscore-ui').length };
});

test('the back button and a gate in mode remove: the put-back copy stays locked with one card, and its content comes back once unlocked, there or on another page', async () => {
  const page = await openPage(env.browser, `${env.server.url}/swap/guide`);
  assert.ok((await waitForInit(page)).ok);
  await waitForUi(page, 'inline');
  assert.deepEqual(await sheet(page), { text: '', cards: 1 }, 'locked: the price sheet is out of the page');
  await go(page, '#to-plans', 'Plans');
  await page.goBack();
  await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Guide');
  await waitForUi(page, 'inline');
  assert.deepEqual(await sheet(page), { text: '', cards: 1 }, 'still locked: out of the page, one card');
  await go(page, '#to-plans', 'Plans');
  await page.evaluate(() => LeadScore.identify({ email: 'ada@example.com' })); // known: the gates unlock
  await page.goBack();
  await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Guide');
  await waitForUi(page, 'inline');
  assert.deepEqual(await sheet(page), { text: 'The price sheet.', cards: 0 }, 'unlocked since: the price sheet is back');
  await go(page, '#inner-to-plans', 'Plans'); // htmx this time
  await page.goBack();
  await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Guide');
  await waitForUi(page, 'inline');
  assert.deepEqual(await sheet(page), { text: 'The price sheet.', cards: 0 });
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a gate in mode remove on a body the back button put back, unlocked there: its content comes back', async () => {
  const page = await openPage(env.browser, `${env.server.url}/swap/guide`);
  assert.ok((await waitForInit(page)).ok);
  await waitForUi(page, 'inline');
  await go(page, '#inner-to-plans', 'Plans');
  await page.goBack();
  await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Guide');
  await waitForUi(page, 'inline');
  assert.deepEqual(await sheet(page), { text: '', cards: 1 });
  await page.fill('#newsletter input[name=email]', 'ada@example.com');
  await page.click('#newsletter button[type=submit]');
  await page.waitForFunction(() => !document.querySelector('#premium[inert]')); // the gates unlocked
  assert.deepEqual(await sheet(page), { text: 'The price sheet.', cards: 0 });
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});
