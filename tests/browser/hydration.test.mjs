// Markup a page's framework adds after the widget started, to elements that
// are already in the page (hydration, a re-render that only changes
// attributes: setAttribute, dataset), in Chromium, on site/hydrate/: a gate
// it marks is locked (moved to another gate, locked as that one says), a gate
// it stops marking is opened, a slot it marks (or renames) shows the offer of
// its name, a form it marks is the widget's.
import test from 'node:test';
import assert from 'node:assert/strict';
import { useSite, openPage, waitForInit } from './support.mjs';

const env = useSite();

async function hydrated() {
  const page = await openPage(env.browser, `${env.server.url}/hydrate/`);
  const r = await waitForInit(page);
  assert.ok(r.ok, JSON.stringify(r));
  return page;
}

/**
 * How the gated element `id` looks (in the page, or in the open shadow root
 * of `host`): shown, inert, blurred, its text, and the title or notice of the
 * widget's card before or in it (null: none).
 * @param {import('playwright-core').Page} page @param {string} id @param {string} [host]
 */
const gate = (page, id, host) => page.evaluate(([id, host]) => {
  const root = host ? /** @type {ShadowRoot} */ (document.getElementById(host)?.shadowRoot) : document;
  const el = /** @type {HTMLElement} */ (root.getElementById(id));
  const card = [...root.querySelectorAll('leadscore-ui')].find((h) => h.nextElementSibling === el || el.contains(h))?.shadowRoot?.querySelector('.gate');
  return {
    shown: el.getClientRects().length > 0,
    inert: el.inert,
    blurred: getComputedStyle(el).filter.includes('blur'),
    text: (el.textContent || '').replace(/\s+/g, ' ').trim(),
    card: card ? card.querySelector('.t, .d')?.textContent ?? null : null,
  };
}, [id, host || '']);

/** Waits (at most 5 s) for `fn` to be true in the page; the assertion after it says what was wrong. @param {import('playwright-core').Page} page @param {string} fn @param {any} [arg] */
const settle = (page, fn, arg) => page.waitForFunction(fn, arg, { timeout: 5000 }).catch(() => {});

/** The titles of the inline offers shown in the element `id` (in the page, or in `host`'s open shadow root). @param {import('playwright-core').Page} page @param {string} id @param {string} [host] */
const slotted = (page, id, host) => page.evaluate(([id, host]) => {
  const root = host ? /** @type {ShadowRoot} */ (document.getElementById(host)?.shadowRoot) : document;
  return [...(root.getElementById(id)?.querySelectorAll('leadscore-ui') || [])].map((h) => h.shadowRoot?.querySelector('.inline .t')?.textContent ?? null);
}, [id, host || '']);

const locked = (/** @type {string} */ text) => ({ shown: true, inert: true, blurred: true, text, card: 'This content is locked.' });
const open = (/** @type {string} */ text) => ({ shown: true, inert: false, blurred: false, text, card: null });

test('content the page marks as gated after the widget started (setAttribute on an element already there) is locked, and opens once the visitor is known', async () => {
  const page = await hydrated();
  assert.deepEqual(await gate(page, 'plans'), open('Plans for teams.'));
  await page.evaluate(() => document.getElementById('plans')?.setAttribute('data-leadscore-gate', 'pricing'));
  await settle(page, () => document.getElementById('plans')?.inert);
  assert.deepEqual(await gate(page, 'plans'), locked('Plans for teams.'));
  await page.evaluate(() => LeadScore.identify({ email: 'an@northwind.example' }));
  await settle(page, () => !document.getElementById('plans')?.inert);
  assert.deepEqual(await gate(page, 'plans'), open('Plans for teams.'));
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('gated content the page moves to another gate (data-leadscore-gate changed) is locked the way that gate says', async () => {
  const page = await hydrated();
  await page.evaluate(() => document.getElementById('plans')?.setAttribute('data-leadscore-gate', 'pricing'));
  await settle(page, () => document.getElementById('plans')?.inert);
  assert.deepEqual(await gate(page, 'plans'), locked('Plans for teams.'), 'pricing: blurred');
  await page.evaluate(() => document.getElementById('plans')?.setAttribute('data-leadscore-gate', 'report'));
  await settle(page, () => !document.getElementById('plans')?.textContent?.includes('teams'));
  assert.deepEqual(await gate(page, 'plans'), { shown: true, inert: false, blurred: false, text: '', card: 'This content is locked.' }, 'report: its content out of the page, one card');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('content the page stops gating (data-leadscore-gate removed from a locked element) is shown again at once, its content back and its card gone', async () => {
  const page = await hydrated();
  await settle(page, () => !document.getElementById('report')?.textContent?.includes('benchmark'));
  const before = await gate(page, 'report');
  assert.deepEqual([before.text, before.card], ['', 'This content is locked.'], 'locked (mode remove: its content out of the page)');
  await page.evaluate(() => document.getElementById('report')?.removeAttribute('data-leadscore-gate'));
  await settle(page, () => document.getElementById('report')?.textContent?.includes('benchmark'));
  assert.deepEqual(await gate(page, 'report'), open('The benchmark report.'));
  assert.equal(await page.evaluate(() => document.getElementById('report')?.hasAttribute('data-leadscore-locked')), false);
  // Gated again: locked again.
  await page.evaluate(() => document.getElementById('report')?.setAttribute('data-leadscore-gate', 'report'));
  await settle(page, () => !document.getElementById('report')?.textContent?.includes('benchmark'));
  const again = await gate(page, 'report');
  assert.deepEqual([again.text, again.card], ['', 'This content is locked.']);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('an element the page makes an inline slot after the widget started (dataset) shows its offer; renamed, it shows the offer of its new name instead', async () => {
  const page = await hydrated();
  assert.deepEqual(await slotted(page, 'sidebar'), []);
  await page.evaluate(() => {
    /** @type {HTMLElement} */ (document.getElementById('sidebar')).dataset.leadscoreSlot = 'sidebar';
  });
  await settle(page, () => document.querySelector('#sidebar leadscore-ui'));
  assert.deepEqual(await slotted(page, 'sidebar'), ['The pricing guide']);
  await page.evaluate(() => document.getElementById('sidebar')?.setAttribute('data-leadscore-slot', 'footer'));
  await settle(page, () => document.querySelectorAll('#sidebar leadscore-ui').length == 1 &&
    document.querySelector('#sidebar leadscore-ui')?.shadowRoot?.querySelector('.t')?.textContent == 'The ROI template');
  assert.deepEqual(await slotted(page, 'sidebar'), ['The ROI template']);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a form the page marks with data-leadscore-form after the widget started is the widget\'s before the visitor touches it (a known email not asked again); sent, it stays on the page', async () => {
  const page = await hydrated();
  // Known from an earlier page (this page then has nothing to unlock: no change of its own).
  await page.evaluate(() => LeadScore.identify({ email: 'an@northwind.example' }));
  await page.evaluate(() => LeadScore.flush());
  await page.reload();
  assert.ok((await waitForInit(page)).ok);
  await page.evaluate(() => document.getElementById('join')?.setAttribute('data-leadscore-form', 'signup'));
  /** The form's fields that show (by their labels). */
  const shown = () => page.evaluate(() => [...document.querySelectorAll('#join label')].filter((l) => l.getClientRects().length).map((l) => l.textContent?.trim()));
  await settle(page, () => document.querySelector('#join input[name=email]')?.getClientRects().length === 0);
  assert.deepEqual(await shown(), ['Company'], 'the email it knows is not asked again');
  await page.fill('#join input[name=company]', 'Northwind');
  await page.click('#join button');
  await settle(page, () => document.querySelector('#join + .leadscore-status')?.textContent);
  assert.deepEqual([
    await page.evaluate(() => document.querySelector('#join + .leadscore-status')?.textContent), page.url(),
  ], ['Welcome aboard.', `${env.server.url}/hydrate/`]);
  assert.equal(await page.evaluate(() => LeadScore.state().contact.company), 'Northwind');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});
