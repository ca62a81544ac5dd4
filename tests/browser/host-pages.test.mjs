// The widget's UI on host pages that get in its way: a page defining its own
// <leadscore-ui> custom element (before the widget starts, after it has
// rendered, and in a browser without scoped custom element registries); a
// body with a transform, filter or paint containment (the containing block of
// fixed boxes), or such a rule reaching the widget's hosts; a root font size of 62.5% or 150%; a showModal patched to
// do nothing or to throw; the page's own modal open (a modal <dialog>, an
// inert <body>, an app's root made inert with its modal in a portal beside it,
// every other child of <body> made aria-hidden beside a dialog's portal (Radix, MUI), or
// only the app's root (react-modal), a Bootstrap modal (aria-modal="true", nothing inert around it),
// a modal <dialog> in a web component's shadow root), from the start or over offers already open (which step
// aside and come back, giving back the focus a keyboard user had in them). Each time the visitor must still see the offers where they
// belong, and the page's own elements keep working. Page: the test site's blog post (banner, inline offer, a gate's offer).
import test from 'node:test';
import assert from 'node:assert/strict';
import { useSite, openPage, waitForInit, waitForUi, recordEvents, recorded, exitIntent } from './support.mjs';

const env = useSite();

/**
 * The widget's boxes on screen: placement class and title, by host, whatever
 * the host's tag; with each box's visibility.
 * @param {import('playwright-core').Page} page
 */
function boxes(page) {
  return page.evaluate(() => {
    const out = [];
    for (const host of document.querySelectorAll('*')) {
      const box = /** @type {HTMLElement | null | undefined} */ (host.shadowRoot?.querySelector('.ls'));
      if (!box) continue;
      out.push({ kind: box.className.replace(/^ls /, ''), title: box.querySelector('.t')?.textContent, visible: box.checkVisibility() });
    }
    return out.sort((a, b) => a.kind.localeCompare(b.kind));
  });
}

const BLOG = [
  { kind: 'banner', title: 'One lead-scoring idea a week', visible: true },
  { kind: 'gate', title: 'Members read on', visible: true },
  { kind: 'inline', title: "The lead scoring buyer's guide", visible: true },
];

/**
 * Opens the blog post with `script` run first on the page, waits for the
 * widget's banner and inline offer (or the time they take).
 * @param {string} script @param {(page: any) => Promise<void>} [later] run after init
 */
async function blogWith(script, later) {
  const page = await openPage(env.browser);
  await recordEvents(page);
  await page.addInitScript(script);
  await page.goto(`${env.server.url}/blog/lead-scoring-101`);
  const r = await waitForInit(page);
  assert.ok(r.ok, JSON.stringify(r));
  await page.waitForFunction(() => [...document.querySelectorAll('*')].filter((h) => h.shadowRoot?.querySelector('.ls')).length >= 3,
    undefined, { timeout: 5000 }).catch(() => {});
  if (later) await later(page);
  return page;
}

/** The page's own <leadscore-ui>: a web component with its own shadow root, rendered in the constructor. */
const PAGE_ELEMENT = `customElements.define('leadscore-ui', class extends HTMLElement {
  constructor() { super(); this.attachShadow({ mode: 'open' }).textContent = 'the page\\'s own component'; }
});`;

test('a page that defines its own <leadscore-ui> before the widget starts: the offers still show, the page\'s element still works', async () => {
  const page = await blogWith(PAGE_ELEMENT);
  assert.deepEqual(await boxes(page), BLOG);
  // The page's own element is the page's.
  assert.equal(await page.evaluate(() => {
    const mine = document.body.appendChild(document.createElement('leadscore-ui'));
    return mine.shadowRoot?.textContent;
  }), "the page's own component");
  assert.deepEqual((await recorded(page)).errors, []);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a page that defines <leadscore-ui> after the widget has rendered (a component writing into its shadow root when connected): the offers stay', async () => {
  const page = await blogWith('', async (p) => {
    await p.evaluate(() => customElements.define('leadscore-ui', class extends HTMLElement {
      connectedCallback() { (this.shadowRoot || this.attachShadow({ mode: 'open' })).textContent = "the page's own component"; }
    }));
  });
  assert.deepEqual(await boxes(page), BLOG);
  assert.deepEqual((await recorded(page)).errors, []);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a browser without scoped custom element registries, on a page that took the name <leadscore-ui>: the offers still show', async () => {
  const page = await blogWith(`delete window.CustomElementRegistry; ${PAGE_ELEMENT}`);
  assert.deepEqual(await boxes(page), BLOG);
  assert.deepEqual((await recorded(page)).errors, []);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a browser without scoped custom element registries, on a page that took the name <leadscore-ui> (the widget\'s hosts are <div>s): the inline offer\'s link to its PDF, pressed, scores the offer accepted, not also a download from the page', async () => {
  // The page keeps the visitor here (its own click handler), so the score can be read after the press.
  const page = await blogWith(`delete window.CustomElementRegistry; ${PAGE_ELEMENT} addEventListener('click', (e) => e.preventDefault());`);
  const rules = () => page.evaluate(() => /** @type {any} */ (window).LeadScore.state().breakdown.map((/** @type {any} */ b) => `${b.rule} x${b.fired}`).sort());
  const before = await rules();
  await page.evaluate(() => [...document.querySelectorAll('div[data-leadscore-ui]')]
    .map((h) => /** @type {HTMLElement | null | undefined} */ (h.shadowRoot?.querySelector('.inline .cta'))).find((a) => a)?.click());
  await page.waitForFunction(() => /** @type {any} */ (window).__ls.offers.some((/** @type {any} */ o) => o.action === 'converted'));
  assert.deepEqual((await rules()).filter((r) => !before.includes(r)), ['offer_accepted x1']);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

/**
 * Where the banner and the slide-in are on screen, once their entry
 * animation is over, and whether their close buttons are what a press at
 * their centre hits.
 * @param {import('playwright-core').Page} page
 */
function fixedBoxes(page) {
  return page.evaluate(async () => {
    /** @type {Record<string, any>} */
    const out = {};
    for (const host of document.querySelectorAll('leadscore-ui')) {
      const root = /** @type {ShadowRoot} */ (host.shadowRoot);
      const box = root.querySelector('.ls.banner, .ls.slide');
      if (!box) continue;
      await Promise.all(root.getAnimations().map((a) => a.finished.catch(() => {})));
      const b = box.getBoundingClientRect();
      const x = /** @type {Element} */ (root.querySelector('.x')).getBoundingClientRect();
      out[box.className.replace(/^ls /, '')] = {
        onScreen: b.top >= 0 && b.bottom <= innerHeight && b.left >= 0 && b.right <= innerWidth,
        closeHit: root.elementFromPoint(x.x + x.width / 2, x.y + x.height / 2) === root.querySelector('.x'),
      };
    }
    return out;
  });
}

/** Where the banner's and the slide-in's hosts are: the local name of their parent. @param {import('playwright-core').Page} page */
const fixedParents = (page) => page.evaluate(() => [...document.querySelectorAll('leadscore-ui')]
  .filter((h) => h.shadowRoot?.querySelector('.ls.banner, .ls.slide')).map((h) => h.parentElement?.localName));

for (const css of ['body { transform: translateZ(0) }', 'body { filter: saturate(1.1) }', 'body { contain: paint }',
  'body { will-change: transform }', 'body { container-type: inline-size }']) {
  test(`a page with \`${css}\` (a fixed box's containing block): scrolled down, the banner and slide-in stay on screen and can be closed`, async () => {
    const page = await openPage(env.browser, undefined, { viewport: { width: 1000, height: 700 } });
    await page.addInitScript((rule) => document.addEventListener('DOMContentLoaded', () => {
      document.head.append(Object.assign(document.createElement('style'), { textContent: rule }));
    }), css);
    await page.goto(`${env.server.url}/blog/lead-scoring-101`);
    const r = await waitForInit(page);
    assert.ok(r.ok, JSON.stringify(r));
    await page.mouse.wheel(0, 1600); // the slide-in waits for 50% scroll depth
    await page.waitForFunction(() => [...document.querySelectorAll('leadscore-ui')].filter((h) => h.shadowRoot?.querySelector('.ls.banner, .ls.slide')).length === 2);
    await page.evaluate(() => scrollTo(0, 1600));
    // The slide-in sits in the corner over the banner's end: the banner's close button is measured once the slide-in is closed.
    const first = await fixedBoxes(page);
    assert.deepEqual(first.slide, { onScreen: true, closeHit: true });
    assert.equal(first.banner.onScreen, true);
    await page.evaluate(() => /** @type {HTMLElement} */ ([...document.querySelectorAll('leadscore-ui')].map((h) => h.shadowRoot?.querySelector('.ls.slide .x')).find(Boolean)).click());
    assert.deepEqual((await fixedBoxes(page)).banner, { onScreen: true, closeHit: true });
    assert.deepEqual(await fixedParents(page), ['html'], 'beside the body that holds fixed boxes');
    assert.deepEqual(page.problems(), []);
    await page.context().close();
  });
}

test('a page rule that reaches the widget\'s hosts (`body > * { transform: translateZ(0); position: relative; z-index: 0 }`): scrolled down, the banner and slide-in stay on screen, over the page\'s own fixed box, and can be closed', async () => {
  const page = await openPage(env.browser, undefined, { viewport: { width: 1000, height: 700 } });
  await page.addInitScript(() => document.addEventListener('DOMContentLoaded', () => {
    document.head.append(Object.assign(document.createElement('style'), { textContent: 'body > * { transform: translateZ(0); position: relative; z-index: 0 }' }));
    // The page's own bar fixed at the bottom, above its other boxes (z-index 1 outside the body's children).
    const bar = document.documentElement.appendChild(document.createElement('div'));
    bar.style.cssText = 'position: fixed; inset: auto 0 0; height: 120px; z-index: 1; background: #eee';
  }));
  await page.goto(`${env.server.url}/blog/lead-scoring-101`);
  assert.ok((await waitForInit(page)).ok);
  await page.mouse.wheel(0, 1600); // the slide-in waits for 50% scroll depth
  await page.waitForFunction(() => [...document.querySelectorAll('leadscore-ui')].filter((h) => h.shadowRoot?.querySelector('.ls.banner, .ls.slide')).length === 2);
  await page.evaluate(() => scrollTo(0, 1600));
  assert.deepEqual((await fixedBoxes(page)).slide, { onScreen: true, closeHit: true });
  // Over the page's bar: what a press at the slide-in's centre hits is the widget's host.
  assert.equal(await page.evaluate(() => {
    const host = [...document.querySelectorAll('leadscore-ui')].find((h) => h.shadowRoot?.querySelector('.ls.slide'));
    const r = /** @type {Element} */ (host?.shadowRoot?.querySelector('.ls')).getBoundingClientRect();
    return document.elementFromPoint(r.x + r.width / 2, r.bottom - 5) === host;
  }), true);
  await page.evaluate(() => /** @type {HTMLElement} */ ([...document.querySelectorAll('leadscore-ui')].map((h) => h.shadowRoot?.querySelector('.ls.slide .x')).find(Boolean)).click());
  assert.deepEqual((await fixedBoxes(page)).banner, { onScreen: true, closeHit: true });
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('on an ordinary page the banner and slide-in stay in <body> (an app rendering <html> expects only its head and body there)', async () => {
  const page = await openPage(env.browser, undefined, { viewport: { width: 1000, height: 700 } });
  await page.goto(`${env.server.url}/blog/lead-scoring-101`);
  assert.ok((await waitForInit(page)).ok);
  await page.mouse.wheel(0, 1600);
  await page.waitForFunction(() => [...document.querySelectorAll('leadscore-ui')].filter((h) => h.shadowRoot?.querySelector('.ls.banner, .ls.slide')).length === 2);
  assert.deepEqual(await fixedParents(page), ['body', 'body']);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('the page\'s root font size (`html { font-size: 62.5% }`, or 150%) leaves the widget\'s boxes and close buttons as they are, at least 24 px to press', async () => {
  /** @type {any[]} */
  const seen = [];
  for (const size of ['62.5%', '150%']) {
    const page = await openPage(env.browser, undefined, { viewport: { width: 1000, height: 700 } });
    await page.addInitScript((rule) => document.addEventListener('DOMContentLoaded', () => {
      document.head.append(Object.assign(document.createElement('style'), { textContent: rule }));
    }), `:root:root { font-size: ${size} }`);
    await page.goto(`${env.server.url}/blog/lead-scoring-101`);
    assert.ok((await waitForInit(page)).ok);
    await page.mouse.wheel(0, await page.evaluate(() => document.documentElement.scrollHeight * 0.6)); // the slide-in waits for 50% scroll depth
    await page.waitForFunction(() => [...document.querySelectorAll('leadscore-ui')].filter((h) => h.shadowRoot?.querySelector('.ls.banner, .ls.slide')).length === 2);
    seen.push(await page.evaluate(async () => {
      /** @type {Record<string, any>} */
      const out = {};
      for (const host of document.querySelectorAll('leadscore-ui')) {
        const root = /** @type {ShadowRoot} */ (host.shadowRoot);
        const box = /** @type {HTMLElement} */ (root.querySelector('.ls'));
        await Promise.all(root.getAnimations().map((a) => a.finished.catch(() => {})));
        const b = box.getBoundingClientRect();
        const x = root.querySelector('.x')?.getBoundingClientRect();
        const kind = box.className.replace(/^ls /, '');
        // An inline box's width is its slot's, from the page's own layout.
        out[kind] = { width: /inline|gate/.test(kind) ? 'the slot\'s' : Math.round(b.width), padding: getComputedStyle(box).padding, close: x && [Math.round(x.width), Math.round(x.height)] };
      }
      return out;
    }));
    await page.context().close();
  }
  assert.deepEqual(seen[0], seen[1]);
  for (const kind of ['banner', 'slide']) assert.ok(seen[0][kind].close[0] >= 24 && seen[0][kind].close[1] >= 24, `${kind}: ${JSON.stringify(seen[0][kind])}`);
});

for (const [what, patch] of [
  ['does nothing (a polyfill or a blocker)', 'HTMLDialogElement.prototype.showModal = function () { window.__modalCalls = (window.__modalCalls || 0) + 1; };'],
  ['throws', 'HTMLDialogElement.prototype.showModal = function () { window.__modalCalls = (window.__modalCalls || 0) + 1; throw new Error("blocked by the page"); };'],
]) {
  test(`a page whose showModal ${what}: the modal offer that did not open is not counted as viewed, and the page keeps working`, async () => {
    const page = await openPage(env.browser);
    await recordEvents(page);
    await page.addInitScript(patch);
    await page.goto(`${env.server.url}/blog/lead-scoring-101`);
    assert.ok((await waitForInit(page)).ok);
    // Exit intent: the pointer leaves through the top.
    await exitIntent(page);
    await page.waitForFunction(() => /** @type {any} */ (window).__modalCalls >= 1);
    const seen = await page.evaluate(() => ({
      shown: /** @type {any} */ (window).__ls.offers.filter((/** @type {any} */ o) => o.offer === 'exit-whitepaper').map((/** @type {any} */ o) => o.action),
      views: /** @type {any} */ (window).LeadScore.state().offers['exit-whitepaper']?.views ?? 0,
      dialogs: [...document.querySelectorAll('leadscore-ui')].filter((h) => h.shadowRoot?.querySelector('dialog')).length,
    }));
    assert.deepEqual(seen, { shown: [], views: 0, dialogs: 0 });
    assert.deepEqual(page.problems(), []);
    await page.context().close();
  });
}

/**
 * The page's own modal, opened by window.__openModal(): its <dialog> shown
 * with showModal(), or a box beside the body (in <html>) with the body made
 * inert, whose input the page focuses a task later (as an app does once it
 * has rendered the modal); an input in it has the focus.
 * window.__closeModal() closes it.
 */
/** An app's page: everything in <body> moved into its root, div#app (run at DOMContentLoaded). */
const WRAP_IN_APP = `const app = document.createElement('div');
    app.id = 'app';
    app.append(...document.body.childNodes);
    document.body.append(app);`;

const PAGE_MODALS = {
  'a <dialog> opened with showModal()': `window.__openModal = () => {
    const d = document.body.appendChild(document.createElement('dialog'));
    d.append(Object.assign(document.createElement('input'), { id: 'own' }));
    d.showModal();
    window.__closeModal = () => d.close();
  };`,
  'a box beside an inert <body>': `window.__openModal = () => {
    const m = document.documentElement.appendChild(document.createElement('div'));
    m.setAttribute('role', 'dialog');
    m.setAttribute('aria-modal', 'true');
    m.style.cssText = 'position: fixed; inset: 10%; background: #fff';
    m.append(Object.assign(document.createElement('input'), { id: 'own' }));
    document.body.inert = true;
    setTimeout(() => m.querySelector('input').focus());
    window.__closeModal = () => { m.remove(); document.body.inert = false; };
  };`,
  // React, Vue: the app's root made inert, the modal in a portal beside it.
  "an app's wrapper made inert, its modal beside it": `document.addEventListener('DOMContentLoaded', () => {
    ${WRAP_IN_APP}
  });
  window.__openModal = () => {
    const portal = document.body.appendChild(document.createElement('div'));
    portal.innerHTML = '<div role="dialog" aria-modal="true" style="position: fixed; inset: 10%; background: #fff"><input id="own"></div>';
    document.getElementById('app').inert = true;
    setTimeout(() => portal.querySelector('input').focus());
    window.__closeModal = () => { portal.remove(); document.getElementById('app').inert = false; };
  };`,
  // Radix (shadcn/ui), MUI: the dialog (role=dialog, no aria-modal) in a
  // portal at the end of <body>, every other child of <body> aria-hidden.
  "every other child of <body> aria-hidden, the dialog in a portal after them": `window.__openModal = () => {
    const hidden = [...document.body.children].filter((e) => !e.hasAttribute('aria-hidden'));
    const portal = document.body.appendChild(document.createElement('div'));
    portal.innerHTML = '<div role="dialog" style="position: fixed; inset: 10%; background: #fff"><input id="own"></div>';
    for (const e of hidden) e.setAttribute('aria-hidden', 'true');
    setTimeout(() => portal.querySelector('input').focus());
    window.__closeModal = () => { portal.remove(); for (const e of hidden) e.removeAttribute('aria-hidden'); };
  };`,
  // react-modal: its portal in <body> from the start, only the app's root
  // (setAppElement) made aria-hidden while it is open.
  "the app's root made aria-hidden, the dialog in a portal beside it": `document.addEventListener('DOMContentLoaded', () => {
    ${WRAP_IN_APP}
    document.body.appendChild(document.createElement('div')).className = 'ReactModalPortal';
  });
  window.__openModal = () => {
    const portal = document.querySelector('.ReactModalPortal');
    portal.innerHTML = '<div style="position: fixed; inset: 0"><div role="dialog" aria-modal="true" tabindex="-1" style="position: absolute; inset: 10%; background: #fff"><input id="own"></div></div>';
    document.getElementById('app').setAttribute('aria-hidden', 'true');
    setTimeout(() => portal.querySelector('input').focus());
    window.__closeModal = () => { portal.textContent = ''; document.getElementById('app').removeAttribute('aria-hidden'); };
  };`,
  // Bootstrap 5: the modal in the page's markup, shown with role=dialog and
  // aria-modal="true" (hidden again: aria-hidden), a backdrop appended to
  // <body>; nothing made inert or aria-hidden around it.
  'a Bootstrap modal (aria-modal="true" in the page, nothing inert around it)': `document.addEventListener('DOMContentLoaded', () => {
    const m = document.body.appendChild(document.createElement('div'));
    m.className = 'modal';
    m.tabIndex = -1;
    m.setAttribute('aria-hidden', 'true');
    m.style.cssText = 'display: none; position: fixed; inset: 0';
    m.innerHTML = '<div style="margin: 10%; background: #fff"><input id="own"></div>';
  });
  window.__openModal = () => {
    const m = document.querySelector('.modal');
    const backdrop = document.body.appendChild(document.createElement('div'));
    backdrop.style.cssText = 'position: fixed; inset: 0; background: #0008';
    m.style.display = 'block';
    m.removeAttribute('aria-hidden');
    m.setAttribute('aria-modal', 'true');
    m.setAttribute('role', 'dialog');
    setTimeout(() => m.querySelector('input').focus());
    window.__closeModal = () => {
      m.style.display = 'none';
      m.setAttribute('aria-hidden', 'true');
      m.removeAttribute('aria-modal');
      m.removeAttribute('role');
      backdrop.remove();
    };
  };`,
  "a <dialog> opened with showModal() in a web component's shadow root": `window.__openModal = () => {
    const root = document.body.appendChild(document.createElement('div')).attachShadow({ mode: 'open' });
    const d = root.appendChild(document.createElement('dialog'));
    d.append(Object.assign(document.createElement('input'), { id: 'own' }));
    d.showModal();
    window.__closeModal = () => d.close();
  };`,
};

/** The id of the element with the focus, inside open shadow roots too. @param {import('playwright-core').Page} page */
const focused = (page) => page.evaluate(() => {
  let a = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a?.id;
});
/** Opens the page's modal as soon as the page is parsed. */
const MODAL_FROM_START = "document.addEventListener('DOMContentLoaded', () => window.__openModal());";

/**
 * The blog post at 1000 x 700 with `script` (a PAGE_MODALS entry) on it, the
 * banner and the slide-in open, and with `exit` the exit-intent modal offer.
 * @param {string} script
 * @param {{record?: boolean, exit?: boolean, reducedMotion?: 'reduce' | 'no-preference'}} [options] record: recordEvents() first
 */
async function withOverlays(script, { record = false, exit = false, reducedMotion } = {}) {
  const page = await openPage(env.browser, undefined, { viewport: { width: 1000, height: 700 }, ...(reducedMotion && { reducedMotion }) });
  if (record) await recordEvents(page);
  await page.addInitScript(script);
  await page.goto(`${env.server.url}/blog/lead-scoring-101`);
  assert.ok((await waitForInit(page)).ok);
  await waitForUi(page, 'banner');
  await page.mouse.wheel(0, 1600); // the slide-in waits for 50% scroll depth
  await waitForUi(page, 'slide');
  if (exit) {
    await exitIntent(page);
    await waitForUi(page, 'modal');
  }
  return page;
}

/**
 * Until the banner, slide-in and modal offer have stepped aside and the page's
 * input (#own) has the focus, or the time that takes (the test's own
 * assertions then say what is wrong). @param {import('playwright-core').Page} page
 */
const steppedAside = (page) => page.waitForFunction(() => {
  let a = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a?.id === 'own' && ![...document.querySelectorAll('leadscore-ui')].some((h) => h.shadowRoot?.querySelector('.banner, .slide, .modal')?.checkVisibility());
}, undefined, { timeout: 5000 }).catch(() => {});

/** The widget's banner, slide-in and modal offer, and whether each is on screen (a closed <dialog> is not). @param {import('playwright-core').Page} page */
const overlays = (page) => page.evaluate(() => [...document.querySelectorAll('leadscore-ui')]
  .map((h) => /** @type {HTMLElement | null | undefined} */ (h.shadowRoot?.querySelector('.ls.banner, .ls.slide, .ls.modal')))
  .filter((b) => b).map((b) => `${b?.className.replace(/^ls /, '')}: ${b?.checkVisibility() ? 'shown' : 'hidden'}`).sort());

for (const [kind, script] of Object.entries(PAGE_MODALS)) {
  test(`while the page's own modal is open (${kind}), no banner or modal offer pops over it or takes its focus; the banner comes once it is closed, and the exit intent stays armed`, async () => {
    const page = await openPage(env.browser);
    await recordEvents(page);
    await page.addInitScript(script);
    await page.addInitScript(MODAL_FROM_START);
    // Heard after the widget's own mouseout listener (on document): the exit intent has been handled.
    await page.addInitScript(() => addEventListener('mouseout', (e) => { if (e.clientY <= 0 && !e.relatedTarget) /** @type {any} */ (window).__exits = (/** @type {any} */ (window).__exits || 0) + 1; }));
    await page.goto(`${env.server.url}/blog/lead-scoring-101`);
    assert.ok((await waitForInit(page)).ok);
    await waitForUi(page, 'inline');
    await exitIntent(page);
    await page.waitForFunction(() => /** @type {any} */ (window).__exits);
    const during = await page.evaluate(() => ({
      shown: /** @type {any} */ (window).__ls.offers.map((/** @type {any} */ o) => o.offer).sort(),
      boxes: [...document.querySelectorAll('leadscore-ui')].map((h) => h.shadowRoot?.querySelector('.ls')?.className).sort(),
    }));
    // (the inline offer far down the post not viewed yet: not in the window)
    assert.deepEqual(during, { shown: ['premium-unlock'], boxes: ['ls gate', 'ls inline'] });
    assert.equal(await focused(page), 'own');
    await page.evaluate(() => /** @type {any} */ (window).__closeModal());
    await page.waitForFunction(() => /** @type {any} */ (window).__ls.offers.some((/** @type {any} */ o) => o.offer === 'newsletter-bar'));
    const s = await page.evaluate(() => /** @type {any} */ (window).LeadScore.state().offers);
    assert.deepEqual([s['newsletter-bar'].views, s['exit-whitepaper']?.views ?? 0], [1, 0]);
    // The next exit intent, with the page's modal closed, brings the exit offer.
    await exitIntent(page);
    await page.waitForFunction(() => /** @type {any} */ (window).__exits === 2);
    assert.deepEqual(await page.evaluate(() => /** @type {any} */ (window).LeadScore.state().offers['exit-whitepaper']), { views: 1 });
    assert.equal(await waitForUi(page, 'modal'), 'Before you go: the 2026 benchmark');
    assert.deepEqual(page.problems(), []);
    await page.context().close();
  });
}

for (const [kind, script] of Object.entries(PAGE_MODALS)) {
  test(`the banner, slide-in and modal offer open when the page opens its own modal (${kind}) step aside while it is open (the page's input gets the focus; nothing dismissed or counted again) and come back once it closes`, async () => {
    const page = await withOverlays(script, { record: true, exit: true });
    const all = ['banner: shown', 'modal: shown', 'slide: shown'];
    assert.deepEqual(await overlays(page), all);
    await page.evaluate(() => /** @type {any} */ (window).__openModal());
    await steppedAside(page);
    assert.deepEqual(await overlays(page), ['banner: hidden', 'modal: hidden', 'slide: hidden']);
    assert.equal(await focused(page), 'own');
    await page.evaluate(() => /** @type {any} */ (window).__closeModal());
    await waitForUi(page, 'modal');
    assert.deepEqual(await overlays(page), all);
    const { offers } = await recorded(page);
    // (not the inline offer at the post's end: it has not come into view)
    assert.deepEqual(offers.map((/** @type {any} */ o) => `${o.offer} ${o.action}`).sort(),
      ['checklist-slide shown', 'exit-whitepaper shown', 'newsletter-bar shown', 'premium-unlock shown']);
    const s = await page.evaluate(() => /** @type {any} */ (window).LeadScore.state().offers);
    assert.deepEqual(['newsletter-bar', 'checklist-slide', 'exit-whitepaper'].map((id) => s[id]), [{ views: 1 }, { views: 1 }, { views: 1 }]);
    assert.deepEqual(page.problems(), []);
    await page.context().close();
  });
}

test('a page with an element made inert that is no modal (a closed drawer), aria-modal boxes kept hidden (display: none, faded out, slid out of the window), a decoration made aria-hidden and a popover (role=dialog, not modal) in a portal at the end of <body>: the banner and the exit modal still show', async () => {
  const page = await openPage(env.browser);
  await recordEvents(page);
  await page.addInitScript(() => document.addEventListener('DOMContentLoaded', () => {
    const drawer = document.body.insertBefore(document.createElement('nav'), document.body.firstChild);
    drawer.inert = true;
    drawer.innerHTML = '<a href="/">Home</a>';
    drawer.style.cssText = 'position: fixed; inset: 0 auto 0 0; transform: translateX(-100%)';
    const box = document.body.appendChild(document.createElement('div'));
    // Kept hidden: by display, faded out (opacity and visibility, for a transition), slid out of the window (an off-canvas menu).
    box.innerHTML = '<div role="dialog" aria-modal="true" style="display: none"><input></div>' +
      '<div role="dialog" aria-modal="true" style="position: fixed; inset: 0; background: #0008; opacity: 0; visibility: hidden"><input></div>' +
      '<div role="dialog" aria-modal="true" style="position: fixed; inset: 0; opacity: 0; pointer-events: none"><input></div>' +
      '<nav role="dialog" aria-modal="true" style="position: fixed; inset: 0 auto 0 0; width: 280px; transform: translateX(-100%)"><a href="/">Home</a></nav>';
    const decoration = document.body.insertBefore(document.createElement('div'), document.body.firstChild);
    decoration.setAttribute('aria-hidden', 'true');
    decoration.style.cssText = 'position: fixed; inset: 0; z-index: -1; background: linear-gradient(#fff, #eef)';
    const popover = document.body.appendChild(document.createElement('div'));
    popover.innerHTML = '<div role="dialog" style="position: absolute; top: 40px; left: 40px; background: #fff">Filters <input></div>';
  }));
  await page.goto(`${env.server.url}/blog/lead-scoring-101`);
  assert.ok((await waitForInit(page)).ok);
  await waitForUi(page, 'banner');
  await exitIntent(page);
  assert.equal(await waitForUi(page, 'modal'), 'Before you go: the 2026 benchmark');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('an app\'s page whose root holds a chat panel (role=dialog, not modal) beside a decorative layer made aria-hidden (no text, nothing to use): the banner shows and the exit modal opens; the page\'s own Radix modal still makes the banner step aside', async () => {
  const page = await openPage(env.browser);
  await recordEvents(page);
  await page.addInitScript(`document.addEventListener('DOMContentLoaded', () => {
    ${WRAP_IN_APP}
    const chat = document.getElementById('app').appendChild(document.createElement('div'));
    chat.setAttribute('role', 'dialog');
    chat.setAttribute('aria-label', 'Chat with us');
    chat.style.cssText = 'position: fixed; bottom: 10px; left: 10px; background: #fff';
    chat.innerHTML = 'Questions? <input aria-label="Your message">';
    const layer = document.body.appendChild(document.createElement('div'));
    layer.setAttribute('aria-hidden', 'true');
    layer.style.cssText = 'position: fixed; inset: 0; z-index: -1; background: radial-gradient(#fff, #eef)';
    layer.innerHTML = '<svg width="100%" height="100%"><circle cx="50%" cy="50%" r="40%" fill="#dde"></circle></svg>';
  });`);
  await page.addInitScript(PAGE_MODALS['every other child of <body> aria-hidden, the dialog in a portal after them']);
  await page.goto(`${env.server.url}/blog/lead-scoring-101`);
  assert.ok((await waitForInit(page)).ok);
  assert.equal(await waitForUi(page, 'banner'), 'One lead-scoring idea a week');
  // The same page's own modal (Radix: the app's root made aria-hidden too) is still one: the banner steps aside.
  const bannerShown = () => page.evaluate(() => [...document.querySelectorAll('leadscore-ui')].some((h) => h.shadowRoot?.querySelector('.banner')?.checkVisibility()));
  await page.evaluate(() => /** @type {any} */ (window).__openModal());
  await page.waitForFunction(() => ![...document.querySelectorAll('leadscore-ui')].some((h) => h.shadowRoot?.querySelector('.banner')?.checkVisibility()),
    undefined, { timeout: 5000 }).catch(() => {});
  assert.equal(await bannerShown(), false);
  await page.evaluate(() => /** @type {any} */ (window).__closeModal());
  await waitForUi(page, 'banner');
  assert.equal(await bannerShown(), true);
  await exitIntent(page);
  assert.equal(await waitForUi(page, 'modal'), 'Before you go: the 2026 benchmark');
  const s = await page.evaluate(() => /** @type {any} */ (window).LeadScore.state().offers);
  assert.deepEqual([s['newsletter-bar'], s['exit-whitepaper']], [{ views: 1 }, { views: 1 }]);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

/**
 * The widget's hosts as <div>s (a browser without scoped custom element
 * registries, a page that took the name <leadscore-ui>) and the page's own
 * modal that only hides the app's root with aria-hidden: react-modal's, its
 * dialog told not to say aria-modal (the asideDialog() rule alone finds it),
 * and Radix's (every child of <body> hidden, the widget's too).
 */
const DIV_HOST_MODALS = {
  "the app's root made aria-hidden, the dialog (no aria-modal) in a portal beside it":
    PAGE_MODALS["the app's root made aria-hidden, the dialog in a portal beside it"].replace(' aria-modal="true"', ''),
  'every other child of <body> aria-hidden, the dialog in a portal after them': PAGE_MODALS['every other child of <body> aria-hidden, the dialog in a portal after them'],
};

for (const [kind, script] of Object.entries(DIV_HOST_MODALS)) {
  test(`in a browser without scoped custom element registries, on a page that took the name <leadscore-ui> (the widget's hosts are <div>s): the banner and slide-in step aside for the page's own modal (${kind}) and come back once it closes`, async () => {
    const page = await openPage(env.browser, undefined, { viewport: { width: 1000, height: 700 } });
    await page.addInitScript(`delete window.CustomElementRegistry; ${PAGE_ELEMENT}`);
    await page.addInitScript(script);
    await page.goto(`${env.server.url}/blog/lead-scoring-101`);
    assert.ok((await waitForInit(page)).ok);
    /** The banner and slide-in, by the tag of their host, and whether each is on screen. */
    const shown = () => page.evaluate(() => [...document.querySelectorAll('[data-leadscore-ui]')]
      .map((h) => [h.localName, /** @type {HTMLElement | null | undefined} */ (h.shadowRoot?.querySelector('.ls.banner, .ls.slide'))])
      .filter(([, b]) => b).map(([tag, b]) => `${tag} ${/** @type {any} */ (b).className.replace(/^ls /, '')}: ${/** @type {any} */ (b).checkVisibility() ? 'shown' : 'hidden'}`).sort());
    await page.waitForFunction(() => [...document.querySelectorAll('[data-leadscore-ui]')].some((h) => h.shadowRoot?.querySelector('.banner')));
    await page.mouse.wheel(0, 1600); // the slide-in waits for 50% scroll depth
    await page.waitForFunction(() => [...document.querySelectorAll('[data-leadscore-ui]')].some((h) => h.shadowRoot?.querySelector('.slide')));
    assert.deepEqual(await shown(), ['div banner: shown', 'div slide: shown']);
    await page.evaluate(() => /** @type {any} */ (window).__openModal());
    // Until they have stepped aside and the page's input has the focus (or the time that takes).
    await page.waitForFunction(() => document.activeElement?.id === 'own' &&
      ![...document.querySelectorAll('[data-leadscore-ui]')].some((h) => h.shadowRoot?.querySelector('.banner, .slide')?.checkVisibility()),
    undefined, { timeout: 5000 }).catch(() => {});
    assert.deepEqual(await shown(), ['div banner: hidden', 'div slide: hidden']);
    assert.equal(await focused(page), 'own');
    await page.evaluate(() => /** @type {any} */ (window).__closeModal());
    await page.waitForFunction(() => [...document.querySelectorAll('[data-leadscore-ui]')].filter((h) => h.shadowRoot?.querySelector('.banner, .slide')?.checkVisibility()).length === 2);
    assert.deepEqual(await shown(), ['div banner: shown', 'div slide: shown']);
    assert.deepEqual(page.problems(), []);
    await page.context().close();
  });
}

/** Where the focus is: the widget's box and the class of the element in it ('slide .cta'), or the page's element's id (or tag). @param {import('playwright-core').Page} page */
const focusedIn = (page) => page.evaluate(() => {
  let a = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  const box = a?.closest('.ls');
  return box ? `${box.className.replace(/^ls /, '')} .${a?.className}` : a?.id || a?.localName;
});

for (const [kind, script] of Object.entries(PAGE_MODALS)) {
  test(`a keyboard user in the slide-in or banner when the page opens its own modal (${kind}) is back there once it closes and the offer returns; never pulled there from where the page put the focus, nor when the focus had left the offer`, async () => {
    const page = await withOverlays(script);
    const focus = (/** @type {string} */ sel) => page.evaluate((sel) => {
      for (const h of document.querySelectorAll('leadscore-ui')) /** @type {HTMLElement | null | undefined} */ (h.shadowRoot?.querySelector(sel))?.focus();
    }, sel);
    const shown = () => page.evaluate(() => [...document.querySelectorAll('leadscore-ui')].filter((h) => h.shadowRoot?.querySelector('.banner, .slide')?.checkVisibility()).length);
    /** Opens the page's modal; until the offers have stepped aside and the page's input has the focus. */
    const openModal = async () => {
      await page.evaluate(() => /** @type {any} */ (window).__openModal());
      await page.waitForFunction(() => {
        let a = document.activeElement;
        while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
        return a?.id === 'own' && ![...document.querySelectorAll('leadscore-ui')].some((h) => h.shadowRoot?.querySelector('.banner, .slide')?.checkVisibility());
      });
    };
    /** Closes it (and runs `then` in the same task); until both offers are back. @param {string} [focusId] the page focuses this element as it closes */
    const closeModal = async (focusId) => {
      await page.evaluate((id) => {
        /** @type {any} */ (window).__closeModal();
        if (id) document.getElementById(id)?.focus();
      }, focusId);
      await page.waitForFunction(() => [...document.querySelectorAll('leadscore-ui')].filter((h) => h.shadowRoot?.querySelector('.banner, .slide')?.checkVisibility()).length === 2);
    };

    await focus('.slide .cta');
    assert.equal(await focusedIn(page), 'slide .cta');
    await openModal();
    await closeModal();
    assert.equal(await focusedIn(page), 'slide .cta', 'the focus is back where it was in the slide-in');

    // The page moves the focus itself as its modal closes: it stays there.
    await openModal();
    await closeModal('cta-demo');
    assert.equal(await focusedIn(page), 'cta-demo');

    // The focus had left the offer for the page before the modal opened: not pulled into the offer.
    await focus('.slide .x');
    await page.evaluate(() => /** @type {HTMLElement} */ (document.getElementById('cta-demo')).focus());
    await openModal();
    await closeModal();
    assert.doesNotMatch(String(await focusedIn(page)), /^(slide|banner) /);

    // The banner's close button.
    await focus('.banner .x');
    await openModal();
    await closeModal();
    assert.equal(await focusedIn(page), 'banner .x');
    assert.equal(await shown(), 2);
    assert.deepEqual(page.problems(), []);
    await page.context().close();
  });
}

for (const [kind, script] of Object.entries(PAGE_MODALS)) {
  test(`the page opens its own modal (${kind}) by a timer while the modal offer is open: the visitor can type in it; once it closes the offer is back with the focus, and closing the offer with Esc gives the focus back to where the visitor was before it opened`, async () => {
    const page = await withOverlays(script);
    await page.focus('#cta-demo');
    await exitIntent(page);
    await waitForUi(page, 'modal');
    assert.equal(await focusedIn(page), 'modal .cta');
    await page.evaluate(() => setTimeout(() => /** @type {any} */ (window).__openModal(), 100));
    await steppedAside(page);
    assert.deepEqual(await overlays(page), ['banner: hidden', 'modal: hidden', 'slide: hidden']);
    await page.keyboard.type('Quang');
    assert.equal(await page.evaluate(() => {
      let a = document.activeElement;
      while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
      return /** @type {HTMLInputElement} */ (a).value;
    }), 'Quang');
    await page.evaluate(() => /** @type {any} */ (window).__closeModal());
    await waitForUi(page, 'modal');
    assert.equal(await focusedIn(page), 'modal .cta');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => ![...document.querySelectorAll('leadscore-ui')].some((h) => h.shadowRoot?.querySelector('.modal')));
    assert.equal(await focusedIn(page), 'cta-demo');
    assert.deepEqual(page.problems(), []);
    await page.context().close();
  });
}

test('the banner, slide-in and modal offer that come back after stepping aside for the page\'s modal simply reappear: their entry animation does not play again', async () => {
  const page = await withOverlays(PAGE_MODALS['a <dialog> opened with showModal()'], { exit: true, reducedMotion: 'no-preference' });
  // They did slide in (the control), and from now on every animation that starts in them is counted.
  assert.deepEqual(await page.evaluate(async () => {
    const w = /** @type {any} */ (window);
    w.__starts = [];
    const names = [];
    for (const host of document.querySelectorAll('leadscore-ui')) {
      const root = /** @type {ShadowRoot} */ (host.shadowRoot);
      const box = root.querySelector('.ls.banner, .ls.slide, .ls.modal');
      if (!box) continue;
      names.push(`${box.className}: ${getComputedStyle(box).animationName}`);
      await Promise.all(root.getAnimations().map((a) => a.finished.catch(() => {})));
      root.addEventListener('animationstart', (e) => w.__starts.push(/** @type {Element} */ (e.target).className));
    }
    return names.sort();
  }), ['ls banner: ls-in', 'ls modal: ls-in', 'ls slide: ls-in']);
  await page.evaluate(() => /** @type {any} */ (window).__openModal());
  await page.waitForFunction(() => ![...document.querySelectorAll('leadscore-ui')].some((h) => h.shadowRoot?.querySelector('.banner, .slide, .modal')?.checkVisibility()));
  await page.evaluate(() => /** @type {any} */ (window).__closeModal());
  await waitForUi(page, 'modal');
  assert.deepEqual(await overlays(page), ['banner: shown', 'modal: shown', 'slide: shown']);
  // Two frames later: animations started by their return would have started (and been heard) by then.
  const seen = await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done({
    starts: /** @type {any} */ (window).__starts,
    running: [...document.querySelectorAll('leadscore-ui')].flatMap((h) => h.shadowRoot?.getAnimations() ?? []).length,
  })))));
  assert.deepEqual(seen, { starts: [], running: 0 });
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});
