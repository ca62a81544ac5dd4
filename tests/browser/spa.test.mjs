// A single-page app (tests/browser/site/app/): route changes through
// history.pushState, replaceState and popstate are page views (a new path or
// query, or a hash router's route, not an in-page anchor); each takes the previous view's offers away without
// counting a dismissal, counts toward "n-th page view" triggers, and gated
// content and offer slots the app renders later are picked up. A route
// change's page view is taken once the app has rendered the view (after the
// next frame), so it has the view's title and journey meta, as a full load
// of that view would. Routes the app went through before the widget started
// (the loader, or the ES module from its import on, notes them) are page views too, in order;
// the same whichever way the page includes LeadScore.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { useSite, openPage, waitForInit, recordEvents, recorded, waitForUi, kinds, T0 } from './support.mjs';

const env = useSite();

/** Lets a frame and the task after it go by (a route change's page view is taken then). @param {import('playwright-core').Page} page */
const settle = (page) => page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => setTimeout(ok))));

/** @param {import('playwright-core').Page} page */
const views = async (page) => {
  await settle(page);
  return page.evaluate(() => {
    const s = LeadScore.state();
    return [s.page_views, s.breakdown.find((/** @type {any} */ b) => b.rule === 'page_view')?.fired, location.pathname + location.search + location.hash];
  });
};

test('pushState, replaceState and popstate are page views; a hash change is not', async () => {
  const page = await openPage(env.browser, `${env.server.url}/app/`);
  assert.ok((await waitForInit(page)).ok);
  assert.deepEqual(await views(page), [1, 1, '/app/']);
  await page.click('#to-reports'); // pushState
  assert.deepEqual(await views(page), [2, 2, '/app/reports']);
  await page.click('#sort-by-score'); // replaceState, new query
  assert.deepEqual(await views(page), [3, 3, '/app/reports?sort=score']);
  await page.click('#to-settings');
  assert.deepEqual(await views(page), [4, 4, '/app/settings?tab=team']);
  await page.click('#to-members'); // same path and query, a new hash
  assert.deepEqual(await views(page), [4, 4, '/app/settings?tab=team#members']);
  await page.goBack(); // popstate, hash only
  assert.deepEqual(await views(page), [4, 4, '/app/settings?tab=team']);
  await page.goBack(); // popstate
  assert.deepEqual(await views(page), [5, 5, '/app/reports?sort=score']);
  await page.goForward(); // popstate
  assert.deepEqual(await views(page), [6, 6, '/app/settings?tab=team']);
  await page.evaluate(() => { location.hash = 'billing'; });
  await page.evaluate(() => new Promise((ok) => setTimeout(ok, 50)));
  assert.deepEqual(await views(page), [6, 6, '/app/settings?tab=team#billing']);
  assert.equal(await page.textContent('h1'), 'Settings', 'the app itself still works');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a page that takes its campaign tags out of the address bar once read (replaceState, as many sites do, before the widget starts or after) is one page view, its touch kept', async () => {
  for (const [url, clean, when] of [
    ['/app/?utm_source=news&utm_medium=email&gclid=g1', '/app/', 0],
    ['/app/?utm_source=news&utm_medium=email&gclid=g1', '/app/', 1500],
    ['/app/?plan=team&fbclid=f1&utm_campaign=spring', '/app/?plan=team', 1500],
  ]) {
    const page = await openPage(env.browser, `${env.server.url}${url}`);
    if (!when) await page.evaluate((clean) => history.replaceState(null, '', clean), clean);
    assert.ok((await waitForInit(page)).ok);
    if (when) {
      await page.waitForTimeout(when);
      await page.evaluate((clean) => history.replaceState(null, '', clean), clean);
    }
    assert.deepEqual(await views(page), [1, 1, clean], `${url} → ${clean} after ${when} ms`);
    const s = await page.evaluate(() => LeadScore.state());
    assert.ok(JSON.stringify(s.attribution).includes(url.includes('utm_source') ? 'news' : 'spring'), JSON.stringify(s.attribution));
    assert.deepEqual(page.problems(), []);
    await page.context().close();
  }
});

test('a router on the Navigation API (navigate() and link clicks intercepted, no pushState): each route is a page view, back too; a hash change is not', async () => {
  const page = await openPage(env.browser, `${env.server.url}/app/`);
  assert.ok((await waitForInit(page)).ok);
  await page.evaluate(() => {
    const nav = /** @type {any} */ (window).navigation;
    nav.addEventListener('navigate', (/** @type {any} */ e) => {
      if (!e.canIntercept || e.hashChange) return;
      e.intercept({ handler: async () => {
        document.title = new URL(e.destination.url).pathname;
        /** @type {HTMLElement} */ (document.querySelector('h1')).textContent = document.title;
      } });
    });
  });
  await page.evaluate(() => /** @type {any} */ (window).navigation.navigate('/app/plans').finished);
  assert.deepEqual(await views(page), [2, 2, '/app/plans']);
  await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<a id="to-billing" href="/app/billing">Billing</a>'));
  await page.click('#to-billing');
  await page.waitForFunction(() => location.pathname === '/app/billing');
  assert.deepEqual(await views(page), [3, 3, '/app/billing']);
  await page.evaluate(() => { location.hash = 'invoices'; });
  await page.evaluate(() => new Promise((ok) => setTimeout(ok, 150)));
  assert.deepEqual(await views(page), [3, 3, '/app/billing#invoices']);
  await page.evaluate(() => /** @type {any} */ (window).navigation.back().finished);
  await page.evaluate(() => /** @type {any} */ (window).navigation.back().finished);
  assert.deepEqual(await views(page), [4, 4, '/app/plans']);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a hash router\'s routes (#/plans, #!/billing) are page views; an in-page anchor (#pricing) is not', async () => {
  const page = await openPage(env.browser, `${env.server.url}/app/`);
  assert.ok((await waitForInit(page)).ok);
  await page.evaluate(() => {
    document.querySelector('nav')?.insertAdjacentHTML('beforeend',
      '<a id="anchor" href="#pricing">Pricing below</a><a id="hash-plans" href="#/plans">Plans</a><a id="hash-billing" href="#!/billing">Billing</a>');
  });
  await page.click('#anchor');
  assert.deepEqual(await views(page), [1, 1, '/app/#pricing']);
  await page.click('#hash-plans');
  assert.deepEqual(await views(page), [2, 2, '/app/#/plans']);
  await page.click('#hash-billing');
  assert.deepEqual(await views(page), [3, 3, '/app/#!/billing']);
  await page.goBack(); // popstate, back to the hash route before
  assert.deepEqual(await views(page), [4, 4, '/app/#/plans']);
  await page.goBack(); // the anchor: the page the visitor first saw, a route
  assert.deepEqual(await views(page), [5, 5, '/app/#pricing']);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a hash router\'s route has the path the same route would have under a history router, so path patterns match it: /#/pricing is /pricing, /app/#!/plans is /app/plans; an anchor (#contact) keeps the page\'s path', async () => {
  const page = await openPage(env.browser, `${env.server.url}/`);
  assert.ok((await waitForInit(page)).ok);
  await page.evaluate(() => {
    document.querySelector('nav')?.insertAdjacentHTML('beforeend', '<a id="hash-pricing" href="#/pricing?plan=team">Pricing</a>');
  });
  await page.click('#to-contact'); // an in-page anchor: no page view
  await page.click('#hash-pricing');
  await settle(page);
  const s = await page.evaluate(() => LeadScore.state());
  // The rule {"event": "page_view", "path": "/pricing"} and the journey tag {"stage": "decision", "path": "/pricing"}.
  assert.equal(s.breakdown.find((/** @type {any} */ b) => b.rule === 'pricing_view')?.fired, 1);
  assert.deepEqual([s.page_views, s.journey, journeyMoves(s)], [2, 'decision', ['awareness>decision']]);
  await page.goto(`${env.server.url}/app/#!/plans`);
  assert.ok((await waitForInit(page)).ok);
  assert.deepEqual(await pageViews(page), [3, ['/', '/pricing', '/app/plans']]);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a route change takes the old view\'s offers away without a dismissal, and counts toward the 3rd-page-view banner', async () => {
  const page = await openPage(env.browser);
  await recordEvents(page);
  await page.goto(`${env.server.url}/app/`);
  assert.ok((await waitForInit(page)).ok);
  assert.equal(await waitForUi(page, 'banner'), 'One lead-scoring idea a week');
  await page.click('#to-reports');
  await page.waitForFunction(() => !document.querySelector('leadscore-ui'));
  assert.deepEqual(await kinds(page), [], '2nd view: the newsletter was seen this visit, the webinar waits');
  await page.click('#to-settings');
  assert.equal(await waitForUi(page, 'banner'), 'Live on Thursday: scoring that sales trusts');
  const s = await page.evaluate(() => LeadScore.state());
  assert.deepEqual(s.offers, { 'newsletter-bar': { views: 1 }, 'webinar-banner': { views: 1 } });
  assert.deepEqual((await recorded(page)).offers.map((/** @type {any} */ o) => `${o.offer}:${o.action}`),
    ['newsletter-bar:shown', 'webinar-banner:shown']);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('offer slots and gated content the app renders after start are picked up', async () => {
  const page = await openPage(env.browser, `${env.server.url}/app/`);
  assert.ok((await waitForInit(page)).ok);
  await page.click('#to-guide');
  assert.equal(await waitForUi(page, 'inline'), "The lead scoring buyer's guide");
  assert.equal(await page.evaluate(() => document.querySelector('#app-slot leadscore-ui') !== null), true);

  await page.click('#to-team');
  await page.waitForFunction(() => document.getElementById('team-roles')?.hasAttribute('inert'));
  assert.equal(await waitForUi(page, 'gate'), 'Members read on');
  assert.equal(await page.evaluate(() => document.getElementById('team-roles')?.textContent?.trim()), 'Roles and permissions for every member.');
  await page.evaluate(() => LeadScore.identify({ email: 'minh@northwind.example' }));
  await page.waitForFunction(() => !document.getElementById('team-roles')?.hasAttribute('inert'));
  assert.deepEqual(await kinds(page), ['banner'], 'the gate card is gone (the banner is the 3rd view\'s webinar)');
  const s = await page.evaluate(() => LeadScore.state());
  assert.deepEqual([s.page_views, s.unlocked.sort()], [3, ['articles', 'premium']]);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

/** Page views as the widget took them: [page_views, title, path] when a page view changed the score. */
function logPageViews(page) {
  return page.addInitScript(() => {
    const w = /** @type {any} */ (window);
    w.__views = [];
    w.LeadScore = [['on', 'score', (/** @type {any} */ s) => {
      const last = w.__views[w.__views.length - 1];
      if (!last || last[0] !== s.page_views) w.__views.push([s.page_views, document.title, location.pathname]);
    }]];
  });
}

/** @param {any} s */
const journeyMoves = (s) => s.transitions.filter((/** @type {any} */ t) => t.kind === 'journey').map((/** @type {any} */ t) => `${t.from}>${t.to}`);

test('a route change to a view the app renders in the next frame is that view\'s page view: its title, its journey meta, as a full load', async () => {
  // The SPA: /app/, then a route change to /app/plans (<meta name="leadscore:journey" content="decision">).
  const spa = await openPage(env.browser);
  await logPageViews(spa);
  await spa.goto(`${env.server.url}/app/`);
  assert.ok((await waitForInit(spa)).ok);
  await spa.click('#to-plans');
  await spa.waitForFunction(() => LeadScore.state().page_views === 2);
  const viaRoute = await spa.evaluate(() => LeadScore.state());
  assert.deepEqual(await spa.evaluate(() => /** @type {any} */ (window).__views), [
    [1, 'Overview — Northwind app', '/app/'],
    [2, 'Plans — Northwind app', '/app/plans'],
  ]);
  assert.equal(await spa.textContent('h1'), 'Plans');

  // The same two views as full page loads.
  const html = readFileSync(new URL('./site/app/index.html', import.meta.url), 'utf8');
  env.server.override('/app/plans', { body: html, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
  const loads = await openPage(env.browser, `${env.server.url}/app/`);
  assert.ok((await waitForInit(loads)).ok);
  await loads.goto(`${env.server.url}/app/plans`);
  const viaLoad = (await waitForInit(loads)).state;

  assert.deepEqual([viaRoute.journey, viaRoute.page_views], ['decision', 2]);
  assert.deepEqual([viaRoute.journey, journeyMoves(viaRoute)], [viaLoad.journey, journeyMoves(viaLoad)]);
  assert.deepEqual([spa.problems(), loads.problems()], [[], []]);
  await spa.context().close();
  await loads.context().close();
});

test('route changes in one go are one page view, of where they end; one the page is left right after is not lost', async () => {
  const page = await openPage(env.browser, `${env.server.url}/app/`);
  assert.ok((await waitForInit(page)).ok);
  await page.evaluate(() => {
    history.pushState({}, '', '/app/reports'); // a router, then its redirect
    history.replaceState({}, '', '/app/settings?tab=team');
  });
  assert.deepEqual(await views(page), [2, 2, '/app/settings?tab=team']);
  await page.evaluate(() => new Promise((ok) => setTimeout(ok, 150)));
  assert.deepEqual(await views(page), [2, 2, '/app/settings?tab=team'], 'counted once');

  // Left at once (pagehide): the page view is taken then, and stored.
  const left = await page.evaluate(() => {
    history.pushState({}, '', '/app/reports');
    dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
    const stored = JSON.parse(localStorage.getItem('leadscore:v1:profile') || '{}');
    return [LeadScore.state().page_views, stored.counts?.page_view];
  });
  assert.deepEqual(left, [3, 3]);
  assert.deepEqual(await views(page), [3, 3, '/app/reports'], 'and not again');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a page and SPA views that fit the window report the depths they show (25 to 100), once per page view, without a scroll', async () => {
  const page = await openPage(env.browser, `${env.server.url}/app/`);
  assert.ok((await waitForInit(page)).ok);
  /** Scroll events stored so far, and whether the page can scroll at all. */
  const scrolls = async () => {
    await settle(page);
    return page.evaluate(async () => {
      await LeadScore.flush();
      const stored = JSON.parse(localStorage.getItem('leadscore:v1:profile') || '{}');
      return [stored.counts?.scroll, document.documentElement.scrollHeight > innerHeight];
    });
  };
  assert.deepEqual(await scrolls(), [4, false]);
  await page.click('#to-reports');
  await settle(page); // the page view
  await page.waitForTimeout(1100); // its depths once its height has held for half a second
  assert.deepEqual(await scrolls(), [8, false], 'the new view: its own four');
  await page.evaluate(() => new Promise((ok) => setTimeout(ok, 150)));
  assert.deepEqual(await scrolls(), [8, false], 'once');
  assert.ok(!(await kinds(page)).includes('slide'), 'the 50% slide-in waits for the visitor to scroll');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a router that, in one task, pushes a route, renders a short view and scrolls to the top: the old view\'s unreached depths are not counted for the new one; the new view counts its own once', async () => {
  const page = await openPage(env.browser, `${env.server.url}/blog/lead-scoring-101`, { viewport: { width: 800, height: 600 } });
  assert.ok((await waitForInit(page)).ok);
  const scrolls = async () => {
    await settle(page);
    return page.evaluate(async () => {
      await LeadScore.flush();
      return JSON.parse(localStorage.getItem('leadscore:v1:profile') || '{}').counts?.scroll;
    });
  };
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  assert.ok(height > 2400, `a long post (${height} px)`);
  await page.mouse.move(400, 300);
  await page.mouse.wheel(0, Math.round(height * 0.3) - 600);
  await page.waitForFunction(() => scrollY > 0);
  assert.equal(await scrolls(), 1, 'the post: 25%');
  await page.evaluate(() => {
    history.pushState({}, '', '/blog/short');
    document.title = 'Short';
    document.body.innerHTML = '<main><h1>A short view</h1></main>';
    scrollTo(0, 0);
  });
  await page.evaluate(() => new Promise((ok) => setTimeout(ok, 1300)));
  assert.equal(await scrolls(), 5, 'the short view shows all of itself: 25 to 100, once');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a route whose view shows a spinner first and renders its long content a moment later (data fetched after the route change) has not been read to the end: only the depths the visitor reaches', async () => {
  const page = await openPage(env.browser, `${env.server.url}/app/`, { viewport: { width: 800, height: 600 } });
  assert.ok((await waitForInit(page)).ok);
  const scrolls = () => page.evaluate(async () => {
    await LeadScore.flush();
    return JSON.parse(localStorage.getItem('leadscore:v1:profile') || '{}').counts?.scroll;
  });
  await page.waitForTimeout(300);
  const before = await scrolls();
  await page.evaluate(() => {
    history.pushState({}, '', '/app/article');
    document.body.innerHTML = '<main><p>Loading…</p></main>';
    setTimeout(() => {
      document.body.innerHTML = `<main><h1>A long article</h1>${'<p>Paragraph.</p>'.repeat(200)}</main>`;
    }, 400);
  });
  await page.waitForTimeout(2000);
  assert.equal(await scrolls(), before, 'no depth without a scroll: the article is far longer than the window');
  await page.evaluate(() => scrollTo(0, document.documentElement.scrollHeight * 0.3));
  await page.waitForTimeout(300);
  assert.equal(await scrolls(), before + 1, 'scrolled to a quarter: 25%');
  // The next article from there: the router scrolls to the top of its spinner view (a scroll
  // event in the route's frame), then renders the article.
  await page.evaluate(() => {
    history.pushState({}, '', '/app/article-2');
    document.body.innerHTML = '<main><p>Loading…</p></main>';
    scrollTo(0, 0);
    setTimeout(() => {
      document.body.innerHTML = `<main><h1>Another long article</h1>${'<p>Paragraph.</p>'.repeat(200)}</main>`;
    }, 400);
  });
  await page.waitForTimeout(2000);
  assert.equal(await scrolls(), before + 1, 'none for the second article either');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a campaign landing the app\'s router rewrites before the widget has started keeps its UTM tags and click id, in one page view', async () => {
  const page = await openPage(env.browser, `${env.server.url}/app/welcome?utm_source=newsletter&utm_medium=email&utm_campaign=spring%20launch&gclid=Cj0abc`);
  const s = (await waitForInit(page)).state;
  assert.equal(await page.evaluate(() => location.pathname + location.search), '/app/', 'the router did redirect');
  const { source, medium, campaign, gclid } = s.attribution.first || {};
  assert.deepEqual({ source, medium, campaign, gclid }, { source: 'newsletter', medium: 'email', campaign: 'spring launch', gclid: 'Cj0abc' });
  assert.deepEqual(s.attribution.last, s.attribution.first);
  assert.equal(s.page_views, 1);

  // The router's script comes late (deferred, fetched slowly): the page shows
  // frames before it redirects, but it is still the page's own redirect,
  // before DOMContentLoaded: one page view, with the tags.
  env.server.override('/app/welcome.js', { delay: 600 });
  const late = await openPage(env.browser, `${env.server.url}/app/welcome?utm_source=newsletter&gclid=Cj0abc`);
  const ls = (await waitForInit(late)).state;
  env.server.override('/app/welcome.js', null);
  assert.equal(await late.evaluate(() => location.pathname + location.search), '/app/');
  assert.deepEqual([ls.page_views, ls.attribution.first?.source, ls.attribution.first?.gclid], [1, 'newsletter', 'Cj0abc']);
  await late.context().close();

  const direct = await openPage(env.browser, `${env.server.url}/app/welcome`);
  assert.deepEqual((await waitForInit(direct)).state.attribution, {}, 'a direct visit stays direct');
  assert.deepEqual([page.problems(), direct.problems()], [[], []]);
  await page.context().close();
  await direct.context().close();
});

test('a visitor landing on a hash router\'s route with campaign tags in its own query (/#/pricing?utm_source=x) is attributed to them, landing on /pricing', async () => {
  const page = await openPage(env.browser, `${env.server.url}/#/pricing?utm_source=newsletter&utm_medium=email&gclid=Cj0abc`);
  const s = (await waitForInit(page)).state;
  const { source, medium, gclid, landing_page } = s.attribution.first || {};
  assert.deepEqual({ source, medium, gclid, landing_page }, { source: 'newsletter', medium: 'email', gclid: 'Cj0abc', landing_page: '/pricing' });
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a page whose URL is longer than the core takes (a big query, a long campaign landing) still counts its page view and its campaign tags', async () => {
  const pad = 'x'.repeat(9000);
  const page = await openPage(env.browser, `${env.server.url}/app/welcome?utm_source=newsletter&gclid=Cj0abc&pad=${pad}`);
  const s = (await waitForInit(page)).state;
  assert.equal(await page.evaluate(() => location.pathname), '/app/', 'the router did redirect');
  assert.deepEqual([s.page_views, s.attribution.first?.source, s.attribution.first?.gclid], [1, 'newsletter', 'Cj0abc']);
  const long = await openPage(env.browser, `${env.server.url}/app/?utm_source=ads&filter=${pad}`);
  const l = (await waitForInit(long)).state;
  assert.deepEqual([l.page_views, l.attribution.first?.source], [1, 'ads']);
  assert.deepEqual([page.problems(), long.problems()], [[], []]);
  await page.context().close();
  await long.context().close();
});

test('routes the visitor went through before the widget had started are page views, each of its own URL, in order', async () => {
  env.server.override('/leadscore/leadscore-widget.js', { delay: 1500 }); // a slow network: the widget starts late
  try {
    const page = await openPage(env.browser);
    await page.goto(`${env.server.url}/app/`, { waitUntil: 'domcontentloaded' });
    await page.click('#to-reports'); // pushState
    await page.click('#sort-by-score'); // replaceState: the same view, sorted (a new query)
    await page.click('#to-settings');
    await page.click('#to-members'); // a new hash: the same page
    assert.equal(await page.evaluate(() => typeof LeadScore.state), 'function');
    assert.equal(await page.evaluate(() => LeadScore.state()), null, 'the widget had not started yet');
    assert.ok((await waitForInit(page)).ok);
    const stored = await page.evaluate(async () => {
      await LeadScore.flush();
      const profile = JSON.parse(localStorage.getItem('leadscore:v1:profile') || '{}');
      return [profile.counts.page_view, profile.recent_pages.map((/** @type {any[]} */ p) => p[0])];
    });
    assert.deepEqual(stored, [4, ['/app/', '/app/reports', '/app/reports', '/app/settings']], 'the sorted view (a new query) is a page view too');
    assert.deepEqual(await views(page), [4, 4, '/app/settings?tab=team#members']);
    await page.click('#to-reports'); // after the start, as before
    assert.deepEqual(await views(page), [5, 5, '/app/reports']);
    assert.deepEqual(page.problems(), []);
    await page.context().close();
  } finally {
    env.server.override('/leadscore/leadscore-widget.js', null);
  }
});

/** The page views in the visitor's stored profile: [how many, their paths in order]. @param {import('playwright-core').Page} page */
const pageViews = (page) => page.evaluate(async () => {
  await LeadScore.flush();
  const p = JSON.parse(localStorage.getItem('leadscore:v1:profile') || '{}');
  return [p.counts.page_view, p.recent_pages.map((/** @type {any[]} */ r) => r[0])];
});

/**
 * An app's route changes, each once the view before has rendered: a push, a
 * replaceState to a new query (the view sorted), then a push and the
 * router's redirect (replaceState) in one go.
 * @param {import('playwright-core').Page} page
 */
const routeChanges = async (page) => {
  await settle(page);
  await page.click('#to-reports');
  await settle(page);
  await page.click('#sort-by-score');
  await settle(page);
  await page.evaluate(() => {
    history.pushState({}, '', '/app/team');
    history.replaceState({}, '', '/app/settings?tab=team');
  });
  await settle(page);
};

test('replaceState is the same before and after the widget has started: to a new query once the view has rendered, a page view; right after a push (a redirect), one page view of where it ends', async () => {
  const after = await openPage(env.browser, `${env.server.url}/app/`);
  assert.ok((await waitForInit(after)).ok);
  await routeChanges(after);
  const expected = [4, ['/app/', '/app/reports', '/app/reports', '/app/settings']];
  assert.deepEqual(await pageViews(after), expected, 'after the start');
  env.server.override('/leadscore/leadscore-widget.js', { delay: 1500 }); // the widget starts late
  try {
    const before = await openPage(env.browser);
    await before.goto(`${env.server.url}/app/`, { waitUntil: 'domcontentloaded' });
    await routeChanges(before);
    assert.equal(await before.evaluate(() => LeadScore.state()), null, 'the widget had not started yet');
    assert.ok((await waitForInit(before)).ok);
    assert.deepEqual(await pageViews(before), expected, 'before the start');
    assert.deepEqual([after.problems(), before.problems()], [[], []]);
    await before.context().close();
  } finally {
    env.server.override('/leadscore/leadscore-widget.js', null);
  }
  await after.context().close();
});

/**
 * The app opened while the widget's script is held back (1.5 s): Overview,
 * then Plans (<meta name="leadscore:journey" content="decision">, rendered in
 * the next frame) for 31 visible seconds, the widget not started yet; with
 * `config` instead of the site's, init({clock}) `ahead` ms of Date.now().
 * @param {any} [config] @param {number} [ahead]
 */
async function plansBeforeStart(config, ahead = 0) {
  const page = await openPage(env.browser);
  await page.clock.install({ time: T0 });
  if (config) await page.context().route('**/leadscore.json', (r) => r.fulfill({ contentType: 'application/json', body: JSON.stringify(config) }));
  if (ahead) await page.addInitScript((ms) => (/** @type {any} */ (window).LeadScore = [['init', { config: '/leadscore.json', clock: () => Date.now() + ms }]]), ahead);
  await page.goto(`${env.server.url}/app/`, { waitUntil: 'domcontentloaded' });
  await settle(page);
  await page.click('#to-plans');
  await settle(page);
  await page.clock.runFor(31000);
  return page;
}

test('routes taken before the widget had started carry what the visitor saw there: the view\'s journey meta, its visible seconds', async () => {
  env.server.override('/leadscore/leadscore-widget.js', { delay: 1500 });
  try {
    const page = await plansBeforeStart();
    await page.click('#to-reports');
    assert.equal(await page.evaluate(() => LeadScore.state()), null, 'the widget had not started yet');
    const s = (await waitForInit(page)).state;
    assert.deepEqual([s.journey, journeyMoves(s)], ['decision', ['awareness>decision']]);
    const counts = await page.evaluate(async () => {
      await LeadScore.flush();
      const c = JSON.parse(localStorage.getItem('leadscore:v1:profile') || '{}').counts;
      return [c.page_view, c.dwell];
    });
    assert.deepEqual(counts, [3, 2], 'Plans: its 10 and 30 visible seconds; Overview and Reports: none yet');
    assert.deepEqual(page.problems(), []);
    await page.context().close();
  } finally {
    env.server.override('/leadscore/leadscore-widget.js', null);
  }
});

test('routes taken before the widget had started are stamped with when the visitor went there, not with the widget\'s start', async () => {
  env.server.override('/leadscore/leadscore-widget.js', { delay: 1500 });
  try {
    const page = await plansBeforeStart();
    await page.click('#to-reports');
    await settle(page);
    await page.clock.runFor(20000); // 20 s on Reports before the widget starts (within the minute the loader waits for it)
    assert.equal(await page.evaluate(() => LeadScore.state()), null, 'the widget had not started yet');
    assert.ok((await waitForInit(page)).ok);
    const [now, pages] = await page.evaluate(async () => {
      await LeadScore.flush();
      return [Date.now(), JSON.parse(localStorage.getItem('leadscore:v1:profile') || '{}').recent_pages];
    });
    const [[overview, t1], [plans, t2], [reports, t3]] = pages;
    assert.deepEqual([overview, plans, reports], ['/app/', '/app/plans', '/app/reports']);
    assert.ok(t1 >= T0.getTime() && t2 - t1 < 31000, `Overview then Plans, before the 31 s there: ${t1 - T0.getTime()}, ${t2 - t1}`);
    assert.ok(t3 - t2 >= 31000, `Reports 31 s after Plans (${t3 - t2} ms)`);
    assert.ok(now - t3 >= 20000, `the widget started 20 s after Reports (${now - t3} ms)`);
    assert.deepEqual(page.problems(), []);
    await page.context().close();
  } finally {
    env.server.override('/leadscore/leadscore-widget.js', null);
  }
});

test('track() and identify() called before the widget had started carry the route they were called on and the time they were called, not where the app is and the time when the widget replays them', async () => {
  const config = JSON.parse(readFileSync(new URL('./site/leadscore.json', import.meta.url), 'utf8'));
  config.rules.push({ id: 'plans_demo', event: 'demo_request', path: '/app/plans', points: 5 });
  env.server.override('/leadscore/leadscore-widget.js', { delay: 1500 });
  // The widget's own clock, or one an hour ahead (init({clock}) queued before the page's data-config start: that start's).
  try {
    for (const ahead of [0, 3600000]) {
      const page = await plansBeforeStart(config, ahead);
      await page.evaluate(() => LeadScore.track('demo_request')); // on Plans
      await page.click('#to-reports');
      await settle(page);
      const called = await page.evaluate(() => {
        LeadScore.identify({ email: 'linh.nguyen@congty.vn' }); // on Reports: known, a lead (an MQL with the demo request on Plans)
        return Date.now();
      });
      await page.clock.runFor(20000); // 20 s before the widget starts (within the minute the loader waits for it)
      assert.equal(await page.evaluate(() => LeadScore.state()), null, 'the widget had not started yet');
      const s = (await waitForInit(page)).state;
      assert.equal(s.breakdown.find((/** @type {any} */ b) => b.rule === 'plans_demo')?.fired, 1, 'the demo request was made on Plans');
      const lead = s.transitions.find((/** @type {any} */ t) => t.kind === 'lifecycle');
      const late = lead && lead.ts - ahead - called;
      assert.ok(late != null && late >= 0 && late < 1000, `${ahead}: a lead when identify() was called (on the widget's clock), not 20 s later: ${late} ms`);
      assert.deepEqual(page.problems(), []);
      await page.context().close();
    }
  } finally {
    env.server.override('/leadscore/leadscore-widget.js', null);
  }
});

/**
 * An app that lands on /spa-esm/?utm_source=newsletter&utm_campaign=x, whose
 * router drops the query (replaceState) and, once the view has rendered,
 * goes to /spa-esm/pricing (pushState), and only then calls init(): through
 * the ES module its bundle imported (`esm`, run before the router, as a
 * bundle's imports are), or through window.LeadScore. `tags` come before the
 * app's script.
 * @param {string} tags @param {boolean} esm
 */
const routedApp = (tags, esm) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>App</title><link rel="icon" href="/favicon.svg">${tags}
<script type="module">
${esm ? "import * as api from '/leadscore/leadscore.mjs';" : 'const api = window.LeadScore;'}
const frame = () => new Promise((ok) => requestAnimationFrame(() => setTimeout(ok)));
history.replaceState(null, '', '/spa-esm/');
await new Promise((ok) => addEventListener('DOMContentLoaded', ok));
await frame();
await frame();
history.pushState(null, '', '/spa-esm/pricing');
await frame();
window.leadscoreReady = api.init({ config: '/leadscore.json' }).then(async (client) => {
  await client.flush();
  const s = client.state();
  const { source, campaign, landing_page } = s.attribution.first || {};
  const pages = JSON.parse(localStorage.getItem('leadscore:v1:profile') || '{}').recent_pages.map((p) => p[0]);
  return { page_views: s.page_views, pages, first: { source, campaign, landing_page } };
}, (e) => ({ failed: e.id }));
</script></head><body><main><h1>App</h1></main></body></html>`;

const TAG = '<script src="/leadscore/leadscore.js" defer></script>';
const MODULE = '<script type="module" src="/leadscore/leadscore.mjs"></script>';
for (const [how, tags, esm] of /** @type {const} */ ([
  ['the script tag', TAG, false],
  ['the ES module alone (no loader)', '', true],
  ['the ES module imported before the script tag', MODULE + TAG, true],
  ['the ES module imported after the script tag', TAG + MODULE, true],
])) test(`an app whose router rewrote the campaign landing and went to another route before it called init() from ${how}: attributed, both page views counted, as with the script tag`, async () => {
  env.server.override('/spa-esm/', { headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: routedApp(tags, esm) });
  try {
    const page = await openPage(env.browser, `${env.server.url}/spa-esm/?utm_source=newsletter&utm_campaign=x`);
    await page.waitForFunction(() => /** @type {any} */ (window).leadscoreReady);
    const r = await page.evaluate(() => /** @type {any} */ (window).leadscoreReady);
    assert.deepEqual(r, {
      page_views: 2,
      pages: ['/spa-esm/', '/spa-esm/pricing'],
      first: { source: 'newsletter', campaign: 'x', landing_page: '/spa-esm/' },
    });
    assert.deepEqual(page.problems(), []);
    await page.context().close();
  } finally {
    env.server.override('/spa-esm/', null);
  }
});

/**
 * An app with LeadScore included by `tags`: a route before init(), init()
 * (through the ES module, or window.LeadScore), a route after the start.
 * Resolves to the page views stored, how often the page's history.pushState
 * was hooked, and how many routes window.LeadScore still holds noted.
 * @param {string} tags @param {boolean} esm
 */
const hookedApp = (tags, esm) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>App</title><link rel="icon" href="/favicon.svg">${tags}
<script type="module">
${esm ? "import * as api from '/leadscore/leadscore.mjs';" : 'const api = window.LeadScore;'}
const frame = () => new Promise((ok) => requestAnimationFrame(() => setTimeout(ok)));
await new Promise((ok) => addEventListener('DOMContentLoaded', ok));
await frame();
history.pushState(null, '', '/spa-hooks/reports');
await frame();
window.leadscoreReady = api.init({ config: '/leadscore.json' }).then(async (client) => {
  history.pushState(null, '', '/spa-hooks/team');
  await frame();
  await client.flush();
  const pages = JSON.parse(localStorage.getItem('leadscore:v1:profile') || '{}').recent_pages.map((p) => p[0]);
  return { page_views: client.state().page_views, pages, hooks: window.hooks, noted: LeadScore._routes?.length || 0 };
}, (e) => ({ failed: e.id }));
</script></head><body><main><h1>App</h1></main></body></html>`;

test('the ES module and the script tag on one page, in either order: one page view per route, and the routes are noted once, as with one of them (one hook on history, nothing noted after the start)', async () => {
  /** @type {Record<string, any>} */
  const seen = {};
  for (const [how, tags, esm] of /** @type {const} */ ([
    ['the script tag alone', TAG, false],
    ['module, then script tag', MODULE + TAG, true],
    ['script tag, then module', TAG + MODULE, true],
  ])) {
    env.server.override('/spa-hooks/', { headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: hookedApp(tags, esm) });
    try {
      const page = await openPage(env.browser);
      await page.addInitScript(() => {
        // Counts the hooks put on history.pushState (each wraps the one before).
        const w = /** @type {any} */ (window);
        w.hooks = 0;
        let pushState = history.pushState;
        Object.defineProperty(history, 'pushState', { configurable: true, get: () => pushState, set: (f) => { w.hooks++; pushState = f; } });
      });
      await page.goto(`${env.server.url}/spa-hooks/`);
      await page.waitForFunction(() => /** @type {any} */ (window).leadscoreReady);
      seen[how] = await page.evaluate(() => /** @type {any} */ (window).leadscoreReady);
      assert.deepEqual(page.problems(), []);
      await page.context().close();
    } finally {
      env.server.override('/spa-hooks/', null);
    }
  }
  const alone = seen['the script tag alone'];
  assert.deepEqual(alone, { page_views: 3, pages: ['/spa-hooks/', '/spa-hooks/reports', '/spa-hooks/team'], hooks: alone.hooks, noted: 0 });
  assert.deepEqual(seen, { 'the script tag alone': alone, 'module, then script tag': alone, 'script tag, then module': alone });
});
