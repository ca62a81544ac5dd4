// Clicks the widget counts, in Chromium: download links and
// [data-leadscore-cta] (an <input type=submit> too, its value as text) clicked with the primary button (with or without ctrl),
// role=button CTAs by Enter and Space, link CTAs and downloads also with the middle button (auxclick, "open in a new
// tab"; on a <button> it does nothing and counts nothing), and inside the
// page's own open shadow roots; each press counts once.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { useSite, openPage, waitForInit, waitForUi, recordEvents, recorded } from './support.mjs';

const env = useSite();

/** Times the rule fired, by rule id. @param {import('playwright-core').Page} page */
const fired = (page) => page.evaluate(() => {
  /** @type {Record<string, number>} */
  const out = { asset_download: 0, cta_click: 0 };
  for (const r of LeadScore.state().breakdown) out[r.rule] = r.fired;
  return { download: out.asset_download, click: out.cta_click };
});

/** The blog post, links kept on the page (a site's own router would do the same). */
async function blog() {
  const page = await openPage(env.browser, `${env.server.url}/blog/lead-scoring-101`);
  const r = await waitForInit(page);
  assert.ok(r.ok, JSON.stringify(r));
  await page.evaluate(() => {
    for (const type of ['click', 'auxclick']) addEventListener(type, (e) => e.preventDefault());
  });
  return page;
}

test('the middle button (auxclick) counts a download link and a link CTA once per press; not a button CTA (a button does nothing on it), nor the right button', async () => {
  const page = await blog();
  await page.evaluate(() => {
    document.querySelector('main')?.insertAdjacentHTML('afterbegin', '<p><a id="cta-link" data-leadscore-cta="post-top-pricing" href="/pricing">See pricing</a></p>');
  });
  assert.deepEqual(await fired(page), { download: 0, click: 0 });
  await page.click('#download-checklist', { button: 'middle' });
  await page.click('#cta-link', { button: 'middle' });
  assert.deepEqual(await fired(page), { download: 1, click: 1 }, 'opened in a new tab: followed');
  await page.click('#cta-demo', { button: 'middle' });
  assert.deepEqual(await fired(page), { download: 1, click: 1 }, 'a middle press on a <button> (auxclick only) does nothing');
  await page.click('#download-checklist', { button: 'right' });
  await page.click('#cta-demo', { button: 'right' });
  await page.click('#cta-link', { button: 'right' });
  assert.deepEqual(await fired(page), { download: 1, click: 1 }, 'a context menu is no click');
  await page.click('#download-checklist');
  await page.click('#cta-demo');
  await page.focus('#cta-demo');
  await page.keyboard.press('Enter');
  assert.deepEqual(await fired(page), { download: 2, click: 3 }, 'primary button and keyboard: once each');
  await page.click('#cta-demo', { modifiers: ['Control'] });
  await page.click('#cta-link', { modifiers: ['Control'] });
  assert.deepEqual(await fired(page), { download: 2, click: 5 }, 'ctrl-click: a click the button acts on, a link opened in a new tab');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

/**
 * The blog post (its inline offer and the premium gate's card shown) with
 * the widget's events recorded, links kept on the page.
 */
async function offers() {
  const page = await openPage(env.browser);
  await recordEvents(page);
  await page.goto(`${env.server.url}/blog/lead-scoring-101`);
  assert.ok((await waitForInit(page)).ok);
  await page.evaluate(() => {
    for (const type of ['click', 'auxclick']) addEventListener(type, (e) => e.preventDefault());
  });
  await waitForUi(page, 'inline');
  await waitForUi(page, 'gate');
  /** Presses the CTA link of the inline offer and of the gate's card with `button`. @param {'left' | 'middle' | 'right'} button */
  const press = async (button) => {
    await page.locator('leadscore-ui .inline a.cta').click({ button });
    await page.locator('leadscore-ui .gate a.cta').click({ button });
  };
  /** The conversions heard (on('offer')) and scored (offer_convert), by offer. */
  const conversions = async () => {
    const heard = (await recorded(page)).offers.filter((/** @type {any} */ o) => o.action === 'converted').map((/** @type {any} */ o) => o.offer);
    const s = await page.evaluate(() => LeadScore.state());
    const scored = s.breakdown.find((/** @type {any} */ r) => r.rule === 'offer_accepted')?.fired ?? 0;
    return { heard: heard.sort(), scored, converted: Object.keys(s.offers).filter((id) => 'converted_at' in s.offers[id]).sort() };
  };
  return { page, press, conversions };
}

test('the CTA link of an inline offer and of a gate card\'s offer: a click, or a middle click (auxclick: open in a new tab), converts that offer once (pressed again, not twice); a right click (the context menu) does not', async () => {
  const none = { heard: [], scored: 0, converted: [] };
  const both = { heard: ['guide-inline', 'premium-unlock'], scored: 2, converted: ['guide-inline', 'premium-unlock'] };
  for (const first of /** @type {const} */ (['left', 'middle'])) {
    const { page, press, conversions } = await offers();
    await press('right');
    assert.deepEqual(await conversions(), none, 'a right click converts nothing');
    await press(first);
    assert.deepEqual(await conversions(), both, `${first} button: each converted once`);
    await press(first);
    assert.deepEqual(await conversions(), both, `${first} button again: no second conversion`);
    await press('right');
    assert.deepEqual(await conversions(), both, 'a right click after it adds nothing');
    assert.deepEqual(page.problems(), []);
    await page.context().close();
  }
});

test('links and CTAs inside the page\'s own open shadow roots count, with either button', async () => {
  const page = await blog();
  await page.evaluate(() => {
    const host = document.createElement('div');
    host.id = 'card';
    document.querySelector('main')?.prepend(host);
    host.attachShadow({ mode: 'open' }).innerHTML =
      '<p><a id="guide" href="/files/buyers-guide.pdf"><span>The buyer\'s guide</span></a></p>' +
      '<p><a id="talk" data-leadscore-cta="card-talk" href="/pricing"><b>Talk to us</b></a></p>';
  });
  await page.click('#card >> #guide span');
  await page.click('#card >> #guide span', { button: 'middle' });
  await page.click('#card >> #talk b');
  await page.click('#card >> #talk b', { button: 'middle' });
  assert.deepEqual(await fired(page), { download: 2, click: 2 });
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a file the page makes itself (a data: link with a download name, e.g. a CSV export) is one download however large, without an error', async () => {
  const page = await blog();
  await page.evaluate(() => {
    const rows = Array.from({ length: 5000 }, (_, i) => `lead-${i},${i * 7},mql`).join('\n'); // ~90 KB
    const a = document.createElement('a');
    a.id = 'export';
    a.download = 'leads-export.csv';
    a.href = `data:text/csv;charset=utf-8,${encodeURIComponent(rows)}`;
    a.setAttribute('data-leadscore-cta', 'export');
    a.textContent = 'Export as CSV';
    document.querySelector('main')?.append(a);
  });
  await page.click('#export');
  assert.deepEqual(await fired(page), { download: 1, click: 1 });
  assert.deepEqual([page.problems(), page.warnings()], [[], []]);
  await page.context().close();
});

test('a file the page makes itself as a blob: (a CSV export) is a download by its download name, as a data: one is, so a rule on props.file matches it', async () => {
  const config = JSON.parse(readFileSync(new URL('./site/leadscore.json', import.meta.url), 'utf8'));
  config.rules.push({ id: 'csv_export', event: 'download', if: [{ field: 'props.file', ends_with: '.csv' }], points: 1 });
  const page = await openPage(env.browser);
  await page.route('**/leadscore.json', (r) => r.fulfill({ contentType: 'application/json', body: JSON.stringify(config) }));
  await page.goto(`${env.server.url}/blog/lead-scoring-101`);
  assert.ok((await waitForInit(page)).ok);
  await page.evaluate(() => {
    addEventListener('click', (e) => e.preventDefault());
    for (const [id, href] of [['blob-export', URL.createObjectURL(new Blob(['lead-1,7,mql'], { type: 'text/csv' }))], ['data-export', 'data:text/csv,lead-2']]) {
      const a = document.createElement('a');
      a.id = id;
      a.download = `${id}.csv`;
      a.href = href;
      a.textContent = id;
      document.querySelector('main')?.append(a);
    }
  });
  await page.click('#blob-export');
  await page.click('#data-export');
  const fired = await page.evaluate(() => Object.fromEntries(LeadScore.state().breakdown.map((/** @type {any} */ r) => [r.rule, r.fired])));
  assert.deepEqual([fired.asset_download, fired.csv_export], [2, 2]);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a CTA around a label (a plan card with its radio button) counts one click per press, on the label\'s text or on the radio', async () => {
  const page = await openPage(env.browser, `${env.server.url}/blog/lead-scoring-101`);
  assert.ok((await waitForInit(page)).ok);
  await page.evaluate(() => {
    document.querySelector('main')?.insertAdjacentHTML('afterbegin',
      '<div data-leadscore-cta="plan-pro" id="plan-pro"><label><input type="radio" name="plan" id="pro"> <span id="pro-text">Pro plan</span></label></div>' +
      '<p><label data-leadscore-cta="terms" for="terms">I accept the terms</label></p><p><input type="checkbox" id="terms"></p>');
  });
  await page.click('#pro-text');
  assert.deepEqual(await fired(page), { download: 0, click: 1 }, 'the label passes the press on to its radio: still one click');
  assert.equal(await page.isChecked('#pro'), true);
  await page.click('#pro');
  assert.deepEqual(await fired(page), { download: 0, click: 2 });
  await page.click('label[for="terms"]');
  assert.deepEqual(await fired(page), { download: 0, click: 3 }, 'a CTA label whose control is elsewhere counts itself');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a CTA that is an <input type=submit> counts with its label as text, by mouse and by Enter', async () => {
  // A rule on the CTA's text, as a marketer writes one: "Book a demo" buttons, whatever their markup.
  const config = JSON.parse(readFileSync(new URL('./site/leadscore.json', import.meta.url), 'utf8'));
  config.rules.push({ id: 'demo_button', event: 'click', if: [{ field: 'props.text', eq: 'Book a demo' }], points: 1 });
  env.server.override('/leadscore.json', { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(config) });
  try {
    const page = await blog();
    await page.evaluate(() => {
      document.querySelector('main')?.insertAdjacentHTML('afterbegin',
        '<form id="demo-form"><input name="email" id="demo-email"> <input type="submit" id="cta-input" data-leadscore-cta="post-demo" value="Book a demo"></form>');
      document.getElementById('demo-form')?.addEventListener('submit', (e) => e.preventDefault());
    });
    const demo = () => page.evaluate(() => LeadScore.state().breakdown.find((/** @type {any} */ r) => r.rule === 'demo_button')?.fired || 0);
    await page.click('#cta-input');
    assert.deepEqual([await fired(page), await demo()], [{ download: 0, click: 1 }, 1]);
    await page.focus('#cta-input');
    await page.keyboard.press('Enter');
    assert.deepEqual([await fired(page), await demo()], [{ download: 0, click: 2 }, 2]);
    assert.deepEqual(page.problems(), []);
    await page.context().close();
  } finally {
    env.server.override('/leadscore.json', null);
  }
});

test('a role=button CTA activated by the keyboard (Enter, Space) counts once per press, whether or not the page\'s handler makes a click of it', async () => {
  const page = await blog();
  /** Counted once the key is let go, in a task of its own: what fired() says after it. */
  const keyed = async () => {
    await page.evaluate(() => new Promise((ok) => setTimeout(ok)));
    return fired(page);
  };
  await page.evaluate(() => {
    document.querySelector('main')?.insertAdjacentHTML('afterbegin',
      '<div role="button" tabindex="0" id="role-cta" data-leadscore-cta="card-demo">Book a <b>demo</b></div>' +
      '<span role="button" tabindex="0" id="role-clicks" data-leadscore-cta="card-trial">Start a trial</span>' +
      '<p><input id="note"></p>');
    // As the ARIA practices' button does it: Enter on keydown, Space on keyup, the action called directly.
    const act = (/** @type {Event} */ e) => { /** @type {HTMLElement} */ (e.currentTarget).dataset.done = String(Number(/** @type {HTMLElement} */ (e.currentTarget).dataset.done || 0) + 1); };
    const roleCta = /** @type {HTMLElement} */ (document.getElementById('role-cta'));
    roleCta.addEventListener('click', act);
    roleCta.addEventListener('keydown', (e) => { if (e.key === 'Enter') act(e); if (e.key === ' ') e.preventDefault(); });
    roleCta.addEventListener('keyup', (e) => { if (e.key === ' ') act(e); });
    // Another app makes a click of the key press itself.
    const clicks = /** @type {HTMLElement} */ (document.getElementById('role-clicks'));
    clicks.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); clicks.click(); } });
  });
  await page.focus('#role-cta');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Space');
  assert.equal(await page.getAttribute('#role-cta', 'data-done'), '2', 'the page acted on both');
  assert.deepEqual(await keyed(), { download: 0, click: 2 });
  await page.click('#role-cta');
  assert.deepEqual(await keyed(), { download: 0, click: 3 });
  await page.focus('#role-clicks');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Space');
  assert.deepEqual(await keyed(), { download: 0, click: 5 }, 'the click the page made: once per press');
  await page.focus('#cta-demo'); // a <button>: the browser makes the click, on Enter and on Space
  await page.keyboard.press('Space');
  await page.keyboard.press('Enter');
  await page.focus('#note');
  await page.keyboard.press('Enter');
  assert.deepEqual(await keyed(), { download: 0, click: 7 }, 'a key elsewhere is no click');
  // A CTA whose Enter opens the page's dialog and focuses its field there (the key let go in the dialog).
  await page.evaluate(() => {
    document.querySelector('main')?.insertAdjacentHTML('afterbegin',
      '<div role="button" tabindex="0" id="role-dialog" data-leadscore-cta="card-callback">Call me back</div><dialog id="callback"><input id="phone"></dialog>');
    document.getElementById('role-dialog')?.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter') return;
      /** @type {HTMLDialogElement} */ (document.getElementById('callback')).showModal();
      document.getElementById('phone')?.focus();
    });
  });
  await page.focus('#role-dialog');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'phone', 'the page moved the focus on the key press');
  assert.deepEqual(await keyed(), { download: 0, click: 8 }, 'the press counts, where the key was let go elsewhere');
  await page.keyboard.press('Enter'); // in the dialog's field: no click
  assert.deepEqual(await keyed(), { download: 0, click: 8 });
  // A CTA whose Enter opens an embedded scheduler (a frame) and focuses it: the key is let go in the
  // frame, which the page never hears. The press counts then (the window loses the focus), not at
  // the next Enter or Space typed anywhere later, nor never.
  await page.evaluate(() => {
    /** @type {HTMLDialogElement} */ (document.getElementById('callback')).close();
    document.querySelector('main')?.insertAdjacentHTML('afterbegin',
      '<div role="button" tabindex="0" id="role-frame" data-leadscore-cta="card-schedule">Pick a time</div><div id="slot"></div>');
    document.getElementById('role-frame')?.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter') return;
      const f = document.createElement('iframe');
      /** @type {HTMLElement} */ (document.getElementById('slot')).replaceChildren(f);
      const d = /** @type {Document} */ (f.contentDocument);
      d.open();
      d.write('<input id="name">');
      d.close();
      /** @type {HTMLElement} */ (d.getElementById('name')).focus();
    });
  });
  await page.focus('#role-frame');
  await page.keyboard.press('Enter');
  assert.deepEqual(await keyed(), { download: 0, click: 9 }, 'counted when the key press took the focus into the frame');
  await page.focus('#note');
  await page.keyboard.press('Space');
  assert.deepEqual(await keyed(), { download: 0, click: 9 }, 'not again at a later key');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});
