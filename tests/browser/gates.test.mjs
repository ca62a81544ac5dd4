// Gated content ([data-leadscore-gate]) in Chromium: each gate unlocks after
// its own action (contact data known, a form submitted, a lifecycle stage, a
// metered "first article free"), at once, without a reload, and stays
// unlocked after one. Blurred and hidden content stays in the DOM (crawlers
// and a reload-free unlock need it); only mode "remove" takes it out.
// site/gates/ nests a gate in a removed one and changes gated content the
// way pages do (a new render of the element, more content loaded later).
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { useSite, openPage, waitForInit, widgetUi, recordEvents, recorded, until, watch, STRICT_CSP } from './support.mjs';

const env = useSite();

/** Goes to `path` (or reloads) and waits for the widget. @param {import('playwright-core').Page} page @param {string} [path] */
async function load(page, path) {
  if (path) await page.goto(`${env.server.url}${path}`);
  else await page.reload();
  const r = await waitForInit(page);
  assert.ok(r.ok, `init failed on ${page.url()}: ${JSON.stringify(r)}`);
  return r.state;
}

/**
 * How a gated element looks now: shown (rendered at all), inert, aria-hidden,
 * blurred, its text (in the DOM or not), and the widget card next to or in it.
 * @param {import('playwright-core').Page} page @param {string} id
 */
function gate(page, id) {
  return page.evaluate((id) => {
    const el = /** @type {HTMLElement} */ (document.getElementById(id));
    const cards = [...document.querySelectorAll('leadscore-ui')].filter((h) => h.nextElementSibling === el || el.contains(h));
    const card = cards[0]?.shadowRoot?.querySelector('.gate');
    return {
      shown: el.getClientRects().length > 0,
      inert: el.hasAttribute('inert'),
      ariaHidden: el.getAttribute('aria-hidden'),
      blurred: getComputedStyle(el).filter.includes('blur'),
      text: (el.textContent || '').replace(/\s+/g, ' ').trim(),
      card: card ? (card.querySelector('.t') || card.querySelector('.d'))?.textContent : null,
      cards: cards.length,
    };
  }, id);
}

/** The page is back to how the site made it: rendered, not inert, no card. */
const open = (/** @type {string} */ text) => ({ shown: true, inert: false, ariaHidden: null, blurred: false, text, card: null, cards: 0 });

test('metered: the first article is free, the second asks for an email; known contact opens both gates at once, and after reload', async () => {
  const page = await openPage(env.browser);
  await load(page, '/blog/lead-scoring-101');
  const first = await gate(page, 'article-body');
  assert.deepEqual([first.shown, first.card], [true, null], 'the first article is free');

  // The premium section (blur): in the DOM, blurred, inert, hidden from
  // assistive technology, with the gate's offer before it.
  const premium = await gate(page, 'premium');
  assert.deepEqual(premium, {
    shown: true, inert: true, ariaHidden: 'true', blurred: true,
    text: 'The deep dive Members-only: the 12 rules, with the exact points we use.', card: 'Members read on', cards: 1,
  });
  const card = (await widgetUi(page)).find((u) => u.className === 'ls gate');
  assert.deepEqual(card?.cta, { href: `${env.server.url}/subscribe?from=premium`, text: 'Unlock with email' });

  // The second article (hide): not rendered, still in the DOM, a notice in its place.
  await load(page, '/blog/scoring-decay');
  const second = await gate(page, 'article-body');
  assert.deepEqual([second.shown, second.inert, second.card, second.cards], [false, false, 'This content is locked.', 1]);
  assert.match(second.text, /Paragraph 15: engagement points fade/);

  // The free article stays free on a later visit to it.
  await load(page, '/blog/lead-scoring-101');
  assert.equal((await gate(page, 'article-body')).shown, true);
  await load(page, '/blog/scoring-decay');

  // Contact data (the site's own code calls identify()) opens it right away.
  await page.evaluate(() => LeadScore.identify({ email: 'bui.lan@northwind.example' }));
  await page.waitForFunction(() => document.getElementById('article-body')?.getClientRects().length);
  assert.deepEqual(await gate(page, 'article-body'), open(second.text));
  assert.ok(page.url().endsWith('/blog/scoring-decay'), 'no navigation');
  const s = await load(page);
  assert.deepEqual(await gate(page, 'article-body'), open(second.text), 'still open after a reload');
  assert.deepEqual(s.unlocked.sort(), ['articles', 'premium']);
  await load(page, '/blog/lead-scoring-101');
  assert.deepEqual(await gate(page, 'premium'), open(premium.text));
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a form submit opens the webinar replay (blur: content kept in the DOM), without contact data, and after reload', async () => {
  const page = await openPage(env.browser);
  await load(page, '/webinar');
  const locked = await gate(page, 'replay');
  assert.deepEqual(
    [locked.inert, locked.ariaHidden, locked.blurred, locked.card],
    [true, 'true', true, 'This content is locked.'],
  );
  assert.match(locked.text, /^The replay Chapter 1/);

  await page.fill('#webinar-form input[name=first_name]', 'Ngọc Anh');
  await page.fill('#webinar-form input[name=company]', 'Công ty Bắc Gió');
  await page.click('#webinar-form button[type=submit]');
  await page.waitForFunction(() => !document.getElementById('replay')?.hasAttribute('inert'));
  assert.deepEqual(await gate(page, 'replay'), open(locked.text));
  let s = await page.evaluate(() => LeadScore.state());
  assert.deepEqual([s.known, s.forms, s.unlocked], [false, ['webinar-signup'], ['replay']]);
  assert.equal(s.contact.first_name, 'Ngọc Anh');

  s = await load(page);
  assert.deepEqual(await gate(page, 'replay'), open(locked.text), 'still open after a reload');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a stage opens the price sheet (remove: content out of the DOM until MQL), without reload, and after reload', async () => {
  const page = await openPage(env.browser);
  await load(page, '/pricing');
  let sheet = await gate(page, 'price-sheet');
  assert.deepEqual([sheet.text, sheet.card, sheet.cards], ['', 'This content is locked.', 1], 'the content is out of the DOM');
  assert.equal(await page.locator('#price-sheet h2').count(), 0);

  // Known, but not yet engaged enough for MQL: still locked.
  await page.evaluate(() => LeadScore.identify({ email: 'sam@northwind.example', job_title: 'VP Sales' }));
  let s = await page.evaluate(() => LeadScore.state());
  assert.equal(s.stage, 'lead');
  sheet = await gate(page, 'price-sheet');
  assert.equal(sheet.text, '');

  // A download makes it an MQL: the sheet is back, as the site wrote it.
  await page.click('#price-list');
  await page.waitForSelector('#price-sheet h2');
  s = await page.evaluate(() => LeadScore.state());
  assert.equal(s.stage, 'mql');
  const expected = open('Volume price sheet Discounts from 100,000 visitors a month.');
  assert.deepEqual(await gate(page, 'price-sheet'), expected);
  assert.deepEqual(await page.evaluate(() => [...document.getElementById('price-sheet').children].map((c) => c.tagName)), ['H2', 'P']);
  await load(page);
  assert.deepEqual(await gate(page, 'price-sheet'), expected, 'still open after a reload');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

/** How many widget boxes (gate cards here) the page holds. @param {import('playwright-core').Page} page */
const hosts = (page) => page.evaluate(() => document.querySelectorAll('leadscore-ui').length);

test('locked content the page moves (a list sorted again, a section sent to the end): its card goes with it, right before it; contact data then opens it, no card left behind', async () => {
  const page = await openPage(env.browser);
  await load(page, '/gates/');
  assert.equal(await hosts(page), 3);
  await page.evaluate(() => document.querySelector('main')?.append(/** @type {HTMLElement} */ (document.getElementById('notes'))));
  await until(async () => (await gate(page, 'notes')).cards === 1, 'the card before #notes again');
  const notes = await gate(page, 'notes');
  assert.deepEqual([notes.inert, notes.blurred, notes.card, notes.cards], [true, true, 'This content is locked.', 1]);
  assert.equal(await hosts(page), 3, 'no second card: the card moved with it');
  await page.evaluate(() => LeadScore.identify({ email: 'an@northwind.example' }));
  await page.waitForFunction(() => !document.getElementById('notes')?.hasAttribute('inert'));
  assert.deepEqual(await gate(page, 'notes'), open('Notes, first render.'));
  assert.equal(await hosts(page), 0, 'no card left on the page');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a gate inside a removed gate: contact data opens both at once, the inner content readable and focusable, and after reload', async () => {
  const page = await openPage(env.browser);
  await load(page, '/gates/');
  const members = await gate(page, 'members');
  assert.deepEqual([members.text, members.card, members.cards], ['', 'This content is locked.', 1], 'the outer content is out of the DOM');
  assert.equal(await page.locator('#chapter').count(), 0, 'the inner gate went with it');

  await page.evaluate(() => LeadScore.identify({ email: 'an@northwind.example' }));
  await page.waitForSelector('#chapter');
  const text = 'Chapter 1, for members. The checklist';
  assert.deepEqual(await gate(page, 'chapter'), open(text), 'the inner gate is open too: not blurred, not inert, no card');
  await page.focus('#chapter-link');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'chapter-link', 'its link takes the focus');
  assert.equal(await hosts(page), 0);

  await load(page);
  assert.deepEqual(await gate(page, 'chapter'), open(text), 'still open after a reload');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('gated content the page renders again, or loads more of, stays locked with one card; contact data then opens it all, no card left behind', async () => {
  const page = await openPage(env.browser);
  await load(page, '/gates/');
  assert.equal(await hosts(page), 3, 'cards of #members, #notes and #report');
  // The page's own code: a framework renders #notes again (a new element), more of the report arrives.
  await page.evaluate(() => {
    const fresh = document.createElement('div');
    fresh.id = 'notes';
    fresh.setAttribute('data-leadscore-gate', 'chapter');
    fresh.setAttribute('data-leadscore-content', 'notes');
    fresh.innerHTML = '<p>Notes, second render.</p>';
    /** @type {HTMLElement} */ (document.getElementById('notes')).replaceWith(fresh);
    const late = document.createElement('p');
    late.id = 'late';
    late.textContent = 'Report, part 2.';
    /** @type {HTMLElement} */ (document.getElementById('report')).append(late);
  });
  await page.waitForFunction(() => document.getElementById('notes')?.hasAttribute('inert'));
  const notes = await gate(page, 'notes');
  assert.deepEqual([notes.inert, notes.blurred, notes.card, notes.cards], [true, true, 'This content is locked.', 1]);
  assert.equal(await hosts(page), 3, 'the card of the replaced element went with it');
  assert.equal(await page.locator('#late').count(), 0, 'the part loaded later is locked away with the rest');

  await page.evaluate(() => LeadScore.identify({ email: 'an@northwind.example' }));
  await page.waitForFunction(() => !document.getElementById('notes')?.hasAttribute('inert'));
  assert.deepEqual(await gate(page, 'notes'), open('Notes, second render.'));
  assert.deepEqual(await gate(page, 'report'), open('Report, part 1.Report, part 2.'), 'the report in its order');
  assert.equal(await hosts(page), 0, 'no card left on the page');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('metered: two articles opened at the same moment (tabs opened together) both stay readable on that page view, not locked under the reader when the tabs take over each other\'s profile; the allowance holds on the next view', async () => {
  const a = await openPage(env.browser);
  const b = watch(await a.context().newPage());
  await Promise.all([load(a, '/blog/lead-scoring-101'), load(b, '/blog/scoring-decay')]);
  assert.deepEqual([(await gate(a, 'article-body')).shown, (await gate(b, 'article-body')).shown], [true, true]);
  // Each stores its profile within a second; the other takes it over (its own view counted after).
  await until(() => Promise.all([a, b].map((p) => p.evaluate(() => LeadScore.state().page_views))).then((n) => n.every((v) => v === 2)),
    'each tab has taken over the other\'s page view');
  await a.waitForTimeout(300);
  assert.deepEqual([(await gate(a, 'article-body')).shown, (await gate(b, 'article-body')).shown], [true, true],
    'neither article locked while it is read');
  // One of them was over the allowance: a new view of it asks.
  const views = await Promise.all([load(a), load(b)]);
  const shown = [(await gate(a, 'article-body')).shown, (await gate(b, 'article-body')).shown];
  assert.deepEqual(shown.sort(), [false, true], JSON.stringify(views.map((v) => v.unlocked)));
  assert.deepEqual([...a.problems(), ...b.problems()], []);
  await a.context().close();
});

test('a blurred gate on a wrapper with no box of its own (display: contents) is hidden, not shown crisp under a filter that blurs nothing; on unlock it is a wrapper again', async () => {
  const page = await openPage(env.browser);
  await load(page, '/gates/wrappers.html');
  const plans = () => page.evaluate(() => {
    const el = /** @type {HTMLElement} */ (document.getElementById('plans'));
    const card = el.previousElementSibling?.shadowRoot?.querySelector('.gate .d')?.textContent ?? null;
    return { textShown: /** @type {HTMLElement} */ (el.firstElementChild).getClientRects().length > 0, display: getComputedStyle(el).display, card };
  });
  assert.deepEqual(await plans(), { textShown: false, display: 'none', card: 'This content is locked.' });
  await page.evaluate(() => LeadScore.identify({ email: 'an@northwind.example' }));
  await until(async () => (await plans()).textShown, 'shown on unlock');
  assert.deepEqual(await plans(), { textShown: true, display: 'contents', card: null });
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a gate still locked inside a removed gate that unlocks is locked as its content comes back, not shown for a frame', async () => {
  const page = await openPage(env.browser);
  await load(page, '/gates/wrappers.html');
  assert.equal(await page.locator('#account-notes').count(), 0, 'out of the DOM with the accounts');
  const frames = await page.evaluate(async () => {
    LeadScore.identify({ email: 'an@northwind.example' });
    /** @type {string[]} */
    const seen = [];
    for (let k = 0; k < 4; k++) {
      await new Promise(requestAnimationFrame);
      const el = document.getElementById('account-notes');
      seen.push(el ? `${el.inert} ${getComputedStyle(el).filter}` : 'none');
    }
    return seen;
  });
  assert.deepEqual(frames, Array(4).fill('true blur(6px)'), 'inert and blurred from the first frame it is in');
  await page.evaluate(() => LeadScore.identify({ company: 'Northwind' }));
  await page.waitForFunction(() => !document.getElementById('account-notes')?.inert);
  assert.deepEqual(await gate(page, 'account-notes'), open('Notes on your account. The checklist'));
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a locked removed gate whose content the page replaces (innerHTML: a refresh, an htmx swap) keeps its card and takes the new content out; on unlock it shows the new content alone', async () => {
  const page = await openPage(env.browser);
  await load(page, '/gates/wrappers.html');
  assert.deepEqual([(await gate(page, 'feed')).text, (await gate(page, 'feed')).card], ['', 'This content is locked.']);
  await page.evaluate(() => {
    /** @type {HTMLElement} */ (document.getElementById('feed')).innerHTML = '<p>Feed, second load.</p>';
    /** @type {HTMLElement} */ (document.getElementById('log')).innerHTML += '<p>Log, second entry.</p>'; // added to, not replaced
  });
  await until(async () => (await gate(page, 'feed')).text === '' && (await gate(page, 'log')).text === '', 'the new content taken out');
  const feed = await gate(page, 'feed');
  assert.deepEqual([feed.card, feed.cards], ['This content is locked.', 1]);
  assert.deepEqual([(await gate(page, 'log')).card, (await gate(page, 'log')).cards], ['This content is locked.', 1]);
  await page.evaluate(() => LeadScore.identify({ email: 'an@northwind.example' }));
  await until(async () => (await gate(page, 'feed')).card === null, 'opened');
  assert.deepEqual(await gate(page, 'feed'), open('Feed, second load.'));
  assert.deepEqual(await gate(page, 'log'), open('Log, first entry.Log, second entry.'));
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('metered on a hash-router app: each route is its own article (/#/blog/a free, /#/blog/b asks), its own query aside', async () => {
  const page = await openPage(env.browser);
  await load(page, '/');
  /** The app renders the view of `route`: a new article element, gated by the metered gate. @param {string} route */
  const show = (route) => page.evaluate((route) => {
    location.hash = route;
    document.getElementById('article')?.remove();
    const el = document.body.appendChild(document.createElement('div'));
    el.id = 'article';
    el.setAttribute('data-leadscore-gate', 'articles');
    el.textContent = `Article ${route}`;
  }, route);
  /** Whether the article shows, once the route's page view (the `views`-th) is taken. @param {number} views */
  const shown = async (views) => {
    await page.waitForFunction((n) => LeadScore.state().page_views === n, views);
    return (await gate(page, 'article')).shown;
  };
  await show('#/blog/a?ref=nav');
  assert.equal(await shown(2), true, 'the first article is free');
  await show('#/blog/a?ref=footer');
  assert.equal(await shown(3), true, 'the same article (its route\'s own query aside) stays free');
  await show('#/blog/b');
  assert.equal(await shown(4), false, 'the second article asks');
  assert.deepEqual(await page.evaluate(() => LeadScore.state().unlocked), []);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('metered: a path spelled with other percent escapes (/blog/caf%C3%A9-au-lait, /blog/caf%c3%a9%2Dau-lait) is the page the core says it is, not another article', async () => {
  const page = await openPage(env.browser);
  await load(page, '/');
  /** The app goes to `path` and renders its article, gated by the metered gate. @param {string} path */
  const show = (path) => page.evaluate((path) => {
    history.pushState(null, '', path);
    document.getElementById('article')?.remove();
    const el = document.body.appendChild(document.createElement('div'));
    el.id = 'article';
    el.setAttribute('data-leadscore-gate', 'articles');
    el.textContent = `Article ${path}`;
  }, path);
  /** Whether the article shows, once the path's page view (the `views`-th) is taken. @param {number} views */
  const shown = async (views) => {
    await page.waitForFunction((n) => LeadScore.state().page_views === n, views);
    return (await gate(page, 'article')).shown;
  };
  await show('/blog/caf%C3%A9-au-lait');
  assert.equal(await shown(2), true, 'the first article is free');
  await show('/blog/caf%c3%a9%2Dau-lait');
  assert.equal(await shown(3), true, 'the same article, its escapes spelled otherwise, stays free');
  await show('/blog/th%C3%A9');
  assert.equal(await shown(4), false, 'the second article asks');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('data-leadscore-locked holding something else ("yes", "null", another JSON, as a CMS or the page\'s own script may write it): each gate still locks, no error, and opens on contact data', async () => {
  const page = await openPage(env.browser);
  await recordEvents(page);
  await load(page, '/gates/tampered');
  const guide = await gate(page, 'guide');
  assert.deepEqual([guide.text, guide.card, guide.cards], ['', 'This content is locked.', 1], 'remove: the content is out of the DOM');
  for (const id of ['chapter', 'extra']) {
    const locked = await gate(page, id);
    assert.deepEqual([locked.inert, locked.ariaHidden, locked.blurred, locked.card, locked.cards], [true, 'true', true, 'This content is locked.', 1], `${id}: blurred`);
  }
  await page.evaluate(() => LeadScore.identify({ email: 'an@northwind.example' }));
  await page.waitForSelector('#guide p');
  assert.deepEqual(await gate(page, 'guide'), open("The members' guide."));
  assert.deepEqual(await gate(page, 'chapter'), open('Chapter 2, for members.'));
  assert.deepEqual(await gate(page, 'extra'), open('Extra notes.'));
  assert.deepEqual((await recorded(page)).errors, [], 'no error reported');
  assert.deepEqual([page.problems(), page.warnings()], [[], []]);
  await page.context().close();
});

/**
 * Opens /gates/styled: `body` in a <main>, `css` in a <style> of its own, the
 * widget with the config of /gates/ and a `hidden` gate (mode hide, unlocked
 * by contact data) beside its `chapter` (blur) and `members` (remove); `edit` changes that config.
 * @param {import('playwright-core').Page} page @param {string} css @param {string} body @param {(config: any) => void} [edit]
 */
async function styledPage(page, css, body, edit = (/** @type {any} */ _config) => {}) {
  const config = JSON.parse(readFileSync(new URL('./site/gates/leadscore.json', import.meta.url), 'utf8'));
  config.gates.push({ id: 'hidden', unlock: { known: true }, mode: 'hide' });
  edit(config);
  await page.route('**/gates/leadscore.json', (r) => r.fulfill({ contentType: 'application/json', body: JSON.stringify(config) }));
  await page.route('**/gates/styled', (r) => r.fulfill({
    contentType: 'text/html; charset=utf-8',
    body: `<!doctype html><html lang="en"><link rel="icon" href="/favicon.svg"><style>${css}</style><script src="/leadscore/leadscore.js" data-config="/gates/leadscore.json" defer></script><main>${body}</main>`,
  }));
  await load(page, '/gates/styled');
}

/** Each element's inline declarations, sorted, with their priority. @param {import('playwright-core').Page} page @param {string[]} ids */
const inlineStyles = (page, ids) => page.evaluate((ids) => ids.map((id) => {
  const { style } = /** @type {HTMLElement} */ (document.getElementById(id));
  return [...style].map((p) => `${p}: ${style.getPropertyValue(p)}${style.getPropertyPriority(p) ? ' !important' : ''}`).sort().join('; ');
}), ids);

/** The visitor gives their email: every gate of /gates/styled unlocks. @param {import('playwright-core').Page} page */
async function unlockAll(page) {
  await page.evaluate(() => LeadScore.identify({ email: 'an@northwind.example' }));
  await page.waitForFunction(() => !document.querySelector('[data-leadscore-locked]'));
}

test('on unlock the page\'s own inline style is back as it wrote it, !important kept (blur, hide); what the page restyled while it was locked stays as the page set it', async () => {
  const page = await openPage(env.browser);
  await styledPage(page, '',
    '<div id="grid" data-leadscore-gate="chapter" style="display:grid !important; color:red; filter:saturate(2) !important; user-select:text !important"><p>A grid.</p></div>' +
    '<div id="flex" data-leadscore-gate="hidden" style="display:flex !important; color:red"><p>A row.</p></div>' +
    '<div id="restyled" data-leadscore-gate="chapter" data-leadscore-content="restyled" style="color:red"><p>Restyled.</p></div>');
  const styles = () => inlineStyles(page, ['grid', 'flex', 'restyled']);
  assert.deepEqual([(await gate(page, 'grid')).blurred, (await gate(page, 'flex')).shown, (await gate(page, 'restyled')).blurred], [true, false, true], 'locked');
  // The page's own code restyles two of them while they are locked.
  await page.evaluate(() => {
    const el = /** @type {HTMLElement} */ (document.getElementById('restyled'));
    el.style.color = 'blue';
    el.style.setProperty('display', 'flex', 'important');
    /** @type {HTMLElement} */ (document.getElementById('flex')).style.color = 'green';
  });
  await unlockAll(page);
  assert.deepEqual(await styles(), [
    'color: red; display: grid !important; filter: saturate(2) !important; user-select: text !important',
    'color: green; display: flex !important',
    'color: blue; display: flex !important',
  ]);
  assert.deepEqual(await page.evaluate(() => ['grid', 'flex', 'restyled'].map((id) => getComputedStyle(/** @type {Element} */ (document.getElementById(id))).display)), ['grid', 'flex', 'flex']);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a locked gate stays locked under the page\'s own !important rules (filter: none on a blurred one, in a cascade layer too; display on a hidden one); once it unlocks, the page\'s rules apply', async () => {
  const page = await openPage(env.browser);
  await styledPage(page,
    '#plain { filter: none !important; user-select: text !important } @layer site { #layered { filter: none !important } } #row { display: flex !important }',
    '<div id="plain" data-leadscore-gate="chapter" data-leadscore-content="plain"><p>Plain.</p></div>' +
    '<div id="layered" data-leadscore-gate="chapter" data-leadscore-content="layered"><p>Layered.</p></div>' +
    '<div id="row" data-leadscore-gate="hidden"><p>A row.</p></div>');
  /** Blurred, not selectable; blurred; not rendered. */
  const locked = async () => [
    (await gate(page, 'plain')).blurred, await page.evaluate(() => getComputedStyle(/** @type {Element} */ (document.getElementById('plain'))).userSelect),
    (await gate(page, 'layered')).blurred, (await gate(page, 'row')).shown,
  ];
  assert.deepEqual(await locked(), [true, 'none', true, false]);
  await unlockAll(page);
  assert.deepEqual(await locked(), [false, 'text', false, true]);
  assert.equal(await page.evaluate(() => getComputedStyle(/** @type {Element} */ (document.getElementById('row'))).display), 'flex');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('the page\'s own script restyling a locked gate (style.filter = \'none\'; display set, with !important or without) does not show it, not even for a frame; once it unlocks, what the page set is what it has', async () => {
  const page = await openPage(env.browser);
  await styledPage(page, '',
    '<div id="blurred" data-leadscore-gate="chapter" data-leadscore-content="blurred" style="color:red"><p>Blurred.</p></div>' +
    '<div id="important" data-leadscore-gate="hidden" data-leadscore-content="important"><p>Hidden.</p></div>' +
    '<div id="plain" data-leadscore-gate="hidden" data-leadscore-content="plain" style="display:grid"><p>Hidden too.</p></div>');
  // What the next frame shows, right after the page's code changes the styles.
  const after = await page.evaluate(async () => {
    const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
    $('blurred').style.filter = 'none';
    $('important').style.setProperty('display', 'block', 'important');
    $('plain').style.display = 'block';
    $('plain').style.color = 'green';
    await new Promise(requestAnimationFrame);
    return [getComputedStyle($('blurred')).filter, $('important').getClientRects().length, $('plain').getClientRects().length];
  });
  assert.deepEqual(after, ['blur(6px)', 0, 0], 'still locked');
  // And again: the page sets it once more, or takes its style attribute off.
  const again = await page.evaluate(async () => {
    const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
    $('blurred').style.filter = 'none';
    $('important').removeAttribute('style');
    await new Promise(requestAnimationFrame);
    return [getComputedStyle($('blurred')).filter, $('important').getClientRects().length];
  });
  assert.deepEqual(again, ['blur(6px)', 0], 'still locked');
  await unlockAll(page);
  assert.deepEqual(await inlineStyles(page, ['blurred', 'important', 'plain']), ['color: red; filter: none', '', 'color: green; display: block']);
  assert.deepEqual([(await gate(page, 'blurred')).blurred, (await gate(page, 'important')).shown, (await gate(page, 'plain')).shown], [false, true, true]);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a page whose stylesheet transitions filter and display (transition: filter 3s, display 3s allow-discrete) has its gates locked at once, not blurred or hidden over 3 s in sight; as locked gates added later; once unlocked, its transitions are its own again', async () => {
  const page = await openPage(env.browser);
  await styledPage(page, '.faded { transition: filter 3s linear, display 3s allow-discrete }',
    '<div id="blurred" class="faded" data-leadscore-gate="chapter" data-leadscore-content="blurred"><p>Blurred.</p></div>' +
    '<div id="row" class="faded" data-leadscore-gate="hidden"><p>A row.</p></div>');
  /** The filter it is drawn with, and whether it is rendered. */
  const drawn = (/** @type {string[]} */ ids) => page.evaluate((ids) => ids.map((id) => {
    const el = /** @type {Element} */ (document.getElementById(id));
    return [getComputedStyle(el).filter, el.getClientRects().length > 0];
  }), ids);
  assert.deepEqual(await drawn(['blurred', 'row']), [['blur(6px)', true], ['none', false]]);
  // Two more the page adds once the widget runs.
  await page.evaluate(() => document.querySelector('main')?.insertAdjacentHTML('beforeend',
    '<div id="later" class="faded" data-leadscore-gate="chapter" data-leadscore-content="later"><p>Later.</p></div>' +
    '<div id="later-row" class="faded" data-leadscore-gate="hidden" data-leadscore-content="later-row"><p>Later row.</p></div>'));
  await page.waitForFunction(() => document.querySelectorAll('[data-leadscore-locked]').length == 4);
  assert.deepEqual(await page.evaluate(() => new Promise(requestAnimationFrame)).then(() => drawn(['later', 'later-row'])), [['blur(6px)', true], ['none', false]]);
  await unlockAll(page);
  assert.deepEqual(await page.evaluate(() => ['blurred', 'row', 'later', 'later-row'].map((id) => {
    const el = /** @type {HTMLElement} */ (document.getElementById(id));
    return [el.getAttribute('style'), getComputedStyle(el).transitionProperty];
  })), Array(4).fill([null, 'filter, display']));
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a copy of a locked element that an older widget left (its data-leadscore-locked without the transition it now keeps, as a page\'s stored snapshot may hold it): locked once, and on unlock back as the page wrote it, not blurred for good', async () => {
  const page = await openPage(env.browser);
  const old = (/** @type {string} */ saved) => `data-leadscore-locked='{"inert":false,"hidden":null,"style":true,${saved}}'`;
  await styledPage(page, '',
    `<div id="blurred" data-leadscore-gate="chapter" data-leadscore-content="blurred" inert aria-hidden="true" style="color:red; filter:blur(6px) !important; user-select:none !important" ${old('"filter":" !","select":" !","display":" !"')}><p>Blurred.</p></div>` +
    `<div id="row" data-leadscore-gate="hidden" style="color:red; display:none !important" ${old('"filter":" !","select":" !","display":"flex !"')}><p>A row.</p></div>`);
  assert.deepEqual([(await gate(page, 'blurred')).cards, (await gate(page, 'blurred')).blurred, (await gate(page, 'row')).cards, (await gate(page, 'row')).shown], [1, true, 1, false], 'locked');
  await unlockAll(page);
  assert.deepEqual([await gate(page, 'blurred'), await gate(page, 'row')], [open('Blurred.'), open('A row.')]);
  assert.deepEqual(await inlineStyles(page, ['blurred', 'row']), ['color: red', 'color: red; display: flex']);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a page whose own script sets its style back whenever it changes (a MutationObserver of its own on a locked gate) keeps working: the lock gives way after a few tries, says so once, and the gate stays locked otherwise (inert, its card)', { timeout: 60_000 }, async () => {
  const page = await openPage(env.browser);
  await recordEvents(page);
  await styledPage(page, '',
    '<div id="fought" data-leadscore-gate="chapter" data-leadscore-content="fought"><p>Fought over.</p></div>' +
    '<script>{ const el = document.getElementById("fought"); new MutationObserver(() => { if (el.style.filter != "none") el.style.setProperty("filter", "none", "important"); }).observe(el, { attributes: true, attributeFilter: ["style"] }); }</script>');
  // The page still answers (no endless ping-pong of the two observers).
  assert.equal(await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => ok(1)))), 1);
  const g = await gate(page, 'fought');
  assert.deepEqual([g.inert, g.ariaHidden, g.blurred, g.cards], [true, 'true', false, 1]);
  assert.deepEqual((await recorded(page)).errors, ['leadscore.gate.style']);
  await page.context().close();
});

test('an element the page wrote without a style attribute has none again once its gate unlocks (blur, hide; as a page diffing its DOM sees it), nor one whose style attribute the page took off while it was locked; one written with style="" keeps it', async () => {
  const page = await openPage(env.browser);
  await styledPage(page, '',
    '<div id="blurred" data-leadscore-gate="chapter" data-leadscore-content="blurred"><p>Blurred.</p></div>' +
    '<div id="hidden" data-leadscore-gate="hidden"><p>Hidden.</p></div>' +
    '<div id="empty" data-leadscore-gate="chapter" data-leadscore-content="empty" style=""><p>Empty style.</p></div>' +
    '<div id="taken" data-leadscore-gate="hidden" data-leadscore-content="taken" style="color:red"><p>Taken off.</p></div>');
  const ids = ['blurred', 'hidden', 'empty', 'taken'];
  const attrs = () => page.evaluate((ids) => ids.map((id) => document.getElementById(id)?.getAttribute('style') ?? null), ids);
  assert.deepEqual([(await gate(page, 'blurred')).blurred, (await gate(page, 'hidden')).shown, (await gate(page, 'taken')).shown], [true, false, false], 'locked');
  // The page's own script takes the style attribute off one while it is locked.
  assert.equal(await page.evaluate(async () => {
    document.getElementById('taken')?.removeAttribute('style');
    await new Promise(requestAnimationFrame);
    return document.getElementById('taken')?.getClientRects().length;
  }), 0, 'still locked');
  await unlockAll(page);
  assert.deepEqual(await attrs(), [null, null, '', null]);
  assert.equal(await page.evaluate(() => getComputedStyle(/** @type {Element} */ (document.getElementById('taken'))).color), 'rgb(0, 0, 0)');
  assert.deepEqual(await gate(page, 'blurred'), open('Blurred.'));
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

// Before the widget has decided its gates (the bundle and the wasm still on
// their way, seconds on a slow phone), gated content is hidden, not shown and
// then blurred under the reader: the loader hides [data-leadscore-gate] until
// the widget marks <html data-leadscore-ready>. The wasm is held back here
// (Playwright's route) instead of a slow network.

/**
 * Holds back the widget's wasm on `page`: `asked` resolves once the page has
 * asked for it, `release(answer)` lets it through (or answers `answer`, e.g.
 * a 404, instead).
 * @param {import('playwright-core').Page} page
 */
async function holdWasm(page) {
  /** @type {(answer?: {status: number}) => void} */
  let release = () => {};
  const released = new Promise((ok) => (release = ok));
  await page.route('**/leadscore/leadscore.wasm', async (route) => {
    const answer = await released;
    await (answer ? route.fulfill(answer) : route.continue());
  });
  return { release, asked: page.waitForRequest('**/leadscore/leadscore.wasm') };
}

/**
 * Whether the reader sees each element (CSS visibility counted), and that it
 * is in the DOM with its text and its room in the layout.
 * @param {import('playwright-core').Page} page @param {string[]} ids
 */
function seen(page, ids) {
  return page.evaluate((ids) => ids.map((id) => {
    const el = /** @type {HTMLElement} */ (document.getElementById(id));
    return [id, el.checkVisibility({ visibilityProperty: true }), getComputedStyle(el).visibility, el.getBoundingClientRect().height > 0, !!el.textContent?.trim()];
  }), ids);
}
const visible = (/** @type {string} */ id) => [id, true, 'visible', true, true];
const undecided = (/** @type {string} */ id) => [id, false, 'hidden', true, true];

test('while the widget is still loading, gated content is hidden (in the DOM, its room kept), the rest of the page shown; then the locked gate locks and the free one shows; no CSP violation under style-src \'self\'', async () => {
  env.server.setHeaders(() => ({ 'Content-Security-Policy': `${STRICT_CSP}; style-src 'self'` }));
  const page = await openPage(env.browser);
  try {
    await page.addInitScript(() => {
      const w = /** @type {any} */ (window);
      w.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.effectiveDirective} ${e.blockedURI}`));
    });
    const wasm = await holdWasm(page);
    const response = await page.goto(`${env.server.url}/blog/lead-scoring-101`, { waitUntil: 'domcontentloaded' });
    assert.equal(response?.headers()['content-security-policy'], `${STRICT_CSP}; style-src 'self'`);
    await wasm.asked;
    assert.deepEqual(await seen(page, ['article-body', 'premium', 'newsletter']), [undecided('article-body'), undecided('premium'), visible('newsletter')]);
    assert.equal(await page.evaluate(() => document.querySelector('h1')?.checkVisibility({ visibilityProperty: true })), true);

    wasm.release();
    assert.equal((await waitForInit(page)).ok, true);
    assert.deepEqual(await seen(page, ['article-body']), [visible('article-body')], 'the first article is free');
    const premium = await gate(page, 'premium');
    assert.deepEqual([premium.inert, premium.blurred, premium.card], [true, true, 'Members read on'], 'the premium section locked as before');
    assert.deepEqual(await page.evaluate(() => /** @type {any} */ (window).__csp), []);
    assert.deepEqual(page.problems(), []);
  } finally {
    env.server.setHeaders(null);
    await page.context().close();
  }
});

test('Do Not Track with respect_dnt: gated content hidden while the widget loads, then shown (gates stay open)', async () => {
  const page = await openPage(env.browser);
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'doNotTrack', { get: () => '1' }));
  const wasm = await holdWasm(page);
  await page.goto(`${env.server.url}/dnt/`, { waitUntil: 'domcontentloaded' });
  await wasm.asked;
  assert.deepEqual(await seen(page, ['members']), [undecided('members')]);
  wasm.release();
  const r = await waitForInit(page);
  assert.deepEqual([r.ok, r.state], [true, null], 'Do Not Track in force');
  assert.deepEqual(await seen(page, ['members']), [visible('members')]);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a widget that never arrives (its wasm request stalls, neither answered nor failed): gated content is shown after 8 seconds rather than kept hidden; when the widget does start, it locks what is locked', async () => {
  const page = await openPage(env.browser);
  const wasm = await holdWasm(page);
  await page.goto(`${env.server.url}/blog/lead-scoring-101`, { waitUntil: 'domcontentloaded' });
  await wasm.asked;
  const asked = Date.now();
  assert.deepEqual(await seen(page, ['article-body', 'premium']), [undecided('article-body'), undecided('premium')]);
  await until(async () => (await seen(page, ['premium']))[0][1], 'the gated content shown', 15000);
  assert.ok(Date.now() - asked >= 6000, 'not before about 8 seconds');
  assert.deepEqual(await seen(page, ['article-body', 'premium']), [visible('article-body'), visible('premium')]);
  wasm.release();
  assert.equal((await waitForInit(page)).ok, true);
  const premium = await gate(page, 'premium');
  assert.deepEqual([premium.inert, premium.blurred, premium.card], [true, true, 'Members read on']);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a router that sets <html>\'s attributes to the next page\'s (Astro\'s view transitions remove every one the new page lacks) and swaps <body>: the open gate on the new page is shown, the locked one locked', async () => {
  const page = await openPage(env.browser);
  await page.goto(`${env.server.url}/blog/lead-scoring-101`);
  assert.equal((await waitForInit(page)).ok, true);
  assert.deepEqual(await seen(page, ['article-body']), [visible('article-body')], 'the first article is free');
  await page.evaluate(() => {
    const html = document.documentElement;
    for (const a of [...html.attributes]) html.removeAttribute(a.name);
    html.setAttribute('lang', 'en');
    const body = document.createElement('body');
    body.innerHTML = '<main><h1>Lead scoring 101, part two</h1><div data-leadscore-gate="articles" id="article-body"><p>The rest of the free article.</p></div>' +
      '<section data-leadscore-gate="premium" data-leadscore-content="lead-scoring-101-deep-dive" id="premium"><p>The deep dive.</p></section></main>';
    document.body.replaceWith(body);
  });
  await until(async () => (await gate(page, 'premium')).card === 'Members read on', 'the premium section locked on the new page');
  assert.deepEqual(await seen(page, ['article-body']), [visible('article-body')], 'the free article shown on the new page');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a loader without data-config hides nothing until the page calls init(); from then until the widget decides, gated content is hidden', async () => {
  const page = await openPage(env.browser);
  // The blog post, its script tag without data-config: the page starts the widget itself.
  await page.route('**/blog/lead-scoring-101', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: (await response.text()).replace(' data-config="/leadscore.json"', '') });
  });
  const wasm = await holdWasm(page);
  await page.goto(`${env.server.url}/blog/lead-scoring-101`);
  await page.evaluate(() => new Promise((ok) => requestIdleCallback(ok)));
  assert.deepEqual(await seen(page, ['article-body', 'premium']), [visible('article-body'), visible('premium')]);

  // The page's own constructed stylesheet stays (the loader's rule is added beside it).
  await page.evaluate(() => {
    const own = new CSSStyleSheet();
    own.replaceSync('h1 { letter-spacing: 3px }');
    document.adoptedStyleSheets = [own];
    void LeadScore.init({ config: '/leadscore.json' });
  });
  await wasm.asked;
  assert.deepEqual(await seen(page, ['article-body', 'premium']), [undecided('article-body'), undecided('premium')]);
  assert.equal(await page.evaluate(() => getComputedStyle(/** @type {Element} */ (document.querySelector('h1'))).letterSpacing), '3px');
  wasm.release();
  assert.equal((await waitForInit(page)).ok, true);
  assert.deepEqual(await seen(page, ['article-body']), [visible('article-body')]);
  assert.equal((await gate(page, 'premium')).inert, true);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a gate inside a web component\'s open shadow root, rendered before the widget starts, is hidden while the widget loads as one in the page is (the rest of the component shown); then locked', async () => {
  const page = await openPage(env.browser);
  const wasm = await holdWasm(page);
  await page.goto(`${env.server.url}/components/`, { waitUntil: 'domcontentloaded' });
  await wasm.asked;
  /** The gated section in <tour-card>'s shadow root and the heading beside it, as `seen` gives them. */
  const card = () => page.evaluate(() => ['deep', 'h2'].map((sel) => {
    const el = /** @type {HTMLElement} */ (document.getElementById('card')?.shadowRoot?.querySelector(sel === 'deep' ? '#deep' : sel));
    return [sel, el.checkVisibility({ visibilityProperty: true }), getComputedStyle(el).visibility, el.getBoundingClientRect().height > 0, !!el.textContent?.trim()];
  }));
  assert.deepEqual(await card(), [undecided('deep'), visible('h2')]);
  wasm.release();
  assert.equal((await waitForInit(page)).ok, true);
  assert.deepEqual(await card(), [visible('deep'), visible('h2')], 'no longer hidden by the loader: blurred by the widget');
  assert.deepEqual(await page.evaluate(() => {
    const el = /** @type {HTMLElement} */ (document.getElementById('card')?.shadowRoot?.getElementById('deep'));
    return [el.inert, getComputedStyle(el).filter];
  }), [true, 'blur(6px)']);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a remove gate on an element whose children are not drawn (an <img>, a <textarea>, a <video>, a component that renders its own shadow root) hides it instead, its card before it, the textarea\'s text kept; on unlock each is back as it was', async () => {
  const page = await openPage(env.browser);
  await styledPage(page, '', `<img id="pic" data-leadscore-gate="members" src="/favicon.svg" width="40" height="40" alt="Chart">
<textarea id="draft" data-leadscore-gate="members">The full draft</textarea>
<video id="clip" data-leadscore-gate="members" width="80" height="40"></video>
<premium-report id="report" data-leadscore-gate="members"></premium-report>
<div id="panel" hidden><img id="later" data-leadscore-gate="members" src="/favicon.svg" width="40" height="40" alt="Chart, in a closed tab panel"></div>
<script>customElements.define('premium-report', class extends HTMLElement {
  constructor() { super(); this.attachShadow({ mode: 'open' }).innerHTML = '<p>The whole report</p>'; }
});</script>`);
  const ids = ['pic', 'draft', 'clip', 'report'];
  const looks = () => page.evaluate((ids) => ids.map((id) => {
    const el = /** @type {any} */ (document.getElementById(id));
    const card = !!el.previousElementSibling?.matches('[data-leadscore-ui]') && el.previousElementSibling.getClientRects().length > 0;
    return [id, el.getClientRects().length > 0, card, id == 'draft' ? el.value : ''];
  }), ids);
  assert.deepEqual(await looks(), ids.map((id) => [id, false, true, id == 'draft' ? 'The full draft' : '']));
  // One locked while out of the layout (a closed tab panel), then shown: hidden too.
  await page.evaluate(() => { /** @type {HTMLElement} */ (document.getElementById('panel')).hidden = false; });
  assert.deepEqual((await page.evaluate(() => {
    const el = /** @type {HTMLElement} */ (document.getElementById('later'));
    return [el.getClientRects().length > 0, !!el.previousElementSibling?.matches('[data-leadscore-ui]') && el.previousElementSibling.getClientRects().length > 0];
  })), [false, true], 'the image in the panel shown: still hidden, its card before it');
  await unlockAll(page);
  assert.deepEqual(await looks(), ids.map((id) => [id, true, false, id == 'draft' ? 'The full draft' : '']));
  assert.deepEqual(await inlineStyles(page, ids), ['', '', '', '']);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('audio and video in locked content (blurred, hidden) are not heard: paused as the gate locks, and when the page\'s script or autoplay starts them; once unlocked they play', async () => {
  const page = await openPage(env.browser);
  await styledPage(page, '', `<button id="play">Play all</button>
<section id="talk" data-leadscore-gate="chapter"><h2>The talk</h2><audio id="a1" loop></audio></section>
<section id="clips" data-leadscore-gate="hidden"><video id="v1" loop muted></video></section>
<script>
  // One second of silence, as a WAV file.
  const rate = 8000, n = rate, b = new DataView(new ArrayBuffer(44 + n));
  [...'RIFF'].forEach((c, i) => b.setUint8(i, c.charCodeAt(0))); b.setUint32(4, 36 + n, true);
  [...'WAVEfmt '].forEach((c, i) => b.setUint8(8 + i, c.charCodeAt(0)));
  b.setUint32(16, 16, true); b.setUint16(20, 1, true); b.setUint16(22, 1, true); b.setUint32(24, rate, true); b.setUint32(28, rate, true);
  b.setUint16(32, 1, true); b.setUint16(34, 8, true); [...'data'].forEach((c, i) => b.setUint8(36 + i, c.charCodeAt(0))); b.setUint32(40, n, true);
  for (let i = 0; i < n; i++) b.setUint8(44 + i, 128);
  window.wav = URL.createObjectURL(new Blob([b], { type: 'audio/wav' }));
  for (const m of document.querySelectorAll('audio,video')) m.src = wav;
  document.getElementById('play').onclick = () => document.querySelectorAll('audio,video').forEach((m) => m.play().catch(() => {}));
</script>`);
  const paused = () => page.evaluate(() => [...document.querySelectorAll('audio,video')].map((m) => /** @type {HTMLMediaElement} */ (m).paused));
  await page.click('#play');
  await page.waitForTimeout(300);
  assert.deepEqual(await paused(), [true, true], 'started by the page: paused at once');
  // Rendered later into locked content, autoplaying.
  await page.evaluate(() => {
    const a = document.createElement('audio');
    a.autoplay = true;
    a.muted = true;
    a.src = /** @type {any} */ (window).wav;
    document.getElementById('talk')?.append(a);
  });
  await page.waitForTimeout(500);
  assert.deepEqual(await paused(), [true, true, true], 'autoplay in locked content: paused');
  await unlockAll(page);
  await page.click('#play');
  await page.waitForFunction(() => [...document.querySelectorAll('audio,video')].every((m) => !(/** @type {HTMLMediaElement} */ (m)).paused));
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a blurred gate whose inert and aria-hidden the page\'s own modal takes off as it closes (it set them on every child of <main>) stays out of reach: inert and hidden from screen readers again; on unlock neither is left', async () => {
  const page = await openPage(env.browser);
  await styledPage(page, '', `<p><a id="before" href="#x">Before</a></p><section id="deep" data-leadscore-gate="chapter"><a id="inside" href="/secret">The secret link</a></section>`);
  await page.evaluate(() => {
    // The menu opens: the page makes everything else inert and hidden; then it closes.
    for (const el of document.querySelectorAll('main > *')) {
      el.setAttribute('inert', '');
      el.setAttribute('aria-hidden', 'true');
    }
    for (const el of document.querySelectorAll('main > *')) {
      el.removeAttribute('inert');
      el.removeAttribute('aria-hidden');
    }
  });
  await page.evaluate(() => new Promise(requestAnimationFrame));
  const deep = await gate(page, 'deep');
  assert.deepEqual([deep.inert, deep.ariaHidden, deep.blurred], [true, 'true', true]);
  await page.focus('#before');
  await page.keyboard.press('Tab');
  assert.notEqual(await page.evaluate(() => document.activeElement?.id), 'inside', 'the locked link is not in the tab order');
  await unlockAll(page);
  assert.deepEqual(await gate(page, 'deep'), open('The secret link'));
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('an inline offer\'s slot in locked content (a blurred gate around it, a remove gate that is the slot itself) holds no offer while locked: none viewed, the page left still; once unlocked the offer comes into it and is viewed', async () => {
  const page = await openPage(env.browser);
  await styledPage(page, '', `<section id="deep" data-leadscore-gate="chapter"><p>Chapter two</p><div data-leadscore-slot="inside"></div></section>
<div id="members" data-leadscore-gate="members" data-leadscore-slot="members-slot"><p>Members only</p></div>`, (config) => {
    config.offers = [
      { id: 'inside-offer', type: 'ebook', placement: 'inline', slot: 'inside', content: { title: 'The checklist', cta: 'Get it', url: '/c' } },
      { id: 'members-offer', type: 'template', placement: 'inline', slot: 'members-slot', content: { title: 'The templates', cta: 'Get them', url: '/t' } },
    ];
  });
  const changes = await page.evaluate(() => new Promise((ok) => {
    let n = 0;
    const mo = new MutationObserver((r) => (n += r.length));
    mo.observe(document.body, { childList: true, subtree: true, attributes: true });
    setTimeout(() => (mo.disconnect(), ok(n)), 1000);
  }));
  assert.equal(changes, 0, 'nothing changes in the page while it sits there');
  const offers = () => page.evaluate(() => [...document.querySelectorAll('[data-leadscore-slot]')].map((s) => s.querySelector('[data-leadscore-ui]')?.shadowRoot?.querySelector('.t')?.textContent ?? null));
  assert.deepEqual(await offers(), [null, null]);
  assert.deepEqual(Object.keys((await page.evaluate(() => LeadScore.state())).offers), [], 'none viewed');
  await unlockAll(page);
  await until(async () => (await offers()).every(Boolean), 'the offers in their slots');
  assert.deepEqual(await offers(), ['The checklist', 'The templates']);
  await until(async () => Object.keys((await page.evaluate(() => LeadScore.state())).offers).length == 2, 'both viewed');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});
