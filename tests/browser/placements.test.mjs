// A banner (fixed at the bottom) and a slide-in (fixed in a bottom corner)
// open at the same time: neither covers the other. Each one's close button
// and CTA are what a pointer or finger at their centre hits, on a desktop
// (1280x800) and a phone (360x740), left to right (the test site's blog post)
// and right to left (its Persian page); the slide-in stands on the banner
// while both are open and goes back down to its corner once the banner is closed.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useSite, openPage, waitForInit, waitForUi, root, kinds, exitIntent, T0 } from './support.mjs';

const env = useSite();

const site = JSON.parse(readFileSync(join(root, 'tests', 'browser', 'site', 'leadscore.json'), 'utf8'));

/**
 * The test site's config with its slide-in shown at load (not at half the
 * page's depth), and its banner, with `bannerDelay`, some seconds after it.
 * @param {number} [bannerDelay]
 */
function bothAtLoad(bannerDelay) {
  const config = structuredClone(site);
  for (const o of config.offers) {
    if (o.id === 'checklist-slide') delete o.trigger;
    if (o.id === 'newsletter-bar' && bannerDelay) o.trigger = { on: 'delay', seconds: bannerDelay };
  }
  return JSON.stringify(config);
}

/**
 * Once the boxes' animations and transitions are over: per open banner and
 * slide-in, whether its close button and its CTA are the topmost element at
 * their own centre (looking through the widget's shadow roots, as a click
 * does), and the box's top and its distance from the bottom of the viewport.
 * @param {import('playwright-core').Page} page
 */
function hits(page) {
  return page.evaluate(async () => {
    // Two frames: a size the widget measured in the last one has been acted on.
    for (let i = 0; i < 2; i++) await new Promise((ok) => requestAnimationFrame(ok));
    const hosts = [...document.querySelectorAll('[data-leadscore-ui]')];
    await Promise.all(hosts.flatMap((h) => /** @type {ShadowRoot} */ (h.shadowRoot).getAnimations().map((a) => a.finished.catch(() => {}))));
    /** The element a click at (x, y) lands on, inside open shadow roots too. @param {number} x @param {number} y */
    const topmost = (x, y) => {
      let at = document.elementFromPoint(x, y);
      while (at?.shadowRoot) {
        const inner = at.shadowRoot.elementFromPoint(x, y);
        if (!inner || inner === at) break;
        at = inner;
      }
      return at;
    };
    /** @type {Record<string, {close: boolean, cta: boolean, top: number, fromBottom: number}>} */
    const found = {};
    for (const host of hosts) {
      const box = host.shadowRoot?.querySelector('.ls.banner, .ls.slide');
      if (!box) continue;
      /** @param {string} sel */
      const onTop = (sel) => {
        const el = /** @type {Element} */ (box.querySelector(sel));
        const r = el.getBoundingClientRect();
        return topmost(r.x + r.width / 2, r.y + r.height / 2) === el;
      };
      found[box.classList.contains('banner') ? 'banner' : 'slide'] = {
        close: onTop('.x'),
        cta: onTop('.cta'),
        top: Math.floor(box.getBoundingClientRect().top),
        fromBottom: Math.round(innerHeight - box.getBoundingClientRect().bottom),
      };
    }
    return found;
  });
}

/** Both boxes usable: each close button and CTA on top at its centre. @param {Awaited<ReturnType<typeof hits>>} h @param {string} where */
function bothUsable(h, where) {
  assert.deepEqual(Object.keys(h).sort(), ['banner', 'slide'], `${where}: banner and slide-in both open`);
  for (const kind of ['banner', 'slide']) {
    assert.ok(h[kind].close, `${where}: the ${kind}'s close button is on top at its centre: ${JSON.stringify(h)}`);
    assert.ok(h[kind].cta, `${where}: the ${kind}'s CTA is on top at its centre: ${JSON.stringify(h)}`);
  }
}

const SCREENS = [
  { width: 1280, height: 800 },
  { width: 360, height: 740 },
];

/**
 * A page with the banner and the slide-in open, on a screen of this size.
 * @param {{width: number, height: number}} viewport @param {string} path
 * @param {{bannerDelay?: number, reducedMotion?: 'reduce' | 'no-preference'}} [options]
 */
async function openBoth(viewport, path, { bannerDelay, reducedMotion = 'no-preference' } = {}) {
  const page = await openPage(env.browser, undefined, { viewport, reducedMotion });
  const config = bothAtLoad(bannerDelay);
  await page.context().route('**/leadscore.json', (r) => r.fulfill({ contentType: 'application/json', body: config }));
  await page.goto(`${env.server.url}${path}`);
  assert.ok((await waitForInit(page)).ok);
  await waitForUi(page, 'slide');
  await waitForUi(page, 'banner', 10000);
  return page;
}

/** Closes the banner with a click at the centre of its close button. @param {import('playwright-core').Page} page */
async function closeBannerByMouse(page) {
  const at = await page.evaluate(() => {
    for (const host of document.querySelectorAll('[data-leadscore-ui]')) {
      const x = host.shadowRoot?.querySelector('.ls.banner .x');
      if (!x) continue;
      const r = x.getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    }
    return null;
  });
  assert.ok(at, 'the banner has a close button');
  await page.mouse.click(at.x, at.y);
  await page.waitForFunction(() => ![...document.querySelectorAll('[data-leadscore-ui]')].some((h) => h.shadowRoot?.querySelector('.ls.banner')));
}

for (const viewport of SCREENS) {
  const size = `${viewport.width}x${viewport.height}`;

  test(`${size}, left to right: banner and slide-in open together, every close button and CTA reachable; the slide-in goes back down when the banner is closed`, async () => {
    const page = await openBoth(viewport, '/blog/lead-scoring-101');
    bothUsable(await hits(page), size);
    await closeBannerByMouse(page);
    const after = await hits(page);
    assert.deepEqual(Object.keys(after), ['slide'], 'the slide-in stays open');
    assert.ok(after.slide.close && after.slide.cta, `the slide-in still usable: ${JSON.stringify(after)}`);
    assert.equal(after.slide.fromBottom, 15, 'back in its corner, 1em (15 px) from the bottom');
    assert.deepEqual(page.problems(), []);
    await page.context().close();
  });

  test(`${size}, right to left (the Persian page): banner and slide-in open together, every close button and CTA reachable`, async () => {
    const page = await openPage(env.browser, undefined, { viewport });
    await page.goto(`${env.server.url}/fa/`);
    assert.ok((await waitForInit(page)).ok);
    await waitForUi(page, 'banner');
    await waitForUi(page, 'slide');
    bothUsable(await hits(page), `${size} rtl`);
    await closeBannerByMouse(page);
    assert.equal((await hits(page)).slide.fromBottom, 15, 'the slide-in back in its corner');
    assert.deepEqual(page.problems(), []);
    await page.context().close();
  });
}

test('360x740: a banner that comes after the slide-in lifts it; with reduced motion too', async () => {
  for (const reducedMotion of /** @type {const} */ (['no-preference', 'reduce'])) {
    const page = await openBoth({ width: 360, height: 740 }, '/blog/lead-scoring-101', { bannerDelay: 1, reducedMotion });
    bothUsable(await hits(page), `banner after the slide-in, ${reducedMotion}`);
    assert.deepEqual(page.problems(), []);
    await page.context().close();
  }
});

test('320x568, both with a 2,000-character text: the banner keeps to half the screen, the slide-in stands on it, both close buttons reachable', async () => {
  const LONG = Array.from({ length: 50 }, (_, i) => `Sentence ${i + 1} of a long offer text that goes on.`).join(' ').slice(0, 2000);
  const config = JSON.parse(bothAtLoad());
  for (const o of config.offers) {
    if (o.id === 'newsletter-bar' || o.id === 'checklist-slide') o.content.text = LONG;
  }
  const page = await openPage(env.browser, undefined, { viewport: { width: 320, height: 568 } });
  await page.context().route('**/leadscore.json', (r) => r.fulfill({ contentType: 'application/json', body: JSON.stringify(config) }));
  await page.goto(`${env.server.url}/blog/lead-scoring-101`);
  assert.ok((await waitForInit(page)).ok);
  await waitForUi(page, 'slide');
  await waitForUi(page, 'banner');
  // Their CTAs come after the long text: scrolled to inside each box, not asked here.
  const h = await hits(page);
  assert.ok(h.banner.top >= 0 && h.slide.top >= 0, `both boxes inside the viewport: ${JSON.stringify(h)}`);
  assert.ok(h.banner.close && h.slide.close, `both close buttons on top at their centre: ${JSON.stringify(h)}`);
  await closeBannerByMouse(page);
  assert.equal((await hits(page)).slide.fromBottom, 15, 'the slide-in back in its corner');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a later offer whose place is still held does not use up its type: the same pitch shows in another placement', async () => {
  // The blog post's slot holds the guide from the load on. At half the page
  // the checklist (a template) is pitched in that slot first (priority 10),
  // else in the slide-in: the slot is taken, so the slide-in shows it.
  const config = structuredClone(site);
  config.offers.push({
    id: 'checklist-inline', type: 'template', placement: 'inline', slot: 'post-end', priority: 10,
    trigger: { on: 'scroll', depth: 50 }, content: { title: 'Scoring checklist, in the post' },
  });
  const page = await openPage(env.browser, undefined, { viewport: { width: 1280, height: 800 } });
  await page.context().route('**/leadscore.json', (r) => r.fulfill({ contentType: 'application/json', body: JSON.stringify(config) }));
  await page.goto(`${env.server.url}/blog/lead-scoring-101`);
  assert.ok((await waitForInit(page)).ok);
  await waitForUi(page, 'inline');
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  assert.equal(await waitForUi(page, 'slide'), 'Scoring checklist');
  const slot = await page.evaluate(() => [...document.querySelectorAll('[data-leadscore-slot="post-end"] leadscore-ui')]
    .map((h) => h.shadowRoot?.querySelector('.t')?.textContent));
  assert.deepEqual(slot, ["The lead scoring buyer's guide"], 'the slot still holds the guide alone');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

/** A modal offer on the test site's pages, due 3 s into the page view. */
const WEBINAR_MODAL = {
  id: 'webinar-modal', type: 'webinar', placement: 'modal', trigger: { on: 'delay', seconds: 3 },
  content: { title: 'Live on Thursday, in a modal', cta: 'Save a seat', url: '/webinar' },
};

/**
 * A page of the test site with `config`, the clock at T0, `init` run in it before its own scripts.
 * @param {any} config @param {string} path @param {string} [init]
 */
async function withConfig(config, path, init = '') {
  const page = await openPage(env.browser, undefined, { viewport: { width: 1280, height: 800 } });
  await page.clock.install({ time: T0 });
  if (init) await page.addInitScript(init);
  await page.context().route('**/leadscore.json', (r) => r.fulfill({ contentType: 'application/json', body: JSON.stringify(config) }));
  await page.goto(`${env.server.url}${path}`);
  assert.ok((await waitForInit(page)).ok);
  return page;
}

/** Whether no box of this kind is open. @param {import('playwright-core').Page} page @param {string} kind */
const gone = (page, kind) => page.waitForFunction((k) => ![...document.querySelectorAll('[data-leadscore-ui]')]
  .some((h) => h.shadowRoot?.querySelector(`.ls.${k}`)), kind, { timeout: 5000 });

test('a "no" is not met by the next pitch in the same place: a delayed modal due while the exit modal is open does not follow it on that page view (it comes on the next), nor does the banner that lost to a closed banner', async () => {
  const config = structuredClone(site);
  config.offers.push(WEBINAR_MODAL, {
    id: 'template-bar', type: 'template', placement: 'banner', priority: -1,
    content: { title: 'Free scoring templates', cta: 'Get them', url: '/templates' },
  });
  const page = await withConfig(config, '/');
  assert.equal(await waitForUi(page, 'banner'), 'One lead-scoring idea a week'); // before the lower-priority bar
  await exitIntent(page);
  assert.equal(await waitForUi(page, 'modal'), 'Before you go: the 2026 benchmark');
  await page.clock.runFor(4000); // the delay comes due while the exit modal holds the place
  assert.equal(await waitForUi(page, 'modal'), 'Before you go: the 2026 benchmark');
  await page.keyboard.press('Escape');
  await gone(page, 'modal');
  await page.evaluate(() => {
    const host = [...document.querySelectorAll('[data-leadscore-ui]')].find((h) => h.shadowRoot?.querySelector('.ls.banner'));
    /** @type {HTMLElement} */ (host?.shadowRoot?.querySelector('.x')).click();
  });
  await gone(page, 'banner');
  await page.clock.runFor(5000);
  await page.evaluate(() => new Promise((ok) => setTimeout(ok, 300)));
  assert.deepEqual(await kinds(page), [], 'neither the delayed modal nor the other banner after the visitor closed theirs');
  const s = await page.evaluate(() => LeadScore.state());
  assert.deepEqual([s.offers['webinar-modal'], s.offers['template-bar']], [undefined, undefined], 'neither viewed');
  // The next page view: both in their places again (the newsletter bar closed, the other banner's turn).
  await page.reload();
  assert.ok((await waitForInit(page)).ok);
  assert.equal(await waitForUi(page, 'banner'), 'Free scoring templates');
  await page.clock.runFor(4000);
  assert.equal(await waitForUi(page, 'modal'), 'Live on Thursday, in a modal');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a click on the modal\'s backdrop closes it, as a dismissal; a click in it, or a selection dragged out of it, does not; nor does a click on the backdrop once the visitor has typed in its form', async () => {
  const config = structuredClone(site);
  config.offers.push({ ...WEBINAR_MODAL, form: 'webinar-signup' });
  const page = await withConfig(config, '/blog/lead-scoring-101');
  /** The open modal's title, where it is on screen. */
  const title = () => page.evaluate(() => {
    const host = [...document.querySelectorAll('[data-leadscore-ui]')].find((h) => h.shadowRoot?.querySelector('dialog[open]'));
    const r = /** @type {Element} */ (host?.shadowRoot?.querySelector('dialog #t')).getBoundingClientRect();
    return { x: r.x + 4, y: r.y + r.height / 2 };
  });
  // The delayed modal with a form: a click on the backdrop after typing leaves it open; Esc still closes it.
  await page.clock.runFor(4000);
  assert.equal(await waitForUi(page, 'modal'), 'Live on Thursday, in a modal');
  await page.keyboard.type('Ana');
  await page.mouse.click(10, 10);
  await page.evaluate(() => new Promise((ok) => setTimeout(ok, 100)));
  assert.equal(await waitForUi(page, 'modal'), 'Live on Thursday, in a modal', 'open after typing and a click on the backdrop');
  await page.keyboard.press('Escape');
  await gone(page, 'modal');
  // The next page view: the exit modal, no form.
  await page.reload();
  assert.ok((await waitForInit(page)).ok);
  await exitIntent(page);
  assert.equal(await waitForUi(page, 'modal'), 'Before you go: the 2026 benchmark');
  const t = await title();
  await page.mouse.click(t.x, t.y);
  await page.mouse.move(t.x, t.y);
  await page.mouse.down();
  await page.mouse.move(10, 10, { steps: 4 });
  await page.mouse.up();
  await page.evaluate(() => new Promise((ok) => setTimeout(ok, 100)));
  assert.equal(await waitForUi(page, 'modal'), 'Before you go: the 2026 benchmark', 'open after a click in it and a selection dragged out');
  await page.mouse.click(10, 10);
  await gone(page, 'modal');
  const s = await page.evaluate(() => LeadScore.state());
  assert.ok(s.offers['exit-whitepaper'].dismissed_at >= T0.getTime(), 'a dismissal');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test("while the widget's own modal is open, a slide-in due by scroll waits (not viewed, not behind its backdrop) and comes once it is closed", async () => {
  const page = await withConfig(site, '/blog/lead-scoring-101');
  await waitForUi(page, 'inline');
  await exitIntent(page);
  assert.equal(await waitForUi(page, 'modal'), 'Before you go: the 2026 benchmark');
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await page.evaluate(() => new Promise((ok) => setTimeout(ok, 300)));
  await page.evaluate(() => new Promise(requestAnimationFrame));
  assert.ok(!(await kinds(page)).includes('slide'), 'no slide-in behind the modal');
  assert.equal((await page.evaluate(() => LeadScore.state())).offers['checklist-slide'], undefined, 'not viewed');
  await page.keyboard.press('Escape');
  await gone(page, 'modal');
  assert.equal(await waitForUi(page, 'slide'), 'Scoring checklist');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test("while the page's own popover (a menu, not popover=manual) is open, a modal offer due by delay or exit intent waits (not viewed; the popover stays open, beside the banner) and comes once the visitor closes it (the exit intent not used up: the next one)", async () => {
  const config = structuredClone(site);
  config.offers.push(WEBINAR_MODAL);
  for (const due of ['exit intent', 'delay']) {
    const page = await openPage(env.browser, undefined, { viewport: { width: 1280, height: 800 } });
    await page.clock.install({ time: T0 });
    await page.context().route('**/leadscore.json', (r) => r.fulfill({ contentType: 'application/json', body: JSON.stringify(due === 'delay' ? config : site) }));
    await page.addInitScript(() => {
      document.addEventListener('DOMContentLoaded', () => {
        document.body.insertAdjacentHTML('beforeend', '<div id="menu" popover>Menu <a href="/pricing">Pricing</a></div>');
        /** @type {HTMLElement} */ (document.getElementById('menu')).showPopover(); // open before the banner comes
      });
      // Heard after the widget's own mouseout listener (on document): the exit intent has been handled.
      addEventListener('mouseout', (e) => {
        if (e.clientY <= 0 && !e.relatedTarget) /** @type {any} */ (window).exits = (/** @type {any} */ (window).exits || 0) + 1;
      });
    });
    await page.goto(`${env.server.url}/`);
    assert.ok((await waitForInit(page)).ok);
    assert.equal(await waitForUi(page, 'banner'), 'One lead-scoring idea a week');
    if (due === 'delay') await page.clock.runFor(4000);
    else {
      await exitIntent(page);
      await page.waitForFunction(() => /** @type {any} */ (window).exits);
    }
    await page.evaluate(() => new Promise((ok) => setTimeout(ok, 300)));
    const during = await page.evaluate(() => [document.getElementById('menu')?.matches(':popover-open'), LeadScore.state().offers]);
    assert.deepEqual(await kinds(page), ['banner'], `${due}: no modal offer while the menu is open`);
    assert.equal(during[0], true, `${due}: the menu is still open`);
    assert.deepEqual([during[1]['exit-whitepaper'], during[1]['webinar-modal']], [undefined, undefined], `${due}: no modal viewed`);
    await page.keyboard.press('Escape'); // the visitor closes the menu
    if (due === 'delay') assert.equal(await waitForUi(page, 'modal'), 'Live on Thursday, in a modal');
    else {
      await page.waitForFunction(() => !document.getElementById('menu')?.matches(':popover-open'));
      await exitIntent(page);
      assert.equal(await waitForUi(page, 'modal'), 'Before you go: the 2026 benchmark');
    }
    const offers = await page.evaluate(() => LeadScore.state().offers);
    assert.deepEqual([offers['exit-whitepaper'], offers['webinar-modal']], due === 'delay' ? [undefined, { views: 1 }] : [{ views: 1 }, undefined]);
    assert.deepEqual(page.problems(), []);
    await page.context().close();
  }
});

test('an inline offer in a slot the visitor cannot see yet (in a closed <details>, a hidden tab panel) is rendered there but counted as viewed only once the slot is shown', async () => {
  for (const [wrap, reveal] of /** @type {const} */ ([
    ['<details id="more"><summary>Further reading</summary>$&</details>', '#more summary'],
    ['<div role="tabpanel" id="panel" hidden>$&</div><button id="tab" onclick="panel.hidden = false">Further reading</button>', '#tab'],
  ])) {
    const page = await openPage(env.browser);
    await page.route('**/blog/scoring-decay', async (r) => {
      const html = await (await r.fetch()).text();
      await r.fulfill({ contentType: 'text/html', body: html.replace('<div data-leadscore-slot="post-end"></div>', wrap) });
    });
    await page.addInitScript(() => {
      const w = /** @type {any} */ (window);
      w.offersHeard = [];
      (w.LeadScore = w.LeadScore || []).push(['on', 'offer', (/** @type {any} */ e) => e.offer === 'guide-inline' && w.offersHeard.push(e.action)]);
    });
    await page.goto(`${env.server.url}/blog/scoring-decay`);
    assert.ok((await waitForInit(page)).ok);
    await page.waitForFunction(() => !!document.querySelector('[data-leadscore-slot] [data-leadscore-ui]'));
    await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 100))));
    const before = await page.evaluate(() => [/** @type {any} */ (window).offersHeard, LeadScore.state().offers['guide-inline']]);
    assert.deepEqual(before, [[], undefined], `${reveal}: not viewed while its slot is out of sight`);
    await page.click(reveal);
    await page.waitForFunction(() => LeadScore.state().offers['guide-inline']?.views === 1);
    assert.deepEqual(await page.evaluate(() => /** @type {any} */ (window).offersHeard), ['shown']);
    assert.deepEqual(page.problems(), []);
    await page.context().close();
  }
});

test('an inline offer far down the page is counted as viewed once some of it comes into view; a visitor who never gets there has not seen it (nor used up its views)', async () => {
  const config = structuredClone(site);
  config.offers.find((/** @type {any} */ o) => o.id === 'guide-inline').max_views = 1;
  const page = await openPage(env.browser, undefined, { viewport: { width: 1280, height: 800 } });
  await page.context().route('**/leadscore.json', (r) => r.fulfill({ contentType: 'application/json', body: JSON.stringify(config) }));
  await page.addInitScript(() => {
    const w = /** @type {any} */ (window);
    w.offersHeard = [];
    (w.LeadScore = w.LeadScore || []).push(['on', 'offer', (/** @type {any} */ e) => e.offer === 'guide-inline' && w.offersHeard.push(e.action)]);
  });
  const heard = () => page.evaluate(() => [/** @type {any} */ (window).offersHeard, LeadScore.state().offers['guide-inline']?.views]);
  /** Scrolls so that the slot's top is `px` below the window's bottom edge; two frames later. @param {number} px */
  const scrollToBelow = (px) => page.evaluate((px) => {
    const slot = /** @type {Element} */ (document.querySelector('[data-leadscore-slot]'));
    scrollTo(0, scrollY + slot.getBoundingClientRect().top - innerHeight - px);
    return new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(ok, 100))));
  }, px);
  for (const path of ['/blog/lead-scoring-101', '/blog/lead-scoring-101?again']) {
    await page.goto(`${env.server.url}${path}`);
    assert.ok((await waitForInit(page)).ok);
    assert.equal(await waitForUi(page, 'inline'), "The lead scoring buyer's guide", `${path}: rendered in its slot at load`);
    await scrollToBelow(40); // just below the window
    assert.deepEqual(await heard(), [[], undefined], `${path}: viewed before it came into view`);
  }
  await scrollToBelow(-40); // its top edge in the window
  await page.waitForFunction(() => LeadScore.state().offers['guide-inline']?.views === 1);
  assert.deepEqual(await heard(), [['shown'], 1]);
  // Its one view used up now: on the next page view the slot stays empty.
  await page.goto(`${env.server.url}/blog/lead-scoring-101`);
  assert.ok((await waitForInit(page)).ok);
  await waitForUi(page, 'banner');
  assert.ok(!(await kinds(page)).includes('inline'));
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test("an offer's image that arrives late does not move the page: its room is kept while it loads (what follows stays where the visitor saw it), and it is drawn at its own size, not scaled up", async () => {
  const page = await openPage(env.browser, undefined, { viewport: { width: 1280, height: 800 } });
  /** @type {() => void} */
  let release = () => {};
  const held = new Promise((ok) => (release = () => ok(undefined)));
  await page.route('**/files/guide.svg', async (r) => {
    await held;
    await r.continue();
  });
  await page.goto(`${env.server.url}/blog/lead-scoring-101`);
  assert.ok((await waitForInit(page)).ok);
  assert.equal(await waitForUi(page, 'inline'), "The lead scoring buyer's guide");
  // What the visitor sees under the offer: a link of the page's after its slot.
  const below = () => page.evaluate(() => {
    let a = document.getElementById('below-offer');
    if (!a) {
      a = document.createElement('a');
      a.id = 'below-offer';
      a.href = '/pricing';
      a.textContent = 'See pricing';
      document.querySelector('[data-leadscore-slot]')?.after(a);
    }
    a.scrollIntoView({ block: 'center' });
    return a.getBoundingClientRect().top;
  });
  const before = await below();
  const image = () => page.evaluate(() => {
    for (const host of document.querySelectorAll('leadscore-ui')) {
      const img = /** @type {HTMLImageElement | null | undefined} */ (host.shadowRoot?.querySelector('.inline .img'));
      if (img) return { loaded: img.complete && img.naturalWidth > 0, height: img.getBoundingClientRect().height };
    }
    return null;
  });
  assert.equal((await image())?.loaded, false, 'the image is still on its way');
  release();
  await page.waitForFunction(() => [...document.querySelectorAll('leadscore-ui')].some((h) => {
    const img = /** @type {HTMLImageElement | null | undefined} */ (h.shadowRoot?.querySelector('.inline .img'));
    return img && img.complete && img.naturalWidth > 0;
  }));
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
  assert.equal(await page.evaluate(() => document.getElementById('below-offer')?.getBoundingClientRect().top), before, 'the link under the offer did not move');
  // guide.svg is 320 x 120: shown at that size (the room is up to 10em tall), not stretched to fill it.
  const drawn = await page.evaluate(() => {
    for (const host of document.querySelectorAll('leadscore-ui')) {
      const img = /** @type {HTMLImageElement | null | undefined} */ (host.shadowRoot?.querySelector('.inline .img'));
      if (img) {
        const box = img.getBoundingClientRect();
        // The picture's own height inside its box, by its object-fit.
        const fit = getComputedStyle(img).objectFit;
        const contain = Math.min(box.width / img.naturalWidth, box.height / img.naturalHeight);
        return Math.round(fit === 'fill' ? box.height : img.naturalHeight * (fit === 'scale-down' ? Math.min(1, contain) : fit === 'contain' ? contain : 1));
      }
    }
    return 0;
  });
  assert.equal(drawn, 120);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

for (const [how, init] of [['', ''], [
  ' (and where the page\'s own listener, before the widget\'s, stops pointerup at the window)',
  'addEventListener("pointerup", (e) => e.stopImmediatePropagation(), true)',
]]) test(`an offer due while the visitor holds a press (mouse button down on a link of the page) waits for its release${how}: the click is the link's, not taken by the modal that came under it, and the modal comes right after`, async () => {
  const config = structuredClone(site);
  config.offers.push(WEBINAR_MODAL);
  const page = await withConfig(config, '/', init);
  assert.equal(await waitForUi(page, 'banner'), 'One lead-scoring idea a week');
  // A link of the page in the middle of the window, where the modal opens.
  const at = await page.evaluate(() => {
    document.body.insertAdjacentHTML('beforeend', '<a id="press" href="/pricing" style="position:fixed;left:45%;top:45%;padding:1em">Pricing</a>');
    const a = /** @type {HTMLElement} */ (document.getElementById('press'));
    a.addEventListener('click', (e) => {
      e.preventDefault();
      /** @type {any} */ (window).pressed = (/** @type {any} */ (window).pressed || 0) + 1;
    });
    const r = a.getBoundingClientRect();
    return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
  });
  await page.mouse.move(at.x, at.y);
  await page.mouse.down();
  await page.clock.runFor(4000); // the modal's delay comes due while the button is held
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(ok)));
  assert.ok(!(await kinds(page)).includes('modal'), 'no modal under the press');
  assert.equal((await page.evaluate(() => LeadScore.state())).offers['webinar-modal'], undefined, 'not viewed');
  await page.mouse.up();
  assert.equal(await waitForUi(page, 'modal'), 'Live on Thursday, in a modal');
  assert.equal(await page.evaluate(() => /** @type {any} */ (window).pressed), 1, "the release was the link's click");
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('an inline offer whose slot the page adds while the visitor presses in a search box comes once they let go, though the focus is then in the box (banners and modals wait for it to leave)', async () => {
  const page = await withConfig(site, '/');
  assert.equal(await waitForUi(page, 'banner'), 'One lead-scoring idea a week');
  const at = await page.evaluate(() => {
    document.body.insertAdjacentHTML('afterbegin', '<input id="q" type="search" aria-label="Search">');
    const r = /** @type {HTMLElement} */ (document.getElementById('q')).getBoundingClientRect();
    return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
  });
  await page.mouse.move(at.x, at.y);
  await page.mouse.down();
  await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<div data-leadscore-slot="post-end"></div>'));
  await page.evaluate(() => new Promise((ok) => setTimeout(ok, 300))); // the widget has looked at the change
  assert.ok(!(await kinds(page)).includes('inline'), 'not under the press');
  await page.mouse.up();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'q');
  assert.equal(await waitForUi(page, 'inline'), "The lead scoring buyer's guide");
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});
