// Scripts and directions (tests/browser/site/intl/leadscore.json): on the
// Persian page (<html dir="rtl">, the one script tag: the widget's own texts
// come from the config's labels, in the page's language) the widget lays out right to left (hosts
// right to left as the page is, also after a switch of <html dir> without a reload; text starting at the right, the slide-in in the left-hand
// corner, close buttons at the left); Vietnamese (precomposed and combining
// diacritics) and Thai (combining vowels and tone marks) texts reach the page
// exactly as the config wrote them, code point for code point (no Unicode
// normalisation either way).
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useSite, openPage, waitForInit, widgetUi, waitForUi, until, root } from './support.mjs';

const config = JSON.parse(readFileSync(join(root, 'tests', 'browser', 'site', 'intl', 'leadscore.json'), 'utf8'));
/** @param {string} id */
const content = (id) => config.offers.find((/** @type {any} */ o) => o.id === id).content;

const env = useSite();

/**
 * Geometry of each widget box: computed direction and text-align, the box,
 * its title and close button rectangles (left/right in CSS px), the viewport width.
 * @param {import('playwright-core').Page} page
 */
function layout(page) {
  return page.evaluate(() => Object.fromEntries([...document.querySelectorAll('leadscore-ui')].map((host) => {
    const root = /** @type {ShadowRoot} */ (host.shadowRoot);
    const box = /** @type {HTMLElement} */ (root.querySelector('.ls'));
    const rect = (/** @type {Element | null} */ e) => {
      if (!e) return null;
      const r = e.getBoundingClientRect();
      return { left: Math.round(r.left), right: Math.round(r.right) };
    };
    // Where the title's text actually is (not its block box).
    const title = root.querySelector('.t');
    const range = document.createRange();
    if (title) range.selectNodeContents(title);
    return [box.className.replace('ls ', ''), {
      hostDir: getComputedStyle(host).direction,
      direction: getComputedStyle(box).direction,
      box: rect(box),
      text: title ? rect(range) : null,
      close: rect(root.querySelector('.x')),
      width: document.documentElement.clientWidth,
    }];
  })));
}

test('Persian page (dir=rtl): the widget lays out right to left, in every placement', async () => {
  const page = await openPage(env.browser, `${env.server.url}/fa/`);
  assert.ok((await waitForInit(page)).ok);
  await waitForUi(page, 'inline');
  await page.waitForFunction(() => document.querySelectorAll('leadscore-ui').length >= 4);
  const l = await layout(page);
  assert.deepEqual(Object.keys(l).sort(), ['banner', 'gate', 'inline', 'slide']);
  for (const [kind, g] of Object.entries(l)) {
    assert.deepEqual([g.hostDir, g.direction], ['rtl', 'rtl'], `${kind}: right to left`);
    // The title's text hugs the right edge of its box (start = right), not the left.
    assert.ok(g.text && g.box, `${kind}: a title and a box were measured ${JSON.stringify(g)}`);
    assert.ok(g.box.right - g.text.right < g.text.left - g.box.left, `${kind}: text starts at the right ${JSON.stringify(g)}`);
  }
  // The slide-in sits in the bottom-left corner (inset-inline-end: 1rem; the page's rem is 17px).
  const slide = l.slide;
  assert.ok(slide.box && slide.box.left > 0 && slide.box.left <= 20 && slide.box.right < slide.width / 2, `slide-in at the left: ${JSON.stringify(slide)}`);
  // Close buttons at the inline end: the left.
  for (const kind of ['banner', 'slide']) {
    const g = l[kind];
    assert.ok(g.close && g.box && g.close.left - g.box.left < 16, `${kind}: close at the left ${JSON.stringify(g)}`);
  }
  const ui = await widgetUi(page);
  assert.equal(ui.find((u) => u.className === 'ls slide')?.close, 'بستن', 'the config\'s Persian label');
  assert.equal(ui.find((u) => u.className === 'ls inline')?.title, content('fa-inline').title);
  assert.equal(ui.find((u) => u.className === 'ls gate')?.title, content('fa-gate-offer').title);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('the one script tag on the Persian page: the close buttons and the gate card are named with the config\'s Persian labels, as the accessibility tree gives them', async () => {
  const page = await openPage(env.browser, `${env.server.url}/fa/`);
  assert.ok((await waitForInit(page)).ok);
  assert.equal(await page.evaluate(() => document.querySelectorAll('script[src$="/fa/init.js"]').length), 0, 'no init() of the page\'s own');
  await page.waitForFunction(() => document.querySelectorAll('leadscore-ui').length >= 4);
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  /** @param {string} role */
  const names = (role) => nodes.filter((n) => !n.ignored && n.role?.value === role).map((n) => n.name?.value);
  const { close, locked } = config.labels;
  assert.deepEqual(names('button'), [close.fa, close.fa], 'the banner\'s and the slide-in\'s close buttons');
  // The gate's offer says "for members", not that the content is locked: the card's name does.
  assert.deepEqual(names('note'), [locked.fa]);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a page that calls init({labels}) itself: each label it gives wins over the config\'s, the others stay the config\'s', async () => {
  const page = await openPage(env.browser);
  const html = readFileSync(join(root, 'tests', 'browser', 'site', 'fa', 'index.html'), 'utf8')
    .replace(' data-config="/intl/leadscore.json"', '')
    .replace('</head>', '<script type="module">LeadScore.init({ config: "/intl/leadscore.json", labels: { close: "ببند" } });</script></head>');
  assert.ok(html.includes('LeadScore.init') && !html.includes('data-config'));
  await page.context().route('**/fa/', (r) => r.fulfill({ contentType: 'text/html', body: html }));
  await page.goto(`${env.server.url}/fa/`);
  assert.ok((await waitForInit(page)).ok);
  await page.waitForFunction(() => document.querySelectorAll('leadscore-ui').length >= 4);
  const { nodes } = await (await page.context().newCDPSession(page)).send('Accessibility.getFullAXTree');
  /** @param {string} role */
  const names = (role) => nodes.filter((n) => !n.ignored && n.role?.value === role).map((n) => n.name?.value);
  assert.deepEqual(names('button'), ['ببند', 'ببند'], 'init\'s close label');
  assert.deepEqual(names('note'), [config.labels.locked.fa], 'the config\'s locked label');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

/**
 * The Persian test page as another page would be: `edit` changes its HTML; the
 * config it loads is the test site's with `change` applied. Returns the page, loaded.
 * @param {(html: string) => string} edit @param {(config: any) => void} change
 */
async function openEdited(edit, change) {
  const page = await openPage(env.browser);
  const html = edit(readFileSync(join(root, 'tests', 'browser', 'site', 'fa', 'index.html'), 'utf8'));
  const changed = structuredClone(config);
  change(changed);
  await page.context().route('**/fa/', (r) => r.fulfill({ contentType: 'text/html', body: html }));
  await page.context().route('**/intl/leadscore.json', (r) => r.fulfill({ contentType: 'application/json', body: JSON.stringify(changed) }));
  await page.goto(`${env.server.url}/fa/`);
  assert.ok((await waitForInit(page)).ok);
  return page;
}

/** The accessible names of the page's elements of `role`, as the accessibility tree gives them. @param {import('playwright-core').Page} page @param {string} role */
async function axNames(page, role) {
  const { nodes } = await (await page.context().newCDPSession(page)).send('Accessibility.getFullAXTree');
  return nodes.filter((n) => !n.ignored && n.role?.value === role).map((n) => n.name?.value);
}

/** The page in `lang`, left to right. @param {string} lang @returns {(html: string) => string} */
const inLanguage = (lang) => (html) => html.replace('<html lang="fa" dir="rtl">', `<html lang="${lang}">`);

for (const lang of ['en', 'vi']) {
  test(`labels the config gives only in Persian and Thai: ${lang === 'en' ? 'an English' : 'a Vietnamese'} page gets the widget's English ones, not the first the config gives`, async () => {
    const page = await openEdited(inLanguage(lang), (c) => {
      c.labels = { close: { fa: 'بستن', th: 'ปิด' }, locked: { fa: 'این بخش قفل است.' } };
    });
    await page.waitForFunction(() => document.querySelectorAll('leadscore-ui').length >= 4);
    assert.deepEqual(await axNames(page, 'button'), ['Close', 'Close'], 'the banner\'s and the slide-in\'s close buttons');
    // Said in the voice of the language they are in (WCAG 3.1.2), on the Vietnamese page too.
    assert.deepEqual(await page.evaluate(() => [...document.querySelectorAll('leadscore-ui')].flatMap((h) => [...h.shadowRoot?.querySelectorAll('.x') ?? []].map((x) => x.getAttribute('lang')))), ['en', 'en']);
    assert.deepEqual(await axNames(page, 'note'), ['This content is locked.']);
    assert.deepEqual(page.problems(), []);
    await page.context().close();
  });
}

test('a page that switches its language without a reload (<html lang>, a new route): close buttons and gate cards shown after it speak the new language', async () => {
  const page = await openEdited(inLanguage('en'), (c) => {
    for (const o of c.offers) o.max_views_per_visit = 2; // shown again on the new route
  });
  await page.waitForFunction(() => document.querySelectorAll('leadscore-ui').length >= 4);
  assert.deepEqual(await axNames(page, 'button'), ['Close', 'Close'], 'English first');
  assert.deepEqual(await axNames(page, 'note'), ['This content is locked.']);
  // The app switches to Persian: <html lang>, and the view rendered again (a new gated section).
  await page.evaluate(() => {
    document.documentElement.lang = 'fa';
    document.documentElement.dir = 'rtl';
    const old = /** @type {Element} */ (document.getElementById('fa-members'));
    const again = /** @type {Element} */ (old.cloneNode(true));
    old.replaceWith(again);
    history.pushState({}, '', '/fa/?lang=fa');
  });
  const { close, locked } = config.labels;
  await until(async () => JSON.stringify(await axNames(page, 'button')) === JSON.stringify([close.fa, close.fa]) &&
    JSON.stringify(await axNames(page, 'note')) === JSON.stringify([locked.fa]), 'Persian close buttons and gate card');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('gated content with a language of its own on an English page (<section lang="fa">, <div lang="vi">): its card speaks that language, the page\'s close buttons English', async () => {
  const page = await openEdited((html) => inLanguage('en')(html)
    .replace('<section data-leadscore-gate="fa-members"', '<section lang="fa" data-leadscore-gate="fa-members"')
    .replace('</main>', '<div lang="vi" data-leadscore-gate="plain">Vi</div><div data-leadscore-gate="plain">En</div></main>'), (c) => {
    c.gates.push({ id: 'plain', unlock: { known: true } });
  });
  await page.waitForFunction(() => document.querySelectorAll('leadscore-ui').length >= 6);
  const { close, locked } = config.labels;
  assert.deepEqual(await axNames(page, 'button'), [close.en, close.en]);
  // The offer's card is named (its copy need not say the content is locked); a notice says it itself.
  assert.deepEqual(await axNames(page, 'note'), [locked.fa, '', ''], 'the Persian section\'s card');
  const notices = await page.evaluate(() => [...document.querySelectorAll('[data-leadscore-gate="plain"]')].map((el) =>
    el.previousElementSibling?.shadowRoot?.querySelector('.gate .d')?.textContent)); // the card goes before the blurred content
  assert.deepEqual(notices, [locked.vi, locked.en], 'the notices in place of the Vietnamese and the English content');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

/** The text and `lang` of the notice cards before the gated elements of `gate` (the card goes before blurred content). @param {import('playwright-core').Page} page @param {string} gate */
const noticeCards = (page, gate) => page.evaluate((g) => [...document.querySelectorAll(`[data-leadscore-gate="${g}"]`)].map((el) => {
  const box = el.previousElementSibling?.shadowRoot?.querySelector('.gate');
  return { text: box?.querySelector('.d')?.textContent, lang: box?.getAttribute('lang') ?? null };
}), gate);

test('a page that switches its language without a reload, nothing rendered again (<html lang>, a section\'s lang): the boxes already on screen relabel themselves, and each notice card carries the language of its text', async () => {
  const page = await openEdited((html) => inLanguage('en')(html)
    .replace('</main>', '<div lang="vi" data-leadscore-gate="plain">Vi</div></main>'), (c) => {
    c.gates.push({ id: 'plain', unlock: { known: true } });
  });
  await page.waitForFunction(() => document.querySelectorAll('leadscore-ui').length >= 5);
  const { close, locked } = config.labels;
  assert.deepEqual(await axNames(page, 'button'), [close.en, close.en], 'English first');
  assert.deepEqual(await axNames(page, 'note'), [locked.en, ''], 'the offer\'s card named in English');
  // The notice, in Vietnamese on an English page, says so (a screen reader switches voice).
  assert.deepEqual(await noticeCards(page, 'plain'), [{ text: locked.vi, lang: 'vi' }]);
  // The app switches to Persian: only <html lang> changes; then the section's language.
  await page.evaluate(() => {
    document.documentElement.lang = 'fa';
  });
  await until(async () => JSON.stringify(await axNames(page, 'button')) === JSON.stringify([close.fa, close.fa]) &&
    JSON.stringify(await axNames(page, 'note')) === JSON.stringify([locked.fa, '']), 'Persian close buttons and gate card, without a new render');
  await page.evaluate(() => {
    /** @type {Element} */ (document.querySelector('[data-leadscore-gate="plain"]')).setAttribute('lang', 'th');
  });
  await until(async () => JSON.stringify(await noticeCards(page, 'plain')) === JSON.stringify([{ text: locked.th, lang: 'th' }]), 'the Thai notice');
  assert.equal(await page.evaluate(() => document.querySelectorAll('leadscore-ui').length), 5, 'the same boxes, none added');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a notice card whose text falls back to the English default (the config\'s labels only in Persian and Thai, a Vietnamese page) carries lang="en"', async () => {
  const page = await openEdited((html) => inLanguage('vi')(html)
    .replace('</main>', '<div data-leadscore-gate="plain">Vi</div></main>'), (c) => {
    c.labels = { locked: { fa: 'این بخش قفل است.', th: 'เนื้อหานี้ถูกล็อก' } };
    c.gates.push({ id: 'plain', unlock: { known: true } });
  });
  await page.waitForFunction(() => document.querySelectorAll('leadscore-ui').length >= 5);
  assert.deepEqual(await noticeCards(page, 'plain'), [{ text: 'This content is locked.', lang: 'en' }]);
  // Switched to Persian: the config's Persian text, in Persian.
  await page.evaluate(() => {
    document.documentElement.lang = 'fa';
  });
  await until(async () => JSON.stringify(await noticeCards(page, 'plain')) === JSON.stringify([{ text: 'این بخش قفل است.', lang: 'fa' }]), 'the Persian notice');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a language switcher that flips <html dir> without a reload: the open offers follow the page, both ways', async () => {
  const page = await openPage(env.browser, `${env.server.url}/fa/`);
  assert.ok((await waitForInit(page)).ok);
  await waitForUi(page, 'inline');
  await page.waitForFunction(() => document.querySelectorAll('leadscore-ui').length >= 4);
  /** @param {string} dir */
  const flip = (dir) => page.evaluate((d) => { document.documentElement.dir = d; }, dir);
  const sides = async () => Object.fromEntries(Object.entries(await layout(page)).map(([kind, g]) => [kind, g.direction]));
  await flip('ltr');
  assert.deepEqual(await sides(), { banner: 'ltr', gate: 'ltr', inline: 'ltr', slide: 'ltr' });
  const l = await layout(page);
  assert.ok(l.slide.box && l.slide.box.left > l.slide.width / 2, `slide-in moved to the right: ${JSON.stringify(l.slide)}`);
  await flip('rtl');
  assert.deepEqual(await sides(), { banner: 'rtl', gate: 'rtl', inline: 'rtl', slide: 'rtl' });
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('the same widget on a left-to-right page: slide-in at the right, close at the right (the control for the RTL test)', async () => {
  const page = await openPage(env.browser, `${env.server.url}/blog/lead-scoring-101`);
  assert.ok((await waitForInit(page)).ok);
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight * 0.6 - innerHeight));
  await waitForUi(page, 'slide');
  const { slide, banner } = await layout(page);
  assert.deepEqual([slide.hostDir, slide.direction], ['ltr', 'ltr']);
  assert.ok(slide.box && slide.width - slide.box.right <= 20 && slide.box.left > slide.width / 2, JSON.stringify(slide));
  assert.ok(banner.close && banner.box && banner.box.right - banner.close.right < 16, JSON.stringify(banner));
  await page.context().close();
});

test('an RTL section inside a left-to-right page (computed direction) gets an RTL inline offer', async () => {
  const page = await openPage(env.browser, `${env.server.url}/vi/`);
  assert.ok((await waitForInit(page)).ok);
  await waitForUi(page, 'inline');
  // A Persian slot appears later inside <div dir="rtl"> (picked up like an SPA view).
  await page.evaluate(() => {
    const wrap = document.createElement('div');
    wrap.setAttribute('dir', 'rtl');
    const slot = document.createElement('div');
    slot.setAttribute('data-leadscore-slot', 'fa-main');
    wrap.append(slot);
    document.querySelector('main')?.append(wrap);
    history.pushState({}, '', '/vi/?rtl-section');
  });
  await page.waitForFunction(() => document.querySelector('[data-leadscore-slot="fa-main"] leadscore-ui'));
  const dir = await page.evaluate(() => {
    const host = /** @type {Element} */ (document.querySelector('[data-leadscore-slot="fa-main"] leadscore-ui'));
    return [getComputedStyle(host).direction, getComputedStyle(/** @type {Element} */ (host.shadowRoot?.querySelector('.ls'))).direction];
  });
  assert.deepEqual(dir, ['rtl', 'rtl']);
  await page.context().close();
});

test('each text runs in its own direction: an English offer on the Persian page reads left to right, a Persian one that starts with a Latin name right to left', async () => {
  const page = await openPage(env.browser, `${env.server.url}/fa/`);
  assert.ok((await waitForInit(page)).ok);
  await waitForUi(page, 'inline');
  await page.evaluate(() => {
    for (const name of ['en-main', 'fa-brand']) {
      const slot = document.createElement('div');
      slot.setAttribute('data-leadscore-slot', name);
      document.querySelector('main')?.append(slot);
    }
    history.pushState({}, '', '/fa/?more');
  });
  await page.waitForFunction(() => document.querySelectorAll('[data-leadscore-slot="en-main"] leadscore-ui, [data-leadscore-slot="fa-brand"] leadscore-ui').length === 2);
  const texts = await page.evaluate(() => Object.fromEntries(['en-main', 'fa-brand'].map((slot) => {
    const host = /** @type {Element} */ (document.querySelector(`[data-leadscore-slot="${slot}"] leadscore-ui`));
    const root = /** @type {ShadowRoot} */ (host.shadowRoot);
    const box = /** @type {Element} */ (root.querySelector('.ls')).getBoundingClientRect();
    return [slot, {
      host: getComputedStyle(host).direction,
      parts: ['.t', '.d', '.cta'].map((sel) => {
        const el = /** @type {Element} */ (root.querySelector(sel));
        const range = document.createRange();
        range.selectNodeContents(el);
        const r = range.getBoundingClientRect();
        // Which side of the box the text sits nearer to.
        return [sel, getComputedStyle(el).direction, sel === '.cta' ? '' : r.left - box.left < box.right - r.right ? 'left' : 'right'];
      }),
    }];
  })));
  assert.deepEqual(texts['en-main'], {
    host: 'rtl', // the box follows the page
    parts: [['.t', 'ltr', 'left'], ['.d', 'ltr', 'left'], ['.cta', 'ltr', '']],
  });
  assert.deepEqual(texts['fa-brand'], {
    host: 'rtl',
    parts: [['.t', 'rtl', 'right'], ['.d', 'rtl', 'right'], ['.cta', 'rtl', '']],
  });
  // "!" ends the English title (at its right), not the start as it would in a right-to-left paragraph.
  const bang = await page.evaluate(() => {
    const t = /** @type {Element} */ (document.querySelector('[data-leadscore-slot="en-main"] leadscore-ui')?.shadowRoot?.querySelector('.t'));
    const text = /** @type {Text} */ (t.firstChild);
    const at = (/** @type {number} */ i) => {
      const r = document.createRange();
      r.setStart(text, i);
      r.setEnd(text, i + 1);
      return r.getBoundingClientRect().left;
    };
    return at(text.length - 1) > at(0);
  });
  assert.equal(bang, true, 'the exclamation mark is at the right of the English title');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

for (const [lang, id] of [['vi', 'vi-inline'], ['th', 'th-inline']]) {
  test(`${lang === 'vi' ? 'Vietnamese' : 'Thai'}: title, text and CTA reach the page code point for code point`, async () => {
    const page = await openPage(env.browser, `${env.server.url}/${lang}/`);
    assert.ok((await waitForInit(page)).ok);
    await waitForUi(page, 'inline');
    const inline = (await widgetUi(page)).find((u) => u.slot === `${lang}-main`);
    assert.ok(inline, `no offer in the ${lang}-main slot`);
    const c = content(id);
    const shown = { title: inline.title, text: inline.text, cta: inline.cta?.text };
    assert.deepEqual(shown, { title: c.title, text: c.text, cta: c.cta });
    // As code points, so a normalisation (NFC <-> NFD) would show here.
    const cps = (/** @type {string} */ s) => [...s].map((ch) => ch.codePointAt(0));
    assert.deepEqual(cps(String(shown.text)), cps(c.text));
    if (lang === 'vi') {
      assert.ok(c.title === c.title.normalize('NFC') && shown.title === shown.title.normalize('NFC'), 'NFC title stays NFC');
      assert.ok(c.text !== c.text.normalize('NFC') && shown.text === c.text, 'the combining sequences in the text are kept, not composed');
    }
    // The text is laid out: it has width and the box is not clipped to nothing.
    const width = await page.evaluate((slot) => {
      const host = /** @type {Element} */ (document.querySelector(`[data-leadscore-slot="${slot}"] leadscore-ui`));
      return /** @type {Element} */ (host.shadowRoot?.querySelector('.t')).getBoundingClientRect().width;
    }, `${lang}-main`);
    assert.ok(width > 100, `title width ${width}`);
    assert.deepEqual(page.problems(), []);
    await page.context().close();
  });
}
