// A visitor's journey across the test site, in Chromium: lifecycle and
// buyer-journey stages as the core infers them (LeadScore.state()), the offers
// it picks for each stage in their placements (banner, modal <dialog>,
// slide-in, inline slot) and their triggers (delay, scroll depth, exit intent,
// n-th page view). Time is page.clock's, so the 4-second delay costs no
// waiting. Impressions, dismissals and conversions must reach the core.
import test from 'node:test';
import assert from 'node:assert/strict';
import { useSite, openPage, waitForInit, widgetUi, recordEvents, recorded, waitForUi, kinds, T0, exitIntent } from './support.mjs';

/** Offer types that pitch the product: never for awareness visitors. */
const PRODUCT = ['trial', 'demo', 'pricing', 'contact-sales'];

const env = useSite();

/** A fresh visitor (own context) with the clock at T0 and the widget's events recorded. */
async function visitor() {
  const page = await openPage(env.browser);
  await page.clock.install({ time: T0 });
  await recordEvents(page);
  return page;
}

/** @param {import('playwright-core').Page} page */
const state = (page) => page.evaluate(() => LeadScore.state());

/** Follows a link of the page like a visitor and waits for the widget there. @param {import('playwright-core').Page} page @param {string} selector */
async function follow(page, selector) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
  const r = await waitForInit(page);
  assert.ok(r.ok, `init failed on ${page.url()}: ${JSON.stringify(r)}`);
  return r.state;
}

/** Scrolls the page so that `fraction` of it has been seen. @param {import('playwright-core').Page} page @param {number} fraction */
function scrollTo(page, fraction) {
  return page.evaluate((f) => {
    const height = document.documentElement.scrollHeight;
    window.scrollTo(0, Math.max(0, height * f - innerHeight));
  }, fraction);
}

/** Transitions of one kind as "from>to". @param {any} s @param {string} kind */
const moves = (s, kind) => s.transitions.filter((t) => t.kind === kind).map((t) => `${t.from}>${t.to}`);

test('a journey over six pages: awareness → consideration → decision, visitor → lead → mql → sql, offers by stage', async () => {
  const page = await visitor();
  await page.goto(`${env.server.url}/`);
  let r = await waitForInit(page);
  assert.ok(r.ok, JSON.stringify(r));
  assert.deepEqual([r.state.stage, r.state.journey, r.state.page_views], ['visitor', 'awareness', 1]);

  // 1. Home: the newsletter banner (load trigger); nothing about the product,
  // even once the demo modal's 4-second delay has passed.
  assert.equal(await waitForUi(page, 'banner'), 'One lead-scoring idea a week');
  await page.clock.runFor(5000);
  assert.deepEqual(await kinds(page), ['banner']);

  // 2. Blog post (2nd page view): the inline guide in its slot, the premium
  // gate's card; no banner (the newsletter is capped to one view per visit,
  // the webinar waits for the 3rd page view).
  let s = await follow(page, 'nav a[href="/blog/lead-scoring-101"]');
  assert.deepEqual([s.stage, s.journey, s.page_views], ['visitor', 'awareness', 2]);
  await waitForUi(page, 'inline');
  assert.deepEqual((await kinds(page)).sort(), ['gate', 'inline']);
  const inline = (await widgetUi(page)).find((u) => u.className === 'ls inline');
  assert.equal(inline?.slot, 'post-end');

  // Scrolling past half the post slides the checklist in; focus stays put.
  await page.focus('#cta-demo');
  await scrollTo(page, 0.6);
  assert.equal(await waitForUi(page, 'slide'), 'Scoring checklist');
  const slide = (await widgetUi(page)).find((u) => u.className === 'ls slide');
  assert.deepEqual([slide?.role, slide?.close], ['dialog', 'Close']);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'cta-demo', 'a slide-in does not take the focus');
  assert.equal(await page.evaluate(() => {
    const host = [...document.querySelectorAll('leadscore-ui')].find((h) => h.shadowRoot?.querySelector('.slide'));
    return host?.shadowRoot?.querySelector('.slide')?.getAttribute('aria-modal');
  }), 'false');

  // A download (consideration), then the newsletter form: contact data → lead,
  // and the premium gate opens without a reload.
  await page.click('#download-checklist');
  await page.fill('#newsletter input[name=email]', 'ana@northwind.example');
  await page.click('#newsletter button[type=submit]');
  // The widget drives the config's form: its thank-you, in place of the form.
  await page.getByRole('status').filter({ hasText: 'Subscribed. The deep dive is open for you.' }).waitFor();
  assert.equal(await page.isVisible('#newsletter'), false);
  s = await state(page);
  assert.deepEqual([s.stage, s.journey, s.known], ['lead', 'awareness', true]);
  assert.equal(await page.evaluate(() => document.getElementById('premium')?.hasAttribute('inert')), false);

  // 3. The app (3rd page view): consideration, and the webinar banner that
  // waits for the 3rd page view of a visit.
  s = await follow(page, 'nav a[href="/app/"]');
  assert.deepEqual([s.stage, s.journey, s.page_views], ['lead', 'consideration', 3]);
  assert.equal(await waitForUi(page, 'banner'), 'Live on Thursday: scoring that sales trusts');
  assert.ok(!(await recorded(page)).offers.some((o) => PRODUCT.includes(o.type)), 'no product offer before the decision stage');

  // 4. Pricing: decision stage; engaged enough for MQL (the price sheet gated
  // on MQL is open); sales contact at once, the demo after 4 seconds.
  s = await follow(page, '#to-pricing');
  assert.deepEqual([s.stage, s.journey, s.page_views], ['mql', 'decision', 4]);
  assert.equal(await waitForUi(page, 'banner'), 'Questions about plans?');
  assert.equal(await page.locator('#price-sheet h2').textContent(), 'Volume price sheet');
  assert.ok(!(await kinds(page)).includes('modal'));
  await page.clock.runFor(4500);
  assert.equal(await waitForUi(page, 'modal'), 'See LeadScore on your own pages');

  // Taking the demo offer is a conversion; it leads to the demo page.
  await Promise.all([page.waitForNavigation(), page.locator('leadscore-ui dialog .cta').click()]);
  assert.equal(new URL(page.url()).pathname, '/demo');
  assert.ok((await waitForInit(page)).ok);

  // 5. The demo request: a senior title and a hand-raise → SQL.
  // The site's own form (not one of the config): the site sends it, the
  // widget tracks it, and no leadscore.form.unknown is reported.
  await page.fill('#demo-request input[name=email]', 'ana@northwind.example');
  await page.fill('#demo-request input[name=job_title]', 'VP Marketing');
  await page.click('#demo-request button[type=submit]');
  await page.waitForSelector('p.thanks');
  s = await state(page);
  assert.deepEqual([s.stage, s.journey, s.page_views], ['sql', 'decision', 5]);
  assert.deepEqual(moves(s, 'lifecycle'), ['visitor>lead', 'lead>mql', 'mql>sql']);
  assert.deepEqual(moves(s, 'journey'), ['awareness>consideration', 'consideration>decision']);
  assert.ok(s.fit >= 20, `fit ${s.fit}`);

  // Every impression and the conversion reached the core (and its score).
  assert.deepEqual(
    Object.fromEntries(Object.entries(s.offers).map(([id, o]) => [id, [o.views, 'converted_at' in o]])),
    {
      'newsletter-bar': [1, false], 'guide-inline': [1, false], 'premium-unlock': [1, false],
      'checklist-slide': [1, false], 'webinar-banner': [1, false], 'pricing-sales': [1, false],
      'demo-modal': [1, true],
    },
  );
  assert.equal(s.breakdown.find((b) => b.rule === 'offer_accepted')?.fired, 1);
  assert.deepEqual(s.forms.sort(), ['demo-request', 'newsletter']);

  // 6. Back on pricing: the converted demo offer is not shown again.
  s = await follow(page, 'nav a[href="/pricing"]');
  await page.clock.runFor(6000);
  assert.deepEqual(await kinds(page), [], 'the contact-sales banner was seen this visit and the demo converted');
  assert.equal(s.offers['demo-modal'].views, 1);
  assert.deepEqual(page.warnings().filter((w) => w.includes('leadscore.form')), [], 'every data-leadscore-form is a form of the config');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('awareness visitors are never pitched the product, whatever fires; decision-stage visitors are', async () => {
  const page = await visitor();
  /** @type {any[]} */
  const shown = [];
  for (const path of ['/', '/blog/lead-scoring-101', '/blog/scoring-decay']) {
    await page.goto(`${env.server.url}${path}`);
    assert.ok((await waitForInit(page)).ok);
    await scrollTo(page, 1); // scroll triggers
    await page.clock.runFor(6000); // delay triggers (the demo modal's is 4 s)
    await exitIntent(page); // exit intent
    await page.evaluate(() => new Promise(requestAnimationFrame));
    // Close what opened, so the next trigger has room.
    for (const box of await page.locator('leadscore-ui dialog[open] .x').all()) await box.click();
    shown.push(...(await recorded(page)).offers.filter((/** @type {any} */ o) => o.action === 'shown'));
  }
  const s = await state(page);
  assert.equal(s.journey, 'awareness');
  assert.ok(shown.length >= 4, `offers shown: ${JSON.stringify(shown)}`);
  assert.deepEqual(shown.filter((o) => PRODUCT.includes(o.type)), []);
  assert.ok(shown.some((o) => o.offer === 'exit-whitepaper'), 'the exit-intent whitepaper showed');
  await page.context().close();

  // Straight to pricing: decision stage, and the sales contact and demo come.
  const buyer = await visitor();
  await buyer.goto(`${env.server.url}/pricing`);
  assert.equal((await waitForInit(buyer)).state.journey, 'decision');
  await buyer.clock.runFor(4500);
  await waitForUi(buyer, 'modal');
  const types = (await recorded(buyer)).offers.filter((o) => o.action === 'shown').map((o) => o.type).sort();
  assert.deepEqual(types, ['contact-sales', 'demo']);
  assert.deepEqual([...page.problems(), ...buyer.problems()], []);
  await buyer.context().close();
});

test('an offer on screen stays when the visitor moves past its stages on that page; free places get what suits them now, at once, and the next page view all of them', async () => {
  const page = await visitor();
  await page.goto(`${env.server.url}/`);
  assert.ok((await waitForInit(page)).ok);
  assert.equal(await waitForUi(page, 'banner'), 'One lead-scoring idea a week');
  // A demo request on this page: decision stage.
  await page.evaluate(() => LeadScore.track('demo_request'));
  await page.evaluate(() => new Promise(requestAnimationFrame));
  assert.equal((await state(page)).journey, 'decision');
  // The newsletter banner the visitor may be reading is not taken away...
  assert.deepEqual(await kinds(page), ['banner']);
  assert.equal(await waitForUi(page, 'banner'), 'One lead-scoring idea a week');
  // ...and the demo modal, which did not suit them when the page opened, is armed now.
  await page.clock.runFor(4500);
  assert.equal(await waitForUi(page, 'modal'), 'See LeadScore on your own pages');
  // The next page view: the banner place goes to the sales contact.
  await page.reload();
  assert.ok((await waitForInit(page)).ok);
  assert.equal(await waitForUi(page, 'banner'), 'Questions about plans?');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('the modal is a native <dialog>: focus moves in and stays in, Esc closes it and is a dismissal', async () => {
  const page = await visitor();
  await page.goto(`${env.server.url}/blog/lead-scoring-101`);
  assert.ok((await waitForInit(page)).ok);
  await exitIntent(page);
  assert.equal(await waitForUi(page, 'modal'), 'Before you go: the 2026 benchmark');

  /** Where the focus is: 'dialog:<class>' inside the modal, 'page:<tag#id>' in the page, 'outside' (browser UI). */
  const focus = () => page.evaluate(() => {
    if (!document.hasFocus()) return 'outside';
    const a = document.activeElement;
    const inner = a && a.shadowRoot ? a.shadowRoot.activeElement : null;
    if (inner && inner.closest('dialog[open]')) return `dialog:${inner.className}`;
    return `page:${a ? a.tagName.toLowerCase() + (a.id ? `#${a.id}` : '') : 'none'}`;
  });
  const dialog = await page.evaluate(() => {
    const host = [...document.querySelectorAll('leadscore-ui')].find((h) => h.shadowRoot?.querySelector('dialog'));
    const d = /** @type {HTMLDialogElement} */ (host?.shadowRoot?.querySelector('dialog'));
    return { open: d.open, modal: d.matches(':modal'), label: d.getAttribute('aria-labelledby'), title: d.querySelector('#t')?.textContent };
  });
  assert.deepEqual(dialog, { open: true, modal: true, label: 't', title: 'Before you go: the 2026 benchmark' });
  assert.equal(await focus(), 'dialog:cta', 'focus moves into the dialog');

  // Tab and Shift+Tab cycle through the dialog; the page behind is inert.
  // (Past the last control the browser's own UI may take the focus, as with
  // every native modal dialog; it never reaches the page.)
  const seen = new Set();
  for (const key of ['Tab', 'Tab', 'Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
    await page.keyboard.press(key);
    const where = await focus();
    assert.ok(where === 'outside' || where.startsWith('dialog:'), `after ${key} the focus is at ${where}`);
    seen.add(where);
  }
  assert.ok(seen.has('dialog:cta') && seen.has('dialog:x'), [...seen].join(', '));

  await page.keyboard.press('Escape');
  await page.waitForFunction(() => ![...document.querySelectorAll('leadscore-ui')].some((h) => h.shadowRoot?.querySelector('dialog')));
  const s = await state(page);
  assert.equal(s.offers['exit-whitepaper'].views, 1);
  const now = await page.evaluate(() => Date.now());
  const dismissed = s.offers['exit-whitepaper'].dismissed_at;
  assert.ok(dismissed >= T0.getTime() && dismissed <= now, `dismissed_at ${dismissed}`);
  const actions = (await recorded(page)).offers.filter((o) => o.offer === 'exit-whitepaper').map((o) => o.action);
  assert.deepEqual(actions, ['shown', 'dismissed']);
  // The page is usable again.
  await page.focus('#cta-demo');
  assert.equal(await focus(), 'page:button#cta-demo');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('exit intent: leaving through the top opens it; not right after a link click (in-page or navigating)', async () => {
  // In-page link: no exit modal within a second of the click, then it comes.
  const page = await visitor();
  await page.goto(`${env.server.url}/`);
  assert.ok((await waitForInit(page)).ok);
  await page.click('#to-contact');
  await exitIntent(page);
  await page.evaluate(() => new Promise(requestAnimationFrame));
  assert.ok(!(await kinds(page)).includes('modal'), 'no exit modal right after a link click');
  await page.clock.runFor(1100);
  await exitIntent(page);
  assert.equal(await waitForUi(page, 'modal'), 'Before you go: the 2026 benchmark');
  await page.context().close();

  // A download link (<a download>) leaves the visitor on the page: a second later, exit intent is heard.
  const dl = await visitor();
  await dl.goto(`${env.server.url}/`);
  assert.ok((await waitForInit(dl)).ok);
  await dl.evaluate(() => document.querySelector('main')?.insertAdjacentHTML('afterbegin', '<a id="dl" href="/files/buyers-guide.pdf" download>The guide (PDF)</a>'));
  await Promise.all([dl.waitForEvent('download'), dl.click('#dl')]);
  await dl.clock.runFor(1100);
  await exitIntent(dl);
  assert.equal(await waitForUi(dl, 'modal'), 'Before you go: the 2026 benchmark');
  await dl.context().close();

  // A link to another page that takes a while to answer: the pointer heads
  // for the tab bar meanwhile. No exit offer is shown (nor counted).
  env.server.override('/blog/scoring-decay', { delay: 1200 });
  try {
    const nav = await visitor();
    /** @type {string[]} */
    const outs = [];
    nav.on('console', (m) => {
      const hit = /^mouseout-top (\S+)$/.exec(m.text());
      if (hit) outs.push(hit[1]);
    });
    await nav.addInitScript(() => document.addEventListener('mouseout', (e) => {
      if (!e.relatedTarget && e.clientY <= 0) console.debug(`mouseout-top ${location.pathname}`);
    }));
    await nav.goto(`${env.server.url}/`);
    assert.ok((await waitForInit(nav)).ok);
    // The pointer's own click (page.click would wait for the next page).
    const link = await nav.locator('nav a[href="/blog/scoring-decay"]').boundingBox();
    assert.ok(link);
    const navigated = nav.waitForNavigation();
    await nav.mouse.click(link.x + link.width / 2, link.y + link.height / 2);
    await nav.mouse.move(link.x + link.width / 2, -10);
    await navigated;
    const r = await waitForInit(nav);
    assert.deepEqual(outs, ['/'], 'the pointer left through the top while the next page loaded');
    assert.equal(r.state.page_views, 2);
    assert.equal(r.state.offers['exit-whitepaper'], undefined, JSON.stringify(r.state.offers));
    assert.deepEqual(nav.problems(), []);
    await nav.context().close();

    // No link: a search form's button, a button whose code sets location.href;
    // and a link whose next page takes longer than a second.
    for (const how of ['form', 'script', 'slow link']) {
      env.server.override('/blog/scoring-decay', { delay: how == 'slow link' ? 3000 : 1200 });
      const other = await visitor();
      await other.goto(`${env.server.url}/`);
      assert.ok((await waitForInit(other)).ok);
      await other.evaluate(() => document.querySelector('main')?.insertAdjacentHTML('afterbegin',
        '<form action="/blog/scoring-decay"><input name="q" value="decay" aria-label="Search"><button id="search">Search</button></form>' +
        '<button id="go" onclick="location.href = \'/blog/scoring-decay\'">Read on</button>'));
      const box = await other.locator(how == 'form' ? '#search' : how == 'script' ? '#go' : 'nav a[href="/blog/scoring-decay"]').boundingBox();
      assert.ok(box);
      const went = other.waitForNavigation();
      await other.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      if (how == 'slow link') await other.clock.runFor(1500); // past the second after a link click
      await other.mouse.move(box.x + box.width / 2, -10);
      await went;
      const next = await waitForInit(other);
      assert.equal(next.state.page_views, 2, how);
      assert.equal(next.state.offers['exit-whitepaper'], undefined, `${how}: ${JSON.stringify(next.state.offers)}`);
      assert.deepEqual(other.problems(), [], how);
      await other.context().close();
    }
  } finally {
    env.server.override('/blog/scoring-decay', null);
  }
});

/**
 * The home page with its newsletter banner shown, for `fn`; the banner's
 * Subscribe link answers 204, which leaves the visitor on the page.
 * @param {(page: import('playwright-core').Page) => Promise<void>} fn
 */
async function onBanner(fn) {
  env.server.override('/subscribe', { status: 204 });
  try {
    const page = await visitor();
    await page.goto(`${env.server.url}/`);
    assert.ok((await waitForInit(page)).ok);
    assert.equal(await waitForUi(page, 'banner'), 'One lead-scoring idea a week');
    await fn(page);
    assert.deepEqual(page.problems(), []);
    await page.context().close();
  } finally {
    env.server.override('/subscribe', null);
  }
}

test("exit intent: not right after a click on the widget's own CTA link (the banner's Subscribe), which counts as no page click", () => onBanner(async (page) => {
  const link = await page.locator('leadscore-ui .banner a.cta').boundingBox();
  assert.ok(link);
  await page.mouse.click(link.x + link.width / 2, link.y + link.height / 2);
  await page.mouse.move(link.x + link.width / 2, -10); // heading for the tab bar
  await page.evaluate(() => new Promise(requestAnimationFrame));
  assert.ok(!(await kinds(page)).includes('modal'), 'no exit modal right after the CTA click');
  const s = await state(page);
  assert.equal(s.offers['exit-whitepaper'], undefined, 'the exit offer is not used up');
  assert.ok('converted_at' in s.offers['newsletter-bar'], JSON.stringify(s.offers));
  assert.deepEqual(s.breakdown.filter((/** @type {any} */ r) => ['cta_click', 'asset_download'].includes(r.rule)), [], 'no page click or download');
  // Later, leaving through the top brings the exit offer: the link left the
  // visitor here (204), which ends no navigation the page can hear, so after
  // the ten seconds a next page may take to answer.
  await page.clock.runFor(10_100);
  await exitIntent(page);
  assert.equal(await waitForUi(page, 'modal'), 'Before you go: the 2026 benchmark');
}));

test("a middle click on an offer's CTA (open in a new tab) converts it, as a click does: counted, and the banner closes", () => onBanner(async (page) => {
  await page.locator('leadscore-ui .banner a.cta').click({ button: 'middle' });
  await page.waitForFunction(() => ![...document.querySelectorAll('leadscore-ui')].some((h) => h.shadowRoot?.querySelector('.banner')), null, { timeout: 5000 });
  const s = await state(page);
  assert.ok(s.offers['newsletter-bar'].converted_at >= T0.getTime(), JSON.stringify(s.offers));
  assert.deepEqual((await recorded(page)).offers.filter((/** @type {any} */ o) => o.offer === 'newsletter-bar').map((/** @type {any} */ o) => o.action), ['shown', 'converted']);
}));

test('in an iframe: the pointer moving up out of the frame into the page around it is no exit intent; leaving the window through a frame at its top is', async () => {
  for (const top of [200, 0]) {
    env.server.override('/framed', {
      headers: { 'Content-Type': 'text/html; charset=utf-8' },
      body: `<!doctype html><link rel="icon" href="/favicon.svg"><body style="margin:0"><h1 style="margin:0;height:${top}px">Host page</h1><iframe src="/" style="display:block;border:0;width:1000px;height:500px"></iframe>`,
    });
    try {
      const page = await visitor();
      await page.goto(`${env.server.url}/framed`);
      const frame = page.frames().find((f) => f !== page.mainFrame());
      assert.ok(frame);
      assert.ok((await waitForInit(/** @type {any} */ (frame))).ok);
      await page.mouse.move(300, top + 300);
      await page.mouse.move(300, top + 5, { steps: 3 });
      await page.mouse.move(300, top - 10); // out through the frame's top edge: into the host page, or out of the window
      if (top) {
        await frame.evaluate(() => new Promise(requestAnimationFrame));
        assert.ok(!(await kinds(/** @type {any} */ (frame))).includes('modal'), 'no exit modal: the pointer is still on the page');
        assert.equal((await frame.evaluate(() => LeadScore.state())).offers['exit-whitepaper'], undefined, 'not used up');
      } else {
        assert.equal(await waitForUi(/** @type {any} */ (frame), 'modal'), 'Before you go: the 2026 benchmark');
      }
      assert.deepEqual(page.problems(), []);
      await page.context().close();
    } finally {
      env.server.override('/framed', null);
    }
  }
});
