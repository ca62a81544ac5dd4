// Config text is rendered as text, never as markup, and URLs are used only
// when they are http(s) or relative. tests/browser/site/xss/leadscore.json
// (written by make-config.mjs) puts 32 kinds of XSS payload into offer titles,
// texts, calls to action, URLs and image URLs of every placement and a gate;
// the page's init script puts payloads into the widget's own labels too. Any
// payload that ran would set window.__xss or open a dialog. Offers whose URLs
// have other schemes (javascript:, data:, vbscript:, obfuscated) make the
// core refuse the config whole: nothing renders, no link exists.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useSite, openPage, waitForInit, root } from './support.mjs';

const config = JSON.parse(readFileSync(join(root, 'tests', 'browser', 'site', 'xss', 'leadscore.json'), 'utf8'));

const env = useSite();

/** A fresh page that records dialogs (and dismisses them). */
async function xssPage() {
  const page = await openPage(env.browser);
  /** @type {string[]} */
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  return Object.assign(page, { dialogs: () => [...dialogs] });
}

/**
 * Everything the widget rendered: per host its box class, slot, the text of
 * title, text, CTA and close button label, the CTA's href and protocol, the
 * image's src, and every element of the shadow root (tag.class).
 * @param {import('playwright-core').Page} page
 */
function rendered(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('leadscore-ui')].map((host) => {
      const root = /** @type {ShadowRoot} */ (host.shadowRoot);
      const box = /** @type {HTMLElement} */ (root.querySelector('.ls'));
      const cta = /** @type {HTMLAnchorElement | null} */ (root.querySelector('.cta'));
      const img = /** @type {HTMLImageElement | null} */ (root.querySelector('.img'));
      const next = host.nextElementSibling;
      return {
        kind: box.className,
        slot: host.parentElement?.getAttribute('data-leadscore-slot') ?? null,
        gate: next?.getAttribute('data-leadscore-gate') ?? null,
        title: root.querySelector('.t')?.textContent ?? null,
        text: root.querySelector('.d')?.textContent ?? null,
        cta: cta ? { text: cta.textContent, href: cta.getAttribute('href'), protocol: cta.protocol } : null,
        img: img ? img.getAttribute('src') : null,
        close: root.querySelector('.x')?.getAttribute('aria-label') ?? null,
        elements: [...root.querySelectorAll('*')].map((e) => `${e.tagName.toLowerCase()}.${e.className}`),
      };
    }),
  );
}

/** One offer per kind of payload, each in its own slot. */
const kinds = config.offers.filter((/** @type {any} */ o) => /^x\d+$/.test(o.slot ?? ''));

test(`${kinds.length} kinds of XSS payload in offer texts, URLs and labels: none runs, all are shown literally`, async () => {
  assert.ok(kinds.length >= 20, `only ${kinds.length} kinds of payload`);
  const page = await xssPage();
  await page.goto(`${env.server.url}/xss/`);
  const r = await waitForInit(page);
  assert.ok(r.ok, JSON.stringify(r));
  const labels = await page.evaluate(() => /** @type {any} */ (window).xssLabels);
  // 32 slots, the modal, two gate cards; the banner and slide-in wait for the modal to close.
  await page.waitForFunction((n) => document.querySelectorAll('leadscore-ui').length >= n, kinds.length + 3);
  // Whatever a payload would need to run: time, focus, hover, a click on a text.
  const poke = async () => {
    await page.waitForTimeout(300);
    for (let i = 0; i < 6; i++) await page.keyboard.press('Tab');
    await page.mouse.move(200, 200);
    await page.mouse.move(400, 500, { steps: 5 });
  };
  await poke();
  const modal = (await rendered(page)).filter((u) => u.kind === 'ls modal');
  assert.equal(modal.length, 1, 'the modal shown');
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => {
    const boxes = [...document.querySelectorAll('leadscore-ui')].map((h) => h.shadowRoot?.querySelector('.ls')?.className);
    return boxes.includes('ls banner') && boxes.includes('ls slide') && !boxes.includes('ls modal');
  });
  await poke();
  const ui = [...modal, ...await rendered(page)];
  const base = `${env.server.url}/xss/`;
  /** @param {string} u */
  const abs = (u) => new URL(u, base).href;

  for (const o of config.offers) {
    const where = o.placement === 'inline'
      ? (o.slot === 'gate-only' ? ui.find((u) => u.gate === 'with-offer') : ui.find((u) => u.slot === o.slot))
      : ui.find((u) => u.kind === `ls ${{ banner: 'banner', modal: 'modal', 'slide-in': 'slide' }[/** @type {'banner'} */ (o.placement)]}`);
    assert.ok(where, `${o.id} (${o.description}) not rendered`);
    const c = o.content;
    assert.equal(where.title, c.title, `${o.id}: title shown literally`);
    assert.equal(where.text, c.text, `${o.id}: text shown literally`);
    assert.equal(where.cta?.text, c.cta, `${o.id}: CTA shown literally`);
    assert.equal(where.cta?.href, abs(c.url), `${o.id}: the CTA goes to the URL resolved against the page`);
    assert.match(String(where.cta?.protocol), /^https?:$/, `${o.id}: only http(s) links`);
    assert.equal(where.img, c.image ? abs(c.image) : null, `${o.id}: image`);
    const allowed = ['h2.t', 'p.t', 'p.d', 'a.cta', 'img.img', 'button.x', 'dialog.ls modal', 'div.ls banner', 'div.ls slide', 'div.ls inline', 'div.ls gate', 'div.room'];
    assert.deepEqual(where.elements.filter((e) => !allowed.includes(e)), [], `${o.id}: no element but the widget's own`);
    if (o.placement !== 'inline') assert.equal(where.close, labels.close, `${o.id}: close label as given`);
  }
  const notice = ui.find((u) => u.gate === 'notice');
  assert.equal(notice?.text, labels.locked, 'the locked notice (a label) shown literally');

  // Nothing leaked into the page either: its elements are the site's and the widget's hosts.
  const foreign = await page.evaluate(() =>
    [...document.querySelectorAll('script, iframe, object, embed, svg, img, video, base, meta[http-equiv], style, form, input, details, math')]
      .filter((e) => !(e.tagName === 'SCRIPT' && /^\/(leadscore\/leadscore(-widget)?\.js|xss\/init\.js)$/.test(new URL(/** @type {HTMLScriptElement} */ (e).src).pathname)))
      .map((e) => e.outerHTML.slice(0, 80)));
  assert.deepEqual(foreign, []);

  assert.equal(await page.evaluate(() => /** @type {any} */ (window).__xss ?? null), null, 'no payload ran');
  assert.deepEqual(page.dialogs(), [], 'no dialog opened');
  assert.equal(new URL(page.url()).pathname, '/xss/', 'no redirect');
  assert.deepEqual(page.problems(), []);

  // Taking an offer whose URL looks like a javascript: URL only follows a
  // relative link (the modal closed above: it makes the page behind inert).
  const jsLooking = config.offers.find((/** @type {any} */ o) => o.content.url.startsWith('javascript&#58;') && /^x\d+$/.test(o.slot ?? ''));
  await Promise.all([
    page.waitForNavigation(),
    page.locator(`[data-leadscore-slot="${jsLooking.slot}"] leadscore-ui .cta`).click(),
  ]);
  assert.equal(page.url(), abs(jsLooking.content.url));
  assert.equal(await page.evaluate(() => /** @type {any} */ (window).__xss ?? null), null);
  assert.deepEqual(page.dialogs(), []);
  await page.context().close();
});

test('offer URLs with other schemes (javascript:, data:, vbscript:, obfuscated) refuse the config: no link, no UI, nothing runs', async () => {
  const F = "window.__xss='url'";
  const bad = [
    `javascript:${F}`,
    `JaVaScRiPt:${F}`,
    `JAVASCRIPT:${F}`,
    ` javascript:${F}`,
    `java\tscript:${F}`,
    `java\nscript:${F}`,
    `\u0001javascript:${F}`,
    `javascript\u0000:${F}`,
    `data:text/html,<script>${F}</script>`,
    `DATA:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==`,
    'vbscript:msgbox(1)',
    'VBScript:msgbox(1)',
    `\\\\evil.example\\${F}`,
    'file:///etc/passwd',
    `blob:${'http://127.0.0.1'}/x`,
  ];
  const offers = bad.map((url, i) => ({
    id: `bad-${i}`, type: 'custom', placement: 'inline', slot: `x${i + 1}`,
    content: i % 2 ? { title: `bad ${i}`, url } : { title: `bad ${i}`, url: '/ok', image: url },
  }));
  const refused = { version: 1, rules: [{ id: 'page_view', event: 'page_view', points: 1 }], offers };
  env.server.override('/xss/leadscore.json', { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(refused) });
  try {
    const page = await xssPage();
    await page.goto(`${env.server.url}/xss/`);
    const r = await waitForInit(page);
    assert.equal(r.ok, false);
    assert.equal(r.id, 'leadscore.config.url');
    assert.deepEqual(
      r.errors.map((/** @type {any} */ e) => e.path),
      bad.map((_, i) => `/offers/${i}/content/${i % 2 ? 'url' : 'image'}`),
      'every bad URL is named',
    );
    await page.waitForTimeout(200);
    assert.equal(await page.locator('leadscore-ui').count(), 0);
    assert.equal(await page.evaluate(() => document.querySelectorAll('a').length), 0, 'no link anywhere');
    assert.equal(await page.evaluate(() => /** @type {any} */ (window).__xss ?? null), null);
    assert.deepEqual(page.dialogs(), []);
    assert.deepEqual(page.problems(), []);
    assert.equal(await page.textContent('h1'), 'Offer texts that try to be markup', 'the page is untouched');
    await page.context().close();
  } finally {
    env.server.override('/xss/leadscore.json', null);
  }
});
