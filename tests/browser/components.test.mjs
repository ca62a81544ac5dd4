// Sites built from web components (Lit, Stencil, Shoelace, LWC) keep their
// content in the open shadow roots of custom elements. In Chromium, on
// site/components/: gated content there is locked and unlocks without a
// reload, an inline slot there shows its offer, and content rendered there
// after the widget started (a component defined later, a new render) is met
// too. (Clicks and downloads there: clicks.test.mjs; forms: forms.test.mjs.)
import test from 'node:test';
import assert from 'node:assert/strict';
import { useSite, openPage, waitForInit } from './support.mjs';

const env = useSite();

async function tour(path = '/components/') {
  const page = await openPage(env.browser, `${env.server.url}${path}`);
  const r = await waitForInit(page);
  assert.ok(r.ok, JSON.stringify(r));
  return page;
}

/**
 * A gated element inside `host`'s shadow root: locked (inert, blurred) and
 * the title of the widget's card before it, or null.
 * @param {import('playwright-core').Page} page @param {string} host @param {string} id
 */
const gate = (page, host, id) => page.evaluate(([host, id]) => {
  const el = /** @type {HTMLElement} */ (document.getElementById(host)?.shadowRoot?.getElementById(id));
  const card = el.previousElementSibling?.shadowRoot?.querySelector('.gate');
  return { inert: el.inert, blurred: getComputedStyle(el).filter.includes('blur'), card: card ? card.querySelector('.t, .d')?.textContent : null };
}, [host, id]);

/** The title of the inline offer shown in the slot `id` of `host`'s shadow root, or null. @param {import('playwright-core').Page} page @param {string} host @param {string} id */
const slotted = (page, host, id) => page.evaluate(([host, id]) =>
  document.getElementById(host)?.shadowRoot?.getElementById(id)?.querySelector('leadscore-ui')?.shadowRoot?.querySelector('.inline .t')?.textContent ?? null, [host, id]);

const locked = { inert: true, blurred: true, card: 'This content is locked.' };
const open = { inert: false, blurred: false, card: null };

test('gated content in a component\'s open shadow root is locked, and opens without a reload once the visitor is known', async () => {
  const page = await tour();
  assert.deepEqual(await gate(page, 'card', 'deep'), locked);
  await page.evaluate(() => LeadScore.identify({ email: 'an@northwind.example' }));
  await page.waitForFunction(() => !document.getElementById('card')?.shadowRoot?.getElementById('deep')?.inert);
  assert.deepEqual(await gate(page, 'card', 'deep'), open);
  await page.reload();
  assert.ok((await waitForInit(page)).ok);
  assert.deepEqual(await gate(page, 'card', 'deep'), open, 'the unlock persists');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('an inline slot in a component\'s open shadow root shows its offer', async () => {
  const page = await tour();
  await page.waitForFunction(() => document.getElementById('card')?.shadowRoot?.querySelector('#slot leadscore-ui'), null, { timeout: 5000 }).catch(() => {});
  assert.equal(await slotted(page, 'card', 'slot'), 'The tour as a PDF');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

/** Waits (at most 5 s) for the widget's card before the gated element `id` in `host`'s shadow root. @param {import('playwright-core').Page} page @param {string} host @param {string} id */
const carded = (page, host, id) => page.waitForFunction(([host, id]) =>
  document.getElementById(host)?.shadowRoot?.getElementById(id)?.previousElementSibling?.shadowRoot, [host, id], { timeout: 5000 }).catch(() => {});

test('a gate a component renders into its open shadow root after the widget started is locked (no change in the document itself)', async () => {
  const page = await tour();
  await page.evaluate(() => document.getElementById('card')?.shadowRoot?.append(document.createRange().createContextualFragment(
    '<section data-leadscore-gate="members" id="late"><p>Rendered later.</p></section>')));
  await carded(page, 'card', 'late');
  assert.deepEqual(await gate(page, 'card', 'late'), locked);
  await page.evaluate(() => LeadScore.identify({ email: 'an@northwind.example' }));
  await page.waitForFunction(() => !document.getElementById('card')?.shadowRoot?.getElementById('late')?.inert);
  assert.deepEqual(await gate(page, 'card', 'late'), open);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a component in the page from the start but defined later (loaded lazily) gets its gate locked and its slot filled once it renders', async () => {
  const page = await tour();
  // Its module arrives once the widget has settled (nothing pending that
  // would scan anyway): <tour-extra> is plain until defined; then it renders
  // into its new root a task later, with no change in the document itself.
  await page.waitForTimeout(300);
  await page.evaluate(() => /** @type {any} */ (window).defineExtra());
  await carded(page, 'extra', 'more');
  assert.deepEqual(await gate(page, 'extra', 'more'), locked);
  await page.waitForFunction(() => document.getElementById('extra')?.shadowRoot?.querySelector('#extra-slot leadscore-ui'), null, { timeout: 5000 }).catch(() => {});
  assert.equal(await slotted(page, 'extra', 'extra-slot'), 'The scoring template');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('components an app defines together, after the widget started (its bundle registering them at once), each get their gates locked: one whose name is no plain CSS name (x-news.v2), and one inside another\'s shadow root', async () => {
  const page = await tour();
  await page.evaluate(() => document.querySelector('main, body')?.insertAdjacentHTML('beforeend',
    '<x-news.v2 id="dotted"></x-news.v2><x-outer id="outer"></x-outer><x-plain id="plain"></x-plain>'));
  await page.waitForTimeout(300); // plain elements until defined: the widget has looked at them
  await page.evaluate(() => {
    /** @param {string} name @param {string} html */
    const define = (name, html) => customElements.define(name, class extends HTMLElement {
      constructor() {
        super();
        this.attachShadow({ mode: 'open' }).innerHTML = html;
      }
    });
    const gated = (/** @type {string} */ id) => `<section data-leadscore-gate="members" id="${id}"><p>For members.</p></section>`;
    define('x-outer', '<x-inner id="inner"></x-inner>');
    define('x-news.v2', gated('news'));
    define('x-plain', gated('plain-gate'));
    define('x-inner', gated('nested'));
  });
  await carded(page, 'dotted', 'news');
  assert.deepEqual(await gate(page, 'dotted', 'news'), locked);
  await carded(page, 'plain', 'plain-gate');
  assert.deepEqual(await gate(page, 'plain', 'plain-gate'), locked);
  const nested = () => page.evaluate(() => {
    const el = /** @type {HTMLElement} */ (document.getElementById('outer')?.shadowRoot?.getElementById('inner')?.shadowRoot?.getElementById('nested'));
    return { inert: el.inert, blurred: getComputedStyle(el).filter.includes('blur'), card: el.previousElementSibling?.shadowRoot?.querySelector('.gate .d')?.textContent ?? null };
  });
  await page.waitForFunction(() => document.getElementById('outer')?.shadowRoot?.getElementById('inner')?.shadowRoot?.getElementById('nested')?.inert, null, { timeout: 5000 }).catch(() => {});
  assert.deepEqual(await nested(), locked);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a form of the config (data-leadscore-form) in a component\'s open shadow root is the widget\'s: sent, it makes the visitor known and opens the gate, on the page', async () => {
  const page = await tour();
  await page.fill('#card >> #signup input[name=email]', 'an@northwind.example');
  await page.click('#card >> #signup button');
  await page.waitForFunction(() => !document.getElementById('card')?.shadowRoot?.getElementById('deep')?.inert, null, { timeout: 5000 }).catch(() => {});
  assert.deepEqual([await gate(page, 'card', 'deep'), page.url()], [open, `${env.server.url}/components/`]);
  assert.equal(await page.evaluate(() => LeadScore.state().stage), 'lead');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a form in a component\'s open shadow root on a Vietnamese page (lang on <html>) speaks Vietnamese', async () => {
  const page = await tour('/components/vi');
  await page.fill('#card >> #signup input[name=email]', 'an@northwind.example');
  await page.click('#card >> #signup button');
  await page.waitForFunction(() => document.getElementById('card')?.shadowRoot?.querySelector('.leadscore-status')?.textContent, null, { timeout: 5000 }).catch(() => {});
  assert.equal(await page.evaluate(() => document.getElementById('card')?.shadowRoot?.querySelector('.leadscore-status')?.textContent), 'Chào mừng bạn.');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});
