// Frequency caps, cool-downs after a dismissal, and suppression after a
// conversion, across reloads and visits (tests/browser/site/caps/). Time moves
// with page.clock: a new visit starts after 30 minutes without events.
import test from 'node:test';
import assert from 'node:assert/strict';
import { useSite, openPage, watch, waitForInit, kinds, waitForUi, setHidden, T0 } from './support.mjs';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const env = useSite();

/** A fresh visitor on the caps page, with the clock at T0. */
async function visitor() {
  const page = await openPage(env.browser);
  await page.clock.install({ time: T0 });
  await page.goto(`${env.server.url}/caps/`);
  assert.ok((await waitForInit(page)).ok);
  return page;
}

/**
 * `ms` later (0: now), reloads and returns the placements shown once the
 * page has settled (the inline slot's offer and the load-triggered ones come together).
 * The jump is setSystemTime, not fastForward: after a fastForward of more
 * than 2^31 ms, timers of a reloaded page never fire (Playwright 1.65's clock).
 * @param {import('playwright-core').Page} page @param {number} ms
 */
async function later(page, ms) {
  if (ms) await page.clock.setSystemTime((await page.evaluate(() => Date.now())) + ms);
  await page.reload();
  const r = await waitForInit(page);
  assert.ok(r.ok, JSON.stringify(r));
  await page.evaluate(() => new Promise(requestAnimationFrame));
  return { placements: (await kinds(page)).sort(), state: r.state };
}

/** Views, dismissal and conversion of one offer as the core keeps them. @param {any} s @param {string} id */
const record = (s, id) => s.offers[id] || {};

test('frequency cap: once per visit, twice ever, across reloads and visits', async () => {
  const page = await visitor();
  assert.equal(await waitForUi(page, 'banner'), 'Two chances a visitor');
  let v = await later(page, 0);
  assert.ok(!v.placements.includes('banner'), 'not again in the same visit');
  v = await later(page, 31 * MINUTE);
  assert.equal(v.state.sessions, 2);
  assert.equal(await waitForUi(page, 'banner'), 'Two chances a visitor', 'again in the 2nd visit');
  v = await later(page, 31 * MINUTE);
  assert.ok(!v.placements.includes('banner'), 'not in the 3rd visit: two views ever');
  v = await later(page, 30 * DAY);
  assert.ok(!v.placements.includes('banner'), 'nor a month later');
  assert.deepEqual([v.state.sessions, record(v.state, 'capped-banner').views], [4, 2]);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('tabs opened together in the background (a middle click on two links): the once-a-visit banner waits until a tab is seen, shows in the first one seen, and not in the other when it is seen', async () => {
  const first = await openPage(env.browser);
  const context = first.context();
  const second = watch(await context.newPage());
  for (const page of [first, second]) {
    await page.addInitScript(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    });
  }
  await Promise.all([first, second].map((page) => page.goto(`${env.server.url}/caps/`)));
  for (const page of [first, second]) assert.ok((await waitForInit(page)).ok);
  await first.waitForTimeout(300);
  for (const page of [first, second]) assert.ok(!(await kinds(page)).includes('banner'), 'not while nobody can see it');
  await setHidden(first, false);
  assert.equal(await waitForUi(first, 'banner'), 'Two chances a visitor');
  await setHidden(first, true); // the visitor goes to the other tab (the first stores its profile as it is hidden)
  await second.waitForFunction(() => LeadScore.state().offers['capped-banner']?.views === 1); // (heard from the first)
  await setHidden(second, false);
  await second.waitForTimeout(300);
  assert.ok(!(await kinds(second)).includes('banner'), 'seen in the first tab this visit');
  const s = await second.evaluate(() => LeadScore.state());
  assert.equal(record(s, 'capped-banner').views, 1);
  assert.deepEqual([first.problems(), second.problems()], [[], []]);
  await context.close();
});

test('cool-down: a dismissed slide-in stays away for its hour across reloads and visits, then comes back', async () => {
  const page = await visitor();
  assert.equal(await waitForUi(page, 'slide'), 'Quiet for an hour after a no');
  let v = await later(page, 0);
  assert.ok(v.placements.includes('slide'), 'up to ten views a visit: back on reload while not dismissed');

  await page.locator('leadscore-ui .slide .x').click();
  await page.waitForFunction(() => ![...document.querySelectorAll('leadscore-ui')].some((h) => h.shadowRoot?.querySelector('.slide')));
  v = await later(page, 0);
  assert.ok(!v.placements.includes('slide'), 'not after a reload');
  const dismissed = record(v.state, 'cooldown-slide').dismissed_at;
  assert.ok(dismissed >= T0.getTime(), `dismissed_at ${dismissed}`);
  v = await later(page, 59 * MINUTE);
  assert.equal(v.state.sessions, 2);
  assert.ok(!v.placements.includes('slide'), 'not in a new visit within the hour');
  v = await later(page, 2 * MINUTE);
  assert.ok(v.placements.includes('slide'), 'back once the hour is over');
  assert.equal(await waitForUi(page, 'slide'), 'Quiet for an hour after a no');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('suppression: a converted offer is never shown again', async () => {
  const page = await visitor();
  assert.equal(await waitForUi(page, 'inline'), 'Gone for good once taken');
  let v = await later(page, 0);
  assert.ok(v.placements.includes('inline'), 'shown again on reload while not taken');
  await Promise.all([page.waitForURL('**/caps/thanks'), page.locator('leadscore-ui .inline .cta').click()]);
  assert.ok((await waitForInit(page)).ok);
  await page.goto(`${env.server.url}/caps/`);
  v = await later(page, 0);
  assert.ok(!v.placements.includes('inline'), 'not after taking it');
  assert.ok(record(v.state, 'convert-inline').converted_at >= T0.getTime());
  v = await later(page, 400 * DAY);
  assert.ok(!v.placements.includes('inline'), 'nor a year later');
  assert.equal(await page.locator('#slot-main leadscore-ui').count(), 0, 'the slot stays empty');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('Esc with the focus inside the slide-in dismisses it like its close button (same cool-down); Esc elsewhere dismisses nothing', async () => {
  const page = await visitor();
  assert.equal(await waitForUi(page, 'slide'), 'Quiet for an hour after a no');
  await waitForUi(page, 'inline');
  await page.evaluate(() => {
    const w = /** @type {any} */ (window);
    w.__offers = [];
    LeadScore.on('offer', (e) => w.__offers.push(`${e.offer}:${e.action}`));
  });
  /** Where the focus is: the placement of the widget box holding it, or 'page'. */
  const focus = () => page.evaluate(() => {
    const a = document.activeElement;
    const inner = a && a.shadowRoot ? a.shadowRoot.activeElement : null;
    return inner?.closest('.ls')?.className.replace(/^ls /, '') ?? 'page';
  });

  // Esc on the page, then in another widget box: nothing is dismissed.
  await page.keyboard.press('Escape');
  await page.locator('leadscore-ui .inline .cta').focus();
  assert.equal(await focus(), 'inline');
  await page.keyboard.press('Escape');
  assert.deepEqual((await kinds(page)).sort(), ['banner', 'inline', 'slide']);
  assert.deepEqual(await page.evaluate(() => /** @type {any} */ (window).__offers), []);

  // Tab into the slide-in, then Esc.
  for (let i = 0; i < 10 && (await focus()) !== 'slide'; i++) await page.keyboard.press('Tab');
  assert.equal(await focus(), 'slide', 'the slide-in is reached with Tab');
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => ![...document.querySelectorAll('leadscore-ui')].some((h) => h.shadowRoot?.querySelector('.slide')));
  assert.deepEqual((await kinds(page)).sort(), ['banner', 'inline'], 'only the slide-in went');
  assert.deepEqual(await page.evaluate(() => /** @type {any} */ (window).__offers), ['cooldown-slide:dismissed']);
  const v = await later(page, 0);
  assert.ok(!v.placements.includes('slide'), 'in its cool-down after a reload');
  assert.ok(record(v.state, 'cooldown-slide').dismissed_at >= T0.getTime());
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});
