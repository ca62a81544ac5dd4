// The widget's boxes and a visitor on the keyboard: a link the Tab key
// focuses on a long page never ends up under the bottom banner or the
// slide-in (WCAG 2.4.11), the first one focused on the page too, also in an
// app shell that scrolls its page in <main> (and in the <main> of its next
// view, which replaces it); the page's own padding kept
// where it is more; stepped aside for the page's own modal or closed, the
// page's own inline style is back. Esc with the focus in the banner
// dismisses it (a dismissal), the focus going back where it came from. A
// banner or modal offer whose trigger fires while the visitor is filling in
// a form (the page's, a web component's, an inline offer's or a gate card's)
// waits until the focus has left its fields, or the form is sent, and is
// counted as viewed once, when it shows; an exit intent then is not used up.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useSite, openPage, waitForInit, waitForUi, recordEvents, recorded, root, T0, exitIntent } from './support.mjs';

const env = useSite();

const site = JSON.parse(readFileSync(join(root, 'tests', 'browser', 'site', 'leadscore.json'), 'utf8'));

/**
 * The site's config with only these offers, each shown at load; no gate offers.
 * @param {string[]} ids
 */
function only(ids) {
  const config = structuredClone(site);
  config.offers = config.offers.filter((/** @type {any} */ o) => ids.includes(o.id));
  for (const o of config.offers) delete o.trigger;
  config.gates = config.gates.filter((/** @type {any} */ g) => !g.offer);
  return JSON.stringify(config);
}

/**
 * A long page: its first link low on the first screen (where a bottom box
 * covers it), then a link every 90 px (the next one on screen, under the
 * box: the browser does not scroll to it unless told the box is there), a
 * screen of text, then a footer of links; its own inline style on <html>. `app`: it scrolls in <main> (an app shell).
 * @param {boolean} app
 */
function longPage(app) {
  const sections = Array.from({ length: 16 }, (_, i) => `<p${i ? '' : ' class="top"'}>Section ${i + 1}.</p><a href="#l${i + 1}" id="l${i + 1}">Link ${i + 1}</a>`).join('');
  return `<!doctype html><html lang="en" style="scroll-padding-bottom: 8px; color: #111"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Long</title>
<style>body { margin: 0; font: 16px/1.5 sans-serif; } p { margin: 0; height: 66px; } p.top { height: ${app ? 564 : 580}px; } a { display: block; }
footer { padding: 1em; background: #eee; }
${app ? 'body { height: 100vh; overflow: hidden; } header { height: 1em; } main { height: calc(100% - 1em); overflow: auto; }' : ''}</style>
<script src="/leadscore/leadscore.js" data-config="/leadscore.json" defer></script></head>
<body><header></header><main>${sections}<p class="top">The end.</p><footer><a href="#terms" class="end">Terms</a> <a href="#privacy" class="end">Privacy</a></footer></main></body></html>`;
}

/**
 * Presses Tab until the focus leaves the page for the widget's boxes; for
 * each page element it focused: its id or text, and the widget's box it
 * overlaps (on screen, after the boxes' animations), if any.
 * @param {import('playwright-core').Page} page
 */
async function tabThrough(page) {
  await page.evaluate(async () => {
    for (const h of document.querySelectorAll('leadscore-ui')) {
      await Promise.all((h.shadowRoot?.getAnimations() ?? []).map((a) => a.finished.catch(() => {})));
    }
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  });
  const seen = [];
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    const at = await page.evaluate(() => {
      const a = /** @type {HTMLElement} */ (document.activeElement);
      if (!a || a.localName === 'leadscore-ui' || a === document.body) return null;
      const r = a.getBoundingClientRect();
      const under = [...document.querySelectorAll('leadscore-ui')].map((h) => h.shadowRoot?.querySelector('.banner,.slide')).filter((b) => {
        const c = b?.getBoundingClientRect();
        return c && c.height && r.bottom > c.top && r.top < c.bottom && r.right > c.left && r.left < c.right;
      }).map((b) => b?.className);
      return { link: a.id || a.textContent, end: a.className === 'end', top: Math.round(r.top), under };
    });
    if (!at) break;
    seen.push(at);
  }
  return seen;
}

/** Closes the open banner and slide-in with their close buttons. @param {import('playwright-core').Page} page */
async function closeAll(page) {
  await page.evaluate(() => {
    for (const h of document.querySelectorAll('leadscore-ui')) /** @type {HTMLElement | null | undefined} */ (h.shadowRoot?.querySelector('.x'))?.click();
  });
  await page.waitForFunction(() => !document.querySelector('leadscore-ui'));
}

for (const [name, ids, app] of /** @type {[string, string[], boolean][]} */ ([
  ['a bottom banner', ['newsletter-bar'], false],
  ['a bottom banner, in an app shell that scrolls its page in <main>', ['newsletter-bar'], true],
  ['a slide-in', ['checklist-slide'], false],
  ['a slide-in standing on a bottom banner', ['newsletter-bar', 'checklist-slide'], false],
])) {
  test(`on a 360 px phone with ${name}, each link Tab focuses on a long page is above it, the first one too; stepped aside or closed, the page's own inline style is back`, async () => {
    const page = await openPage(env.browser, undefined, { viewport: { width: 360, height: 640 } });
    await page.context().route('**/leadscore.json', (r) => r.fulfill({ contentType: 'application/json', body: only(ids) }));
    await page.context().route('**/long-page', (r) => r.fulfill({ contentType: 'text/html', body: longPage(app) }));
    await page.goto(`${env.server.url}/long-page`);
    assert.ok((await waitForInit(page)).ok);
    for (const id of ids) await waitForUi(page, id === 'newsletter-bar' ? 'banner' : 'slide');
    const seen = await tabThrough(page);
    // The page's first and every later link; the footer's too, where the room at the page's end lets it
    // scroll above the banner, the slide-in standing on it, or the slide-in alone.
    assert.equal(seen.filter((s) => !s.end).length, 16, JSON.stringify(seen));
    assert.equal(seen.filter((s) => s.end).length, 2, JSON.stringify(seen));
    assert.deepEqual(seen.filter((s) => s.under.length), [], `focused under a box: ${JSON.stringify(seen)}`);
    // Stepped aside for the page's own modal <dialog>: the page's own padding while it is open, then the boxes' again.
    const own = 'scroll-padding-bottom: 8px; color: rgb(17, 17, 17);';
    const padded = await page.evaluate(() => document.documentElement.style.cssText);
    assert.notEqual(padded, own);
    await page.evaluate(() => {
      const d = document.body.appendChild(document.createElement('dialog'));
      d.id = 'page-modal';
      d.showModal();
    });
    await page.waitForFunction((o) => document.documentElement.style.cssText === o, own);
    await page.evaluate(() => /** @type {HTMLDialogElement} */ (document.getElementById('page-modal')).close());
    await page.waitForFunction((p) => document.documentElement.style.cssText === p, padded);
    await closeAll(page);
    assert.deepEqual(await page.evaluate(() => [document.documentElement.style.cssText, document.querySelector('main')?.getAttribute('style')]),
      [own, null]);
    assert.deepEqual(page.problems(), []);
    await page.context().close();
  });
}

test('a slide-in on a page that fits the window and does not scroll (a full-screen app): no room at its end, the page still does not scroll', async () => {
  const page = await openPage(env.browser, undefined, { viewport: { width: 360, height: 640 } });
  await page.context().route('**/leadscore.json', (r) => r.fulfill({ contentType: 'application/json', body: only(['checklist-slide']) }));
  await page.context().route('**/app-page', (r) => r.fulfill({ contentType: 'text/html', body: `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Map</title><style>body { margin: 0; height: 100vh; } canvas { display: block; width: 100%; height: 100%; }</style>
<script src="/leadscore/leadscore.js" data-config="/leadscore.json" defer></script></head><body><canvas></canvas></body></html>` }));
  await page.goto(`${env.server.url}/app-page`);
  assert.ok((await waitForInit(page)).ok);
  await waitForUi(page, 'slide');
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  assert.deepEqual(await page.evaluate(() => [document.documentElement.scrollHeight, document.documentElement.clientHeight]), [640, 640]);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

/** The focused element, through the widget's shadow roots: 'button#cta-demo', 'leadscore-ui > a'. @param {import('playwright-core').Page} page */
const focused = (page) => page.evaluate(() => {
  const path = [];
  for (let a = document.activeElement; a; a = a.shadowRoot?.activeElement ?? null) path.push(`${a.localName}${a.id ? `#${a.id}` : ''}`);
  return path.join(' > ');
});

/** The placements on screen. @param {import('playwright-core').Page} page */
const boxes = (page) => page.evaluate(() =>
  [...document.querySelectorAll('leadscore-ui')].map((h) => h.shadowRoot?.querySelector('.ls')?.className.replace(/^ls /, '')));

test('on a 360 px phone with a bottom banner, an app shell that replaces its <main> (a new view): each link Tab focuses in the new view is above the banner too', async () => {
  const page = await openPage(env.browser, undefined, { viewport: { width: 360, height: 640 } });
  await page.context().route('**/leadscore.json', (r) => r.fulfill({ contentType: 'application/json', body: only(['newsletter-bar']) }));
  await page.context().route('**/long-page', (r) => r.fulfill({ contentType: 'text/html', body: longPage(true) }));
  await page.goto(`${env.server.url}/long-page`);
  assert.ok((await waitForInit(page)).ok);
  await waitForUi(page, 'banner');
  await page.evaluate(() => {
    const old = /** @type {Element} */ (document.querySelector('main'));
    const next = document.createElement('main');
    next.innerHTML = old.innerHTML.replace(/Section/g, 'Part');
    for (const e of next.querySelectorAll('[data-leadscore-ui]')) e.remove();
    old.replaceWith(next);
  });
  await page.waitForFunction(() => !!document.querySelector('main [data-leadscore-ui]')); // the banner's room in the new view
  const seen = await tabThrough(page);
  assert.equal(seen.filter((s) => !s.end).length, 16, JSON.stringify(seen));
  assert.deepEqual(seen.filter((s) => s.under.length), [], `focused under the banner: ${JSON.stringify(seen)}`);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a page whose own scroll-padding-bottom (its style sheet, !important) is more than the banner is tall keeps it; a banner taller than the page\'s own padding gets its height', async () => {
  for (const [css, expected] of [['html { scroll-padding-bottom: 50vh !important; }', () => '320px'], ['', (/** @type {number} */ h) => `${Math.ceil(h)}px`]]) {
    const page = await openPage(env.browser, undefined, { viewport: { width: 360, height: 640 } });
    await page.context().route('**/leadscore.json', (r) => r.fulfill({ contentType: 'application/json', body: only(['newsletter-bar']) }));
    await page.context().route('**/long-page', (r) => r.fulfill({ contentType: 'text/html', body: longPage(false).replace('</style>', `${css}</style>`) }));
    await page.goto(`${env.server.url}/long-page`);
    assert.ok((await waitForInit(page)).ok);
    await waitForUi(page, 'banner');
    const [padding, height] = await page.evaluate(async () => {
      await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
      const box = /** @type {Element} */ (document.querySelector('leadscore-ui')?.shadowRoot?.querySelector('.banner'));
      return [getComputedStyle(document.documentElement).scrollPaddingBottom, box.getBoundingClientRect().height];
    });
    assert.equal(padding, expected(height), `with ${css || 'the page\'s own 8px'}`);
    assert.ok(height > 8 && height < 320, `the banner is ${height} px tall`);
    await page.context().close();
  }
});

test('Esc with the focus in the banner dismisses it, as its close button does, and gives the focus back to where it came from', async () => {
  const page = await openPage(env.browser);
  await recordEvents(page);
  await page.goto(`${env.server.url}/blog/lead-scoring-101`);
  assert.ok((await waitForInit(page)).ok);
  await waitForUi(page, 'banner');
  await page.focus('#cta-demo');
  await page.keyboard.press('Escape');
  assert.ok((await boxes(page)).includes('banner'), 'Esc in the page leaves the banner open');
  await page.locator('leadscore-ui .banner .cta').focus();
  await page.keyboard.press('Escape');
  assert.ok(!(await boxes(page)).includes('banner'), 'the banner is gone');
  assert.equal(await focused(page), 'button#cta-demo');
  const { offers } = await recorded(page);
  assert.deepEqual(offers.filter((/** @type {any} */ o) => o.placement === 'banner').map((/** @type {any} */ o) => o.action), ['shown', 'dismissed']);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

/** A page with a form (sent by the page's script, no navigation, and emptied; without a name, refused: the name field marked aria-invalid and focused) and a link after it. */
const FORM_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Contact</title>
<script src="/leadscore/leadscore.js" data-config="/leadscore.json" defer></script></head>
<body><h1>Contact</h1><form id="contact"><label>Name <input id="name" name="name"></label>
<label>Message <textarea id="msg" name="msg"></textarea></label> <button id="send">Send</button></form>
<p><a href="#more" id="more">More</a></p>
<script>
document.getElementById('contact').addEventListener('submit', (e) => {
  e.preventDefault();
  const name = document.getElementById('name');
  if (name.value) name.removeAttribute('aria-invalid'), e.target.reset();
  else name.setAttribute('aria-invalid', 'true'), name.focus();
});
</script></body></html>`;

/**
 * The form page (`html`) with the site's config reduced to one offer, `trigger` its trigger (if given).
 * @param {string} id @param {any} [trigger] @param {string} [html]
 */
async function formPage(id, trigger, html = FORM_PAGE) {
  const page = await openPage(env.browser);
  await recordEvents(page);
  await page.clock.install({ time: T0 });
  const config = structuredClone(site);
  config.offers = config.offers.filter((/** @type {any} */ o) => o.id === id);
  if (trigger) config.offers[0].trigger = trigger;
  config.gates = config.gates.filter((/** @type {any} */ g) => !g.offer);
  await page.context().route('**/leadscore.json', (r) => r.fulfill({ contentType: 'application/json', body: JSON.stringify(config) }));
  await page.context().route('**/form-page', (r) => r.fulfill({ contentType: 'text/html', body: html }));
  await page.goto(`${env.server.url}/form-page`);
  assert.ok((await waitForInit(page)).ok);
  return page;
}

/** The offer events recorded so far, as 'offer:action'. @param {import('playwright-core').Page} page */
const offerEvents = async (page) => (await recorded(page)).offers.map((/** @type {any} */ o) => `${o.offer}:${o.action}`);

/**
 * Tab from the form's last field to its Send button, out of the fields: the
 * held offer (`kind`, `id`) shows, takes no focus, and is viewed once.
 * @param {import('playwright-core').Page} page @param {string} kind @param {string} id
 */
async function shownOnLeaving(page, kind, id) {
  await page.keyboard.press('Tab');
  await waitForUi(page, kind);
  assert.equal(await focused(page), 'button#send', `the ${kind} took no focus`);
  await page.clock.runFor(1000);
  assert.deepEqual(await offerEvents(page), [`${id}:shown`]);
}

test('a banner due (a delay) while the visitor types in a form waits, from field to field, and shows once the focus leaves the fields, viewed once', async () => {
  const page = await formPage('newsletter-bar', { on: 'delay', seconds: 3 });
  await page.click('#name');
  await page.keyboard.type('Ana');
  await page.clock.runFor(3500); // the delay is reached while typing
  await page.keyboard.type(' Lima');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Hello');
  await page.clock.runFor(500);
  assert.deepEqual(await boxes(page), [], 'no banner while the visitor fills in the form');
  assert.deepEqual(await offerEvents(page), []);
  assert.equal(await page.inputValue('#msg'), 'Hello', 'the typing went where the visitor typed');
  await shownOnLeaving(page, 'banner', 'newsletter-bar');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a slide-in due at a scroll depth the visitor reaches with the wheel while typing in a form waits, and shows once the focus leaves the fields, viewed once', async () => {
  const page = await formPage('checklist-slide', { on: 'scroll', depth: 50 },
    FORM_PAGE.replace('<p><a href="#more" id="more">More</a></p>', '<p style="height: 3000px">Our story.</p><p><a href="#more" id="more">More</a></p>'));
  await page.click('#msg');
  await page.keyboard.type('Hello');
  await page.mouse.move(200, 300);
  for (let i = 0; i < 4; i++) {
    await page.mouse.wheel(0, 600);
    await page.clock.runFor(300);
  }
  assert.ok(await page.evaluate(() => scrollY > 1500), 'the page scrolled past half of it');
  await page.keyboard.type(' there');
  await page.clock.runFor(1000);
  assert.deepEqual(await boxes(page), [], 'no slide-in while the visitor fills in the form');
  assert.deepEqual(await offerEvents(page), []);
  assert.equal(await page.inputValue('#msg'), 'Hello there');
  await shownOnLeaving(page, 'slide', 'checklist-slide');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a field the page focuses at load (autofocus) holds nothing back until the visitor types in it: a banner due then shows', async () => {
  const page = await formPage('newsletter-bar', { on: 'delay', seconds: 3 }, FORM_PAGE.replace('<input id="name" name="name">', '<input id="name" name="name" autofocus>'));
  assert.equal(await focused(page), 'input#name', 'the page focused its field');
  await page.clock.runFor(3500);
  await waitForUi(page, 'banner');
  assert.equal(await focused(page), 'input#name', 'the banner took no focus');
  assert.deepEqual(await offerEvents(page), ['newsletter-bar:shown']);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a modal offer due (a delay) while the visitor types in a form does not take the focus from the field, nor once the page refuses the form; it opens once the form is sent', async () => {
  const page = await formPage('exit-whitepaper', { on: 'delay', seconds: 4 });
  await page.click('#msg');
  await page.keyboard.type('We have 40 sales reps');
  await page.clock.runFor(4500); // its 4 seconds
  await page.keyboard.type(' and a CRM.');
  await page.click('#name');
  await page.keyboard.press('Enter'); // refused by the page (no name): its name field marked wrong, to correct
  await page.clock.runFor(500);
  assert.equal(await page.getAttribute('#name', 'aria-invalid'), 'true');
  assert.deepEqual(await boxes(page), []);
  await page.keyboard.type('Ana');
  await page.clock.runFor(500);
  assert.deepEqual(await boxes(page), []);
  assert.equal(await focused(page), 'input#name');
  assert.equal(await page.inputValue('#msg'), 'We have 40 sales reps and a CRM.');
  await page.keyboard.press('Enter'); // sent (the page's script keeps it on the page and empties it): the focus still in the field
  await waitForUi(page, 'modal');
  assert.deepEqual(await offerEvents(page), ['exit-whitepaper:shown']);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

/**
 * A page that refuses its form without a word to the browser: no name, and it
 * only writes its own error text under the form (no aria-invalid, the focus
 * left in the field); with one, it sends it (kept on the page) and empties the
 * form, thanking the visitor.
 */
const SILENT_PAGE = FORM_PAGE.replace(/<script>\n[^]*<\/script><\/body>/, `<p id="note"></p><script>
document.getElementById('contact').addEventListener('submit', (e) => {
  e.preventDefault();
  const note = document.getElementById('note');
  if (!document.getElementById('name').value) return void (note.textContent = 'Please tell us your name.');
  e.target.reset();
  note.textContent = 'Thanks, we will be in touch.';
});
</script></body>`);

test('a modal offer due while the visitor types in a form still waits when the page refuses the form silently (its own error text, the focus left in the field): it opens once the form is really sent, or the focus leaves', async () => {
  for (const leave of [false, true]) {
    const page = await formPage('exit-whitepaper', { on: 'delay', seconds: 4 }, SILENT_PAGE);
    await page.click('#msg');
    await page.keyboard.type('We have 40 sales reps');
    await page.clock.runFor(4500); // its 4 seconds
    await page.click('#name');
    await page.keyboard.press('Enter'); // refused: the page only writes its own error text
    await page.clock.runFor(1000);
    assert.equal(await page.textContent('#note'), 'Please tell us your name.');
    assert.deepEqual(await boxes(page), [], 'no modal over the visitor correcting the form');
    assert.equal(await focused(page), 'input#name', 'the focus stays in the field being corrected');
    assert.equal(await page.inputValue('#msg'), 'We have 40 sales reps', 'the form still holds what was typed');
    assert.deepEqual(await offerEvents(page), []);
    if (leave) {
      await page.click('h1'); // out of the fields
    } else {
      await page.keyboard.type('Ana');
      await page.clock.runFor(500);
      assert.deepEqual(await boxes(page), []);
      await page.keyboard.press('Enter'); // sent: the page empties the form and thanks the visitor
    }
    await waitForUi(page, 'modal');
    assert.deepEqual(await offerEvents(page), ['exit-whitepaper:shown']);
    assert.deepEqual(page.problems(), []);
    await page.context().close();
  }
});

/**
 * A page that sends its form in the background (kept on the page) and, once
 * its server has answered, only empties it with form.reset(): no text of its
 * own, nothing else in the page changed, the focus left in the field.
 */
const RESET_LATER_PAGE = FORM_PAGE.replace(/<script>\n[^]*<\/script><\/body>/, `<script>
document.getElementById('contact').addEventListener('submit', (e) => {
  e.preventDefault();
  setTimeout(() => e.target.reset(), 1000);
});
</script></body>`);

test('a modal offer due while the visitor types in a form opens once the page, having sent the form in the background, empties it with form.reset() and changes nothing else, the focus still in the field', async () => {
  const page = await formPage('exit-whitepaper', { on: 'delay', seconds: 4 }, RESET_LATER_PAGE);
  await page.click('#msg');
  await page.keyboard.type('We have 40 sales reps');
  await page.clock.runFor(4500); // its 4 seconds
  await page.click('#name');
  await page.keyboard.type('Ana');
  await page.keyboard.press('Enter'); // sent; the page's answer is not back yet: the form as it was sent
  await page.clock.runFor(500);
  assert.deepEqual(await boxes(page), [], 'no modal before the page has answered');
  assert.equal(await page.inputValue('#name'), 'Ana');
  assert.equal(await focused(page), 'input#name', 'the focus still in the field');
  await page.clock.runFor(1500); // the page's answer: the form emptied
  assert.equal(await page.inputValue('#msg'), '', 'the page emptied the form');
  await waitForUi(page, 'modal');
  assert.deepEqual(await offerEvents(page), ['exit-whitepaper:shown']);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('an exit intent while the visitor types in a form shows nothing and is not used up: the next one, out of the form, shows the exit offer', async () => {
  const page = await formPage('exit-whitepaper');
  await page.click('#msg');
  await page.keyboard.type('Hello');
  await exitIntent(page);
  await page.clock.runFor(500);
  assert.deepEqual(await boxes(page), []);
  assert.equal(await focused(page), 'textarea#msg');
  await page.click('h1'); // out of the form
  await page.clock.runFor(500);
  assert.deepEqual(await boxes(page), [], 'the exit intent that was held back is not played later');
  await exitIntent(page);
  await waitForUi(page, 'modal');
  assert.deepEqual(await offerEvents(page), ['exit-whitepaper:shown']);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

for (const [name, path, kind] of [['an inline offer', '/forms/guide.html', 'inline'], ['a gate card', '/forms/gated.html', 'gate']]) {
  test(`a banner due while the visitor fills in the form of ${name} (the widget's own, in its shadow root) waits through its fields and shows at its button`, async () => {
    const page = await openPage(env.browser);
    await recordEvents(page);
    await page.clock.install({ time: T0 });
    const config = JSON.parse(readFileSync(join(root, 'tests', 'browser', 'site', 'forms', 'leadscore.json'), 'utf8'));
    config.offers.push({ id: 'bar', type: 'newsletter', placement: 'banner', trigger: { on: 'delay', seconds: 2 }, content: { title: 'Weekly ideas' } });
    await page.context().route('**/forms/leadscore.json', (r) => r.fulfill({ contentType: 'application/json', body: JSON.stringify(config) }));
    await page.goto(`${env.server.url}${path}`);
    assert.ok((await waitForInit(page)).ok);
    await page.getByLabel('Work email').click();
    await page.keyboard.type('minh@example.com');
    await page.clock.runFor(2500);
    // On through its fields (a name, a list, boxes to tick) to its button.
    const inForm = () => page.evaluate(() => {
      let a = document.activeElement;
      while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
      return `${a?.localName}${a?.getAttribute('type') ? `[${a.getAttribute('type')}]` : ''}`;
    });
    const passed = [];
    for (let i = 0; i < 8 && (await inForm()) !== 'button[submit]'; i++) {
      await page.keyboard.press('Tab');
      await page.clock.runFor(300);
      passed.push(await inForm());
      if (passed.at(-1) !== 'button[submit]') assert.deepEqual(await boxes(page), [kind], `no banner yet at ${passed}`);
    }
    assert.ok(passed.length >= 3 && passed.includes('select'), `through its fields: ${passed}`);
    assert.equal(passed.at(-1), 'button[submit]');
    await waitForUi(page, 'banner');
    assert.deepEqual((await offerEvents(page)).filter((e) => e.startsWith('bar:')), ['bar:shown']);
    assert.deepEqual(page.problems(), []);
    await page.context().close();
  });
}

test('a banner due while the visitor types in a web component\'s form (in its open shadow root) shows once the focus moves on to the form\'s button there', async () => {
  const page = await openPage(env.browser);
  await recordEvents(page);
  await page.clock.install({ time: T0 });
  const config = JSON.parse(readFileSync(join(root, 'tests', 'browser', 'site', 'components', 'leadscore.json'), 'utf8'));
  config.offers.push({ id: 'bar', type: 'newsletter', placement: 'banner', trigger: { on: 'delay', seconds: 2 }, content: { title: 'Weekly ideas' } });
  await page.context().route('**/components/leadscore.json', (r) => r.fulfill({ contentType: 'application/json', body: JSON.stringify(config) }));
  await page.goto(`${env.server.url}/components/`);
  assert.ok((await waitForInit(page)).ok);
  await page.locator('tour-card input[name=email]').click();
  await page.keyboard.type('ana@example.com');
  await page.clock.runFor(2800);
  assert.ok(!(await boxes(page)).includes('banner'), 'no banner while the visitor types');
  await page.keyboard.press('Tab'); // to Join, in the same shadow root
  await waitForUi(page, 'banner');
  assert.deepEqual((await offerEvents(page)).filter((e) => e.startsWith('bar:')), ['bar:shown']);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a reader who set the browser\'s default font size to 32 px, a slide-in standing on the banner: what the keyboard focuses scrolls above the slide-in\'s top (it stands 1em of its larger text up), the room at the page\'s end as tall', async () => {
  const page = await openPage(env.browser, undefined, { viewport: { width: 1000, height: 900 } });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Page.enable');
  await cdp.send('Page.setFontSizes', { fontSizes: { standard: 32 } });
  await page.context().route('**/leadscore.json', (r) => r.fulfill({ contentType: 'application/json', body: only(['newsletter-bar', 'checklist-slide']) }));
  await page.context().route('**/long-page', (r) => r.fulfill({ contentType: 'text/html', body: longPage(false) }));
  await page.goto(`${env.server.url}/long-page`);
  assert.ok((await waitForInit(page)).ok);
  await waitForUi(page, 'banner');
  await waitForUi(page, 'slide');
  const g = await page.evaluate(async () => {
    for (const h of document.querySelectorAll('leadscore-ui')) {
      await Promise.all((h.shadowRoot?.getAnimations() ?? []).map((a) => a.finished.catch(() => {})));
    }
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    const slide = /** @type {Element} */ ([...document.querySelectorAll('leadscore-ui')].map((h) => h.shadowRoot?.querySelector('.slide')).find(Boolean));
    const room = /** @type {HTMLElement} */ ([...document.querySelectorAll('leadscore-ui')].map((h) => h.shadowRoot?.querySelector('.room')).find(Boolean));
    return {
      covered: innerHeight - slide.getBoundingClientRect().top,
      padding: parseFloat(getComputedStyle(document.documentElement).scrollPaddingBottom),
      room: room.getBoundingClientRect().height,
      font: getComputedStyle(slide).fontSize,
    };
  });
  assert.equal(g.font, '30px');
  assert.ok(g.padding >= g.covered && g.padding - g.covered < 2, JSON.stringify(g));
  assert.ok(Math.abs(g.room - g.padding) < 1, JSON.stringify(g));
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});
