// axe-core (node_modules/axe-core, injected into the page) scans each state
// of the widget's UI: banner, modal <dialog> (open, focus inside; also back
// after stepping aside for the page's own modal), slide-in,
// inline slot offer, gate cards of locked gates (blur, hide, remove), the
// content of an unlocked gate, and the RTL (Persian) page. The scan covers
// the widget's hosts with their open shadow roots and the gated elements;
// every axe rule runs (WCAG 2.x A/AA and best practices). A probe shows that
// axe does look inside the shadow roots: a broken button put there is found.
//
// The forms the widget renders in offers are scanned in forms.test.mjs (the
// Persian offer form; its error state under a dark theme).
import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { useSite, openPage, waitForInit, waitForUi, T0, exitIntent } from './support.mjs';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

const env = useSite();

/** A fresh visitor on `path`, the widget ready, axe injected. @param {string} path */
async function visit(path) {
  const page = await openPage(env.browser);
  await page.clock.install({ time: T0 });
  await page.goto(`${env.server.url}${path}`);
  const r = await waitForInit(page);
  assert.ok(r.ok, `init failed on ${path}: ${JSON.stringify(r)}`);
  await page.addScriptTag({ path: axePath });
  return page;
}

/**
 * Runs axe over the widget's hosts (their shadow trees included) and the
 * given page elements; returns the violations as "rule: target (summary)"
 * and how many hosts and nodes were checked.
 * @param {import('playwright-core').Page} page
 * @param {string[]} [also] CSS selectors of page elements to scan too
 */
async function scan(page, also = []) {
  return page.evaluate(async (also) => {
    const axe = /** @type {any} */ (window).axe;
    const hosts = [...document.querySelectorAll('leadscore-ui')];
    const include = [...hosts, ...also.map((s) => document.querySelector(s))].filter(Boolean);
    if (!include.length) return { hosts: 0, passes: 0, violations: ['nothing to scan'] };
    // Wait for entry animations to end, so colours are measured as they stay.
    await Promise.all(document.getAnimations({ subtree: true }).map((a) => a.finished.catch(() => {})));
    for (const h of hosts) {
      await Promise.all((h.shadowRoot?.getAnimations() ?? []).map((a) => a.finished.catch(() => {})));
    }
    const result = await axe.run({ include }, { resultTypes: ['violations', 'passes'] });
    return {
      hosts: hosts.length,
      passes: result.passes.reduce((n, /** @type {any} */ r) => n + r.nodes.length, 0),
      violations: result.violations.flatMap((/** @type {any} */ v) =>
        v.nodes.map((/** @type {any} */ n) => `${v.id}: ${JSON.stringify(n.target)} (${n.failureSummary})`)),
    };
  }, also);
}

/** Which placements are on screen. @param {import('playwright-core').Page} page */
const boxes = (page) => page.evaluate(() =>
  [...document.querySelectorAll('leadscore-ui')].map((h) => h.shadowRoot?.querySelector('.ls')?.className));

test('axe finds what is wrong inside the widget shadow root (the scan reaches it)', async () => {
  const page = await visit('/blog/lead-scoring-101');
  await waitForUi(page, 'inline');
  const clean = await scan(page);
  assert.deepEqual(clean.violations, []);
  // A button with no name and a link with no text, inside the inline offer's shadow root.
  await page.evaluate(() => {
    const host = [...document.querySelectorAll('leadscore-ui')].find((h) => h.shadowRoot?.querySelector('.inline'));
    const box = /** @type {Element} */ (host?.shadowRoot?.querySelector('.inline'));
    box.append(document.createElement('button'));
  });
  const broken = await scan(page);
  assert.ok(broken.violations.some((v) => v.startsWith('button-name:')), JSON.stringify(broken.violations));
  await page.context().close();
});

test('axe: banner, inline slot offer and the locked gate cards (blur) of a blog post', async () => {
  const page = await visit('/blog/lead-scoring-101');
  await waitForUi(page, 'inline');
  assert.deepEqual((await boxes(page)).sort(), ['ls banner', 'ls gate', 'ls inline']);
  const r = await scan(page, ['#premium', '#slot-post-end']);
  assert.deepEqual(r.violations, []);
  assert.equal(r.hosts, 3);
  assert.ok(r.passes > 10, `only ${r.passes} checks passed: nothing was scanned?`);
  await page.context().close();
});

test('axe: the slide-in, with the page focus left where it was', async () => {
  const page = await visit('/blog/lead-scoring-101');
  await waitForUi(page, 'inline');
  await page.focus('#cta-demo');
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight * 0.6 - innerHeight));
  await waitForUi(page, 'slide');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'cta-demo', 'the slide-in took no focus');
  const r = await scan(page);
  assert.deepEqual(r.violations, []);
  assert.ok((await boxes(page)).includes('ls slide'));
  await page.context().close();
});

test('axe: the modal dialog, open and holding the focus', async () => {
  const page = await visit('/blog/lead-scoring-101');
  await waitForUi(page, 'inline');
  await exitIntent(page);
  assert.equal(await waitForUi(page, 'modal'), 'Before you go: the 2026 benchmark');
  const focusedDialog = () => {
    const a = document.activeElement;
    return a?.tagName === 'LEADSCORE-UI' ? a.shadowRoot?.activeElement?.closest('dialog[open]')?.className ?? 'page' : 'page';
  };
  assert.equal(await page.evaluate(focusedDialog), 'ls modal', 'the focus is inside the open dialog');
  const r = await scan(page);
  assert.deepEqual(r.violations, []);
  // Tab stays inside; a scan with the focus on the close button too.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(focusedDialog), 'ls modal', 'Tab keeps the focus inside the dialog');
  assert.deepEqual((await scan(page)).violations, []);
  await page.context().close();
});

test('axe: the banner, slide-in and modal dialog after stepping aside for the page\'s own modal <dialog> and coming back, the focus back in the dialog', async () => {
  const page = await visit('/blog/lead-scoring-101');
  await waitForUi(page, 'inline');
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight * 0.6 - innerHeight));
  await waitForUi(page, 'slide');
  await exitIntent(page);
  await waitForUi(page, 'modal');
  // The page's own modal opens over them, then closes (and leaves the page).
  const aside = await page.evaluate(() => {
    const d = document.body.appendChild(document.createElement('dialog'));
    d.append(Object.assign(document.createElement('button'), { textContent: 'OK' }));
    d.showModal();
    return new Promise((resolve) => queueMicrotask(() => {
      const seen = [...document.querySelectorAll('leadscore-ui')].map((h) => h.shadowRoot?.querySelector('.ls')).filter((b) => b?.checkVisibility()).map((b) => b?.className);
      d.close();
      d.remove();
      resolve(seen);
    }));
  });
  assert.deepEqual(aside.sort(), ['ls gate', 'ls inline'], 'the banner, slide-in and modal stepped aside');
  await waitForUi(page, 'modal');
  assert.deepEqual((await boxes(page)).sort(), ['ls banner', 'ls gate', 'ls inline', 'ls modal', 'ls slide']);
  assert.equal(await page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.closest('dialog[open]')?.className), 'ls modal', 'the focus is inside the dialog again');
  const r = await scan(page);
  assert.deepEqual(r.violations, []);
  assert.equal(r.hosts, 5);
  await page.context().close();
});

test('axe: the other locked gates: hidden (second article) and removed (price sheet), then unlocked content', async () => {
  const page = await visit('/blog/lead-scoring-101');
  await page.goto(`${env.server.url}/blog/scoring-decay`);
  assert.ok((await waitForInit(page)).ok);
  await page.addScriptTag({ path: axePath });
  await page.waitForFunction(() => [...document.querySelectorAll('leadscore-ui')].some((h) => h.shadowRoot?.querySelector('.gate')));
  const hidden = await scan(page, ['[data-leadscore-gate="articles"]']);
  assert.deepEqual(hidden.violations, []);

  await page.goto(`${env.server.url}/pricing`);
  assert.ok((await waitForInit(page)).ok);
  await page.addScriptTag({ path: axePath });
  assert.equal(await page.evaluate(() => document.querySelector('#price-sheet h2')), null, 'the price sheet is removed while locked');
  const removed = await scan(page, ['#price-sheet']);
  assert.deepEqual(removed.violations, []);

  // Contact data known: the blog gates open; the content is scanned as it is now.
  await page.goto(`${env.server.url}/blog/lead-scoring-101`);
  assert.ok((await waitForInit(page)).ok);
  await page.evaluate(() => LeadScore.identify({ email: 'ana@northwind.example' }));
  await page.waitForFunction(() => !document.getElementById('premium')?.hasAttribute('inert'));
  await page.addScriptTag({ path: axePath });
  const unlocked = await scan(page, ['#premium', '#article-body']);
  assert.deepEqual(unlocked.violations, []);
  assert.ok(!(await boxes(page)).includes('ls gate'));
  await page.context().close();
});

test('axe: the Persian (right-to-left) page: banner, slide-in, inline offer, gate card with Persian labels', async () => {
  const page = await visit('/fa/');
  await waitForUi(page, 'inline');
  await page.waitForFunction(() => document.querySelectorAll('leadscore-ui').length >= 4);
  assert.deepEqual((await boxes(page)).sort(), ['ls banner', 'ls gate', 'ls inline', 'ls slide']);
  const r = await scan(page, ['#fa-members']);
  assert.deepEqual(r.violations, []);
  await page.context().close();
});

// ------------------------------------------------------------------ focus, beyond what axe checks

/** The focused element, through open shadow roots: "tag#id.class" of each level. @param {import('playwright-core').Page} page */
const focused = (page) => page.evaluate(() => {
  const path = [];
  for (let a = document.activeElement; a; a = a.shadowRoot?.activeElement ?? null) path.push(`${a.localName}${a.id ? `#${a.id}` : ''}`);
  return path.join(' > ');
});

test('a gate unlocked by the form in its card, sent from the keyboard: the focus goes to the content now open, not lost on <body>', async () => {
  const page = await visit('/forms/gated.html');
  await page.getByLabel('Work email').pressSequentially('quang@example.vn', { delay: 70 });
  await page.getByLabel('Email me the guide. I can unsubscribe any time.').check();
  await page.getByRole('button', { name: 'Get the guide' }).focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => getComputedStyle(/** @type {Element} */ (document.getElementById('full-results'))).display !== 'none');
  assert.equal(await page.locator('leadscore-ui').count(), 0, 'the gate card is gone');
  assert.equal(await focused(page), 'section#full-results');
  // Tab goes on from there, and the page's section gets no tab stop of its own.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.getElementById('full-results')?.getAttribute('tabindex')), null);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a gate unlocked by the form in its card: the thank-you is said in a live region that stays on the page, not in the card\'s status, which goes with the card', async () => {
  const page = await visit('/forms/gated.html');
  // What each status the widget adds to <body> holds when it arrives: a live
  // region put in with its text already in it is not announced.
  await page.evaluate(() => {
    const w = /** @type {any} */ (window);
    w.__arrived = [];
    new MutationObserver((records) => {
      for (const r of records) for (const n of r.addedNodes) {
        const status = n instanceof Element && n.shadowRoot?.querySelector('[role=status]');
        if (status) w.__arrived.push(status.textContent);
      }
    }).observe(document.body, { childList: true });
  });
  await page.getByLabel('Work email').pressSequentially('quang@example.vn', { delay: 70 });
  await page.getByLabel('Email me the guide. I can unsubscribe any time.').check();
  await page.getByRole('button', { name: 'Get the guide' }).click();
  await page.waitForFunction(() => getComputedStyle(/** @type {Element} */ (document.getElementById('full-results'))).display !== 'none');
  assert.equal(await page.locator('leadscore-ui').count(), 0, 'the gate card is gone');
  const live = page.getByRole('status');
  await live.filter({ hasText: 'Thank you!' }).waitFor({ timeout: 5000 });
  assert.deepEqual(await page.evaluate(() => /** @type {any} */ (window).__arrived), [''], 'in the page, empty, before the thank-you');
  assert.equal(await focused(page), 'section#full-results', 'the focus on the content it opened');
  await page.keyboard.press('Tab');
  assert.deepEqual(await live.allTextContents(), ['Thank you!'], 'still said after the focus moves on');
  assert.equal(await live.evaluate((e) => e.getBoundingClientRect().width <= 1), true, 'out of sight');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('the banner and the slide-in dismissed from the keyboard (close button, Esc) give the focus back to where it came from in the page, not to <body>', async () => {
  const page = await visit('/blog/lead-scoring-101');
  await waitForUi(page, 'inline');
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight * 0.6 - innerHeight));
  await waitForUi(page, 'slide');
  // Banner: from the page's demo button into the banner, Tab to its close button, Enter.
  await page.focus('#cta-demo');
  await page.locator('leadscore-ui .banner .cta').focus();
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), 'leadscore-ui > button');
  await page.keyboard.press('Enter');
  assert.ok(!(await boxes(page)).includes('ls banner'), 'the banner is gone');
  assert.equal(await focused(page), 'button#cta-demo');
  // Slide-in: from the download link into it, Esc.
  await page.focus('#download-checklist');
  await page.locator('leadscore-ui .slide .cta').focus();
  await page.keyboard.press('Escape');
  assert.ok(!(await boxes(page)).includes('ls slide'), 'the slide-in is gone');
  assert.equal(await focused(page), 'a#download-checklist');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('the banner dismissed from the keyboard by a visitor who came into it from the inline offer (another of the widget\'s boxes) gives the focus back to the inline offer\'s link, not to <body>', async () => {
  const page = await visit('/blog/lead-scoring-101');
  await waitForUi(page, 'inline');
  await waitForUi(page, 'banner');
  /** The widget's box holding the focus and the focused element in it ('inline a.cta'), or the page's focused element. */
  const where = () => page.evaluate(() => {
    let a = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    const box = a?.closest('.ls');
    return `${box ? `${box.className.replace(/^ls /, '')} ` : ''}${a?.localName}.${a?.className}`;
  });
  await page.locator('leadscore-ui .inline .cta').focus();
  assert.equal(await where(), 'inline a.cta');
  await page.locator('leadscore-ui .banner .cta').focus();
  await page.keyboard.press('Tab');
  assert.equal(await where(), 'banner button.x');
  await page.keyboard.press('Enter');
  assert.ok(!(await boxes(page)).includes('ls banner'), 'the banner is gone');
  assert.equal(await where(), 'inline a.cta');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('the modal offer and the slide-in, as the accessibility tree gives them to a screen reader: dialogs named by their title and described by their text (the focus lands on the link, past the text)', async () => {
  const page = await visit('/blog/lead-scoring-101');
  await waitForUi(page, 'inline');
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight * 0.6 - innerHeight));
  await waitForUi(page, 'slide');
  const cdp = await page.context().newCDPSession(page);
  const dialogs = async () => {
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    return nodes.filter((n) => !n.ignored && n.role?.value === 'dialog').map((n) => [n.name?.value, n.description?.value ?? '']);
  };
  assert.deepEqual(await dialogs(), [['Scoring checklist', 'The 12 rules every B2B config needs.']]);
  await exitIntent(page);
  await waitForUi(page, 'modal');
  assert.equal(await focused(page), 'leadscore-ui > a', 'the focus on the link, after the text');
  // The modal hides the rest of the page (the slide-in too) from the tree.
  assert.deepEqual(await dialogs(), [['Before you go: the 2026 benchmark', 'How 300 teams score their leads.']]);
  await page.context().close();
});

test('required answers are said to be required, as the accessibility tree gives them: the page form\'s fields the core asks and requires (progressive profiling) as the widget\'s own form\'s are', async () => {
  /** [role, name, required] of the text fields and selects, in the tree (Chromium exposes no required state on a checkbox). @param {import('playwright-core').Page} page */
  const controls = async (page) => {
    const cdp = await page.context().newCDPSession(page);
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    return nodes.filter((n) => !n.ignored && ['textbox', 'combobox'].includes(n.role?.value))
      .map((n) => [n.role?.value, n.name?.value, n.properties?.find((p) => p.name === 'required')?.value.value ?? false]);
  };
  let page = await visit('/forms/contact.html');
  // The config: email, name and company required and asked first (max_fields 3).
  assert.deepEqual(await controls(page), [['textbox', 'Work email', true], ['textbox', 'Full name', true], ['textbox', 'Company', true]]);
  // Company size (required) is asked once the three are known: required too (a <select>: Chromium's
  // tree has no required state for it, so its attribute, what the platform APIs map, is read).
  await page.evaluate(() => LeadScore.identify({ email: 'ana@northwind.example', name: 'Ana', company: 'Northwind' }));
  await page.waitForFunction(() => !(/** @type {HTMLSelectElement} */ (document.getElementById('company_size'))).disabled);
  assert.equal(await page.getAttribute('#company_size', 'aria-required'), 'true');
  await page.context().close();
  // The widget's own form, in a gate card, for a new visitor: the same.
  page = await visit('/forms/gated.html');
  await page.waitForFunction(() => [...document.querySelectorAll('leadscore-ui')].some((h) => h.shadowRoot?.querySelector('.gate form')));
  assert.deepEqual(await controls(page), [['textbox', 'Work email', true], ['textbox', 'Name', false], ['combobox', 'Company size', false]]);
  await page.context().close();
});
