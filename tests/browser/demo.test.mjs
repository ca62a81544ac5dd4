// The demo as a marketer meets it: scripts/stage-demo.sh stages the site
// exactly as scripts/demo.sh does, the real `leadscore serve` serves it (with
// the strict CSP) and keeps the inbox, and Chromium browses the site and
// LeadScore studio (/studio/).
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, launch, openPage, watch, missing, waitForInit, STRICT_CSP, T0, recordEvents, recorded, widgetUi } from './support.mjs';

const cli = join(root, 'build', 'native', 'cli', 'leadscore');
const why = missing() || (existsSync(cli) ? '' : `${cli} not built: cmake --preset native && cmake --build --preset native`);

/** @type {{url: string, close: () => Promise<void>}} */
let server;
/** @type {import('playwright-core').Browser} */
let browser;
let dir = '';

/** Starts `leadscore serve --port 0` on the staged site; resolves once it names its port. */
function serve(siteDir, db) {
  const child = spawn(cli, ['serve', '--port', '0', '--db', db, '--root', siteDir, '--csp', STRICT_CSP],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`leadscore serve did not start: ${out}`)), 10000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = /on (http:\/\/[^\s,]+), inbox/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({
          url: m[1],
          close: () => new Promise((done) => {
            child.once('exit', done);
            child.kill('SIGTERM');
          }),
        });
      }
    });
    child.stderr.on('data', (chunk) => (out += chunk));
    child.once('exit', (code) => reject(new Error(`leadscore serve exited with ${code}: ${out}`)));
  });
}

before(async () => {
  assert.equal(why, '', `the demo tests cannot run: ${why}`);
  dir = mkdtempSync(join(tmpdir(), 'leadscore-demo-'));
  execFileSync(join(root, 'scripts', 'stage-demo.sh'), [join(dir, 'site')], { stdio: 'pipe' });
  server = await serve(join(dir, 'site'), join(dir, 'inbox.sqlite'));
  browser = await launch();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Opens LeadScore studio in a fresh browser context and waits until it is ready. */
async function openStudio(contextOptions = {}) {
  const page = await openPage(browser, `${server.url}/studio/`, { viewport: { width: 1400, height: 1000 }, ...contextOptions });
  await page.locator('#studio-status', { hasText: 'Ready' }).waitFor();
  await page.locator('#preview-url', { hasText: '/' }).waitFor();
  return page;
}

/**
 * Navigates the studio's preview (the buttons above it) and waits for the
 * page: loaded, with its LeadScore (the studio names the page while it is
 * still loading; a simulator button pressed then is told to wait).
 */
async function go(studio, path) {
  await studio.click(`[data-go="${path}"]`);
  await studio.locator('#preview-url', { hasText: new RegExp(`^${path.replace(/[/.]/g, '\\$&')}$`) }).waitFor();
  await studio.waitForFunction((p) => {
    const w = /** @type {any} */ (document.getElementById('site'))?.contentWindow;
    return w?.location.pathname === p && w.document.readyState === 'complete' && typeof w.LeadScore?.track === 'function';
  }, path);
}

/** The cells of a rule's breakdown row: [dimension, fired, points, capped, decayed]. */
async function breakdown(studio, rule) {
  return studio.locator(`#breakdown tr[data-rule="${rule}"] td`).allTextContents();
}

/** The text of an element of the studio, once it holds `expected`. */
async function shows(studio, selector, expected, timeout = 8000) {
  await studio.locator(selector, { hasText: expected }).first().waitFor({ timeout });
  return studio.locator(selector).first().textContent();
}

/**
 * Edits the config in the studio's editor as a marketer would: `change` alters
 * the document shown, which is then written back laid out, until the editor
 * finds it valid (not applied yet).
 * @param {import('playwright-core').Page} studio @param {(doc: any) => void} change
 */
async function editConfig(studio, change) {
  const doc = JSON.parse(await studio.inputValue('#config-text'));
  change(doc);
  await studio.fill('#config-text', JSON.stringify(doc, null, 2));
  await shows(studio, '#config-state', 'Valid. Apply it');
}

/**
 * The studio with a draft the core refuses ("points": "lots", as an older
 * build could have stored), once the preview's widget has said it did not start.
 */
async function studioWithRefusedDraft() {
  const studio = await openStudio();
  await studio.evaluate(() => localStorage.setItem('leadscore-demo:draft-config',
    JSON.stringify({ version: 1, rules: [{ id: 'pricing_view', event: 'page_view', points: 'lots' }] })));
  await studio.reload();
  await studio.locator('#studio-status', { hasText: 'Ready' }).waitFor();
  await shows(studio, '#widget-log', 'the widget did not start');
  return studio;
}

test('every page of the site loads under the strict CSP with the widget running and nothing in the console', async () => {
  const paths = ['/', '/blog/', '/blog/lead-scoring-101/', '/blog/mql-vs-sql/', '/blog/scoring-decay/',
    '/guides/lead-scoring-playbook/', '/webinars/scoring-that-sales-trusts/', '/customers/acme/', '/pricing/',
    '/demo/', '/contact/', '/contact/vi/', '/contact/th/', '/contact/fa/', '/careers/', '/studio/'];
  const page = await openPage(browser);
  for (const path of paths) {
    const response = await page.goto(`${server.url}${path}`);
    assert.equal(response.status(), 200, path);
    assert.match(response.headers()['content-security-policy'] || '', /script-src 'self' 'wasm-unsafe-eval'/);
    if (path === '/studio/') {
      await page.locator('#studio-status', { hasText: 'Ready' }).waitFor();
    } else {
      const init = await waitForInit(page);
      assert.ok(init.ok, `${path}: ${JSON.stringify(init)}`);
    }
    assert.deepEqual(page.problems(), [], path);
    assert.deepEqual(page.warnings(), [], path);
  }
  await page.context().close();
});

test('browsing from the blog to pricing moves the visitor from awareness to decision in the studio, with the cause', async () => {
  const studio = await openStudio();
  await go(studio, '/blog/lead-scoring-101/');
  assert.equal(await shows(studio, '#journey', 'awareness'), 'awareness');
  assert.equal(await studio.textContent('#lifecycle'), 'visitor');
  await go(studio, '/pricing/');
  await shows(studio, '#journey', 'decision');
  const transition = await shows(studio, '#transitions li[data-kind="journey"]', 'awareness → decision');
  assert.match(transition, /decision content/);
  await shows(studio, '#breakdown tr[data-rule="pricing_view"]', '15');
  assert.deepEqual(await breakdown(studio, 'pricing_view'), ['engagement', '1', '15', '—', '—']);
  // The offers the core picks for a decision-stage visitor on pricing.
  await shows(studio, '#offers-on-screen', 'pricing-sales');

  // Identify (a VP of a 250-person company: total past the MQL threshold), then raise a hand.
  await studio.click('#sim-identify button[type="submit"]');
  await shows(studio, '#lifecycle', 'mql');
  assert.match(await shows(studio, '#transitions li[data-kind="lifecycle"]', 'visitor → mql'), /known contact, total [\d.]+ >= 60/);
  assert.match(await studio.textContent('#contact'), /ana\.silva@acme-logistics\.com/);
  await studio.click('[data-sim="demo"]');
  await shows(studio, '#lifecycle', 'sql');
  assert.match(await shows(studio, '#transitions li[data-kind="lifecycle"]', '→ sql'), /demo_request/);
  // The widget's messages say what became of the SQL's lead.
  assert.match(await shows(studio, '#widget-log', 'stage_change, sql'), /lead \S+ captured \(stage_change, sql\)/);
  assert.match(await shows(studio, '#widget-log', 'delivered'), /lead \S+ delivered \(to inbox, HTTP 201\)/);
  assert.doesNotMatch(await studio.textContent('#widget-log'), /undefined/);
  assert.deepEqual(studio.problems(), []);
  await studio.context().close();
});

test('a site page in another tab is followed live by the studio', async () => {
  const studio = await openStudio();
  await shows(studio, '#lifecycle', 'visitor');
  const tab = await studio.context().newPage();
  await tab.goto(`${server.url}/careers/`);
  await waitForInit(tab);
  await tab.evaluate(() => window.LeadScore.flush());
  await shows(studio, '#breakdown tr[data-rule="careers"]', '-10');
  assert.deepEqual(await breakdown(studio, 'careers'), ['engagement', '1', '-10', '—', '—']);
  await studio.context().close();
});

test('an invalid config edit lists each error with its JSON path and id, and is not applied', async () => {
  const studio = await openStudio();
  const text = await studio.inputValue('#config-text');
  const doc = JSON.parse(text);
  assert.equal(doc.rules[3].id, 'pricing_view');
  doc.rules[3].points = 'lots';
  doc.offers[0].placement = 'popup';
  await studio.fill('#config-text', JSON.stringify(doc, null, 2));
  const type = await shows(studio, '#config-errors li[data-path="/rules/3/points"]', 'leadscore.config.type');
  assert.match(type, /expected a number/);
  await shows(studio, '#config-errors li[data-path="/offers/0/placement"]', 'leadscore.config.enum');
  assert.match(await studio.textContent('#config-state'), /2 errors/);
  assert.ok(await studio.isDisabled('#config-apply'));
  assert.equal(await studio.evaluate(() => localStorage.getItem('leadscore-demo:draft-config')), null);

  // Not JSON at all: one syntax error, with where it is.
  await studio.fill('#config-text', text.slice(0, 200));
  await shows(studio, '#config-errors li[data-id="leadscore.config.syntax"]', 'leadscore.config.syntax');
  assert.ok(await studio.isDisabled('#config-apply'));

  // The preview still runs the shipped config: pricing is worth 15.
  await go(studio, '/pricing/');
  await shows(studio, '#breakdown tr[data-rule="pricing_view"]', '15');
  // Config text is shown as text: markup in an error stays text.
  doc.rules[3].points = 15;
  doc.rules[0]['<img src=x onerror=alert(1)>'] = 1;
  await studio.fill('#config-text', JSON.stringify(doc));
  await shows(studio, '#config-errors li', '<img src=x onerror=alert(1)>');
  assert.equal(await studio.locator('#config-errors img').count(), 0);
  assert.deepEqual(studio.problems(), []);
  await studio.context().close();
});

test('the editor refuses what `leadscore validate` refuses, in the same words: a key given twice, text that is not JSON, a number out of range', async () => {
  const studio = await openStudio();
  const text = await studio.inputValue('#config-text');
  assert.match(text, /"id": "pricing_view",[^}]*"points": 15,/);
  const cases = {
    // JSON.parse keeps the last of two keys: the editor said "Valid" and Apply stored 10.
    'a key given twice': text.replace(/("id": "pricing_view",[^}]*"points": 15),/, '$1, "points": 10,'),
    'not JSON': text.replace(/("id": "pricing_view",[^}]*"points": 15),/, '$1,,'),
    'a number out of range': text.replace(/("id": "pricing_view",[^}]*"points": )15,/, '$11e400,'),
  };
  for (const [what, bad] of Object.entries(cases)) {
    const file = join(dir, 'studio-edit.json');
    writeFileSync(file, bad);
    let said = '';
    try {
      execFileSync(cli, ['validate', file], { stdio: 'pipe' });
    } catch (e) {
      said = String(e.stdout);
    }
    const expected = said.trim().split('\n');
    assert.ok(expected[0].startsWith('[leadscore.config.'), `${what}: leadscore validate refuses it: ${said}`);
    await studio.fill('#config-text', bad);
    // The list as `leadscore validate` prints it, once the check after typing has run.
    const listing = () => studio.$$eval('#config-errors li', (items) => items.map((li) => {
      const t = li.textContent || '';
      return `[${li.getAttribute('data-id')}] ${li.getAttribute('data-path') || '/'}: ${t.slice(t.indexOf('] ') + 2)}`;
    }));
    await studio.waitForFunction(() => !/Valid/.test(document.getElementById('config-state')?.textContent || ''), null, { timeout: 8000 }).catch(() => {});
    assert.match(await studio.textContent('#config-state'), /the core refuses this config/, what);
    await studio.waitForFunction((want) => {
      const first = document.querySelector('#config-errors li');
      return first && first.textContent?.endsWith(want);
    }, expected[0].slice(expected[0].indexOf(': ') + 2), { timeout: 8000 }).catch(() => {});
    assert.deepEqual(await listing(), expected, what);
    assert.ok(await studio.isDisabled('#config-apply'), what);
  }
  assert.equal(await studio.evaluate(() => localStorage.getItem('leadscore-demo:draft-config')), null);
  assert.deepEqual(studio.problems(), []);
  await studio.context().close();
});

test('a config that starts with a byte order mark (a file saved by Windows Notepad) is accepted, as `leadscore validate` accepts the file', async () => {
  const studio = await openStudio();
  const text = '\uFEFF' + (await studio.inputValue('#config-text')).replace(/("id": "pricing_view",[^}]*"points": )15,/, '$120,');
  const file = join(dir, 'studio-bom.json');
  writeFileSync(file, text);
  execFileSync(cli, ['validate', file], { stdio: 'pipe' }); // exit 0: valid
  await studio.fill('#config-text', text);
  await shows(studio, '#config-state', 'Valid. Apply it');
  assert.equal(await studio.locator('#config-errors li').count(), 0);
  await studio.click('#config-apply');
  await shows(studio, '#config-source', 'your draft');
  const draft = JSON.parse(await studio.evaluate(() => localStorage.getItem('leadscore-demo:draft-config') || 'null'));
  assert.equal(draft.rules.find((/** @type {any} */ r) => r.id === 'pricing_view').points, 20);
  assert.deepEqual(studio.problems(), []);
  await studio.context().close();
});

test('a mistyped event name is a warning in the editor, in the words of `leadscore validate`, and the config can still be applied', async () => {
  const studio = await openStudio();
  const doc = JSON.parse(await studio.inputValue('#config-text'));
  assert.equal(doc.rules[3].event, 'page_view');
  doc.rules[3].event = 'page_veiw';
  const typo = JSON.stringify(doc, null, 2);
  await studio.fill('#config-text', typo);
  const warning = await shows(studio, '#config-errors li.warning[data-path="/rules/3/event"]', 'did you mean');
  const file = join(dir, 'studio-typo.json');
  writeFileSync(file, typo);
  const said = execFileSync(cli, ['validate', file], { encoding: 'utf8' }).trim(); // exit 0: a warning refuses nothing
  assert.equal(said, 'warning: [leadscore.config.unknown_event] /rules/3/event: "page_veiw" is not a built-in event; did you mean "page_view"?');
  assert.equal(`warning: [leadscore.config.unknown_event] /rules/3/event: ${warning.slice(warning.indexOf('] ') + 2)}`, said);
  assert.match(await studio.textContent('#config-state'), /^Valid\. Apply it to preview the change\. One warning below/);
  assert.ok(await studio.isEnabled('#config-apply'));
  await studio.context().close();
});

test('clicking an error or a warning puts the editor\'s caret where it is, and the focus in the editor', async () => {
  const studio = await openStudio();
  const text = await studio.inputValue('#config-text');
  const doc = JSON.parse(text);
  doc.rules[3].points = 'lots';
  doc.rules[5].event = 'scrol';
  const bad = JSON.stringify(doc, null, 2);
  await studio.fill('#config-text', bad);
  const caret = () => studio.evaluate(() => {
    const t = /** @type {HTMLTextAreaElement} */ (document.activeElement);
    return t.id === 'config-text' && t.selectionStart === t.selectionEnd ? t.selectionStart : -1;
  });
  await studio.locator('#config-errors li[data-path="/rules/3/points"]').click();
  const rule3 = bad.indexOf('"id": "pricing_view"');
  assert.equal(await caret(), bad.indexOf('"points": "lots"', rule3));
  await studio.locator('#config-errors li.warning[data-path="/rules/5/event"]').click();
  assert.equal(await caret(), bad.indexOf('"event": "scrol"'));
  // Text that is not JSON: the line and column the error names.
  const cut = text.slice(0, 200);
  await studio.fill('#config-text', cut);
  const syntax = await shows(studio, '#config-errors li[data-id="leadscore.config.syntax"]', 'line');
  const [, line, column] = /line (\d+), column (\d+)/.exec(syntax).map(Number);
  await studio.locator('#config-errors li[data-id="leadscore.config.syntax"]').click();
  const at = await caret();
  const before = cut.slice(0, at).split('\n');
  assert.deepEqual([before.length, before[before.length - 1].length + 1], [line, column]);
  // Columns count characters: "é" and an emoji (two UTF-16 units) before the error are one each.
  const wide = '{"version": 1,\n "name": "Café 🚀", }';
  await studio.fill('#config-text', wide);
  await shows(studio, '#config-errors li[data-id="leadscore.config.syntax"]', 'line 2, column 20');
  await studio.locator('#config-errors li[data-id="leadscore.config.syntax"]').click();
  assert.equal(await caret(), wide.lastIndexOf('}'));
  await studio.context().close();
});

test('a /leadscore.json that cannot be loaded is said, with why, and the draft and edits are kept', async () => {
  const draft = { version: 1, rules: [{ id: 'kept', event: 'page_view', points: 3 }] };
  for (const [what, reply, why] of [
    ['missing', { status: 404, contentType: 'text/plain', body: 'no such file' }, /HTTP 404/],
    ['not JSON', { status: 200, contentType: 'application/json', body: '{"version": 1,\n  "rules": [' }, /not a JSON document: line 2, column/],
  ]) {
    const studio = await openPage(browser, undefined, { viewport: { width: 1400, height: 1000 } });
    await studio.route('**/leadscore.json', (route) => route.fulfill(reply));
    await studio.goto(`${server.url}/studio/`);
    await studio.locator('#studio-status', { hasText: 'Ready' }).waitFor();
    const status = await studio.textContent('#studio-status');
    assert.match(status, /Could not load \/leadscore\.json/, what);
    assert.match(status, why, what);
    assert.match(await studio.textContent('#config-source'), why, what);
    assert.notEqual((await studio.inputValue('#config-text')).trim(), '{}', what);
    if (what === 'not JSON') {
      // The file's own text, to be mended where its error points.
      assert.equal(await studio.inputValue('#config-text'), reply.body);
      await shows(studio, '#config-errors li[data-id="leadscore.config.syntax"]', 'line 2');
    } else {
      // Nothing to read: no error about the empty editor, an invitation instead.
      await shows(studio, '#config-state', 'write a config');
      assert.equal(await studio.locator('#config-errors li').count(), 0);
      assert.ok(await studio.isDisabled('#config-apply'));
    }
    // With a draft: the editor keeps it, and Discard draft (back to a file that failed) is not offered.
    await studio.evaluate((d) => localStorage.setItem('leadscore-demo:draft-config', JSON.stringify(d)), draft);
    await studio.reload();
    await studio.locator('#studio-status', { hasText: 'Ready' }).waitFor();
    assert.deepEqual(JSON.parse(await studio.inputValue('#config-text')), draft, what);
    assert.ok(await studio.isDisabled('#config-discard'), what);
    assert.deepEqual(studio.problems().filter((p) => !/Failed to load resource/.test(p)), [], what);
    await studio.context().close();
  }
});

test('a /leadscore.json that is not UTF-8 (an "é" saved as Latin-1) is refused as `leadscore validate` and the site\'s widget refuse it, with its line and column', async () => {
  const utf8 = Buffer.from(readFileSync(join(root, 'demo', 'leadscore.json'), 'utf8').replace('"One lead-scoring idea a week"', '"One lead-scoring idée a week"'));
  const at = utf8.indexOf(Buffer.from('idée')) + 2;
  const body = Buffer.concat([utf8.subarray(0, at), Buffer.from([0xE9]), utf8.subarray(at + 2)]);
  const file = join(dir, 'studio-latin1.json');
  writeFileSync(file, body);
  let said = '';
  try {
    execFileSync(cli, ['validate', file], { stdio: 'pipe' });
  } catch (e) {
    said = String(e.stdout).trim();
  }
  const m = /^\[leadscore\.config\.syntax\] \/: (not a JSON document: line \d+, column \d+: .*)$/.exec(said);
  assert.ok(m, `leadscore validate refuses it: ${said}`);
  const studio = await openPage(browser, undefined, { viewport: { width: 1400, height: 1000 } });
  await studio.route('**/leadscore.json', (route) => route.fulfill({ status: 200, contentType: 'application/json', body }));
  await studio.goto(`${server.url}/studio/`);
  await studio.locator('#studio-status', { hasText: 'Ready' }).waitFor();
  assert.equal(await studio.textContent('#studio-status'),
    `Ready, but: Could not load /leadscore.json (${m[1]}). The site's pages run no config; your draft and edits in this browser are kept.`);
  assert.match(await studio.textContent('#config-source'), new RegExp(`^Could not load /leadscore\\.json \\(${m[1].replace(/[().]/g, '\\$&')}\\)\\. The preview runs no config`));
  assert.doesNotMatch(await studio.textContent('#config-state'), /what the preview runs/);
  // The site's widget refuses the file too, in the same words.
  await shows(studio, '#widget-log', 'the widget did not start');
  assert.match(await studio.textContent('#widget-log'), new RegExp(m[1].replace(/[().]/g, '\\$&')));
  await studio.context().close();
});

test('a /leadscore.json that is JSON but refused by the core (or null) is said as refused, with why, not "Ready" with a preview that runs nothing', async () => {
  const doc = JSON.parse(readFileSync(join(root, 'demo', 'leadscore.json'), 'utf8'));
  doc.rules.find((/** @type {any} */ r) => r.id === 'pricing_view').points = 40; // its cap is 30
  for (const [what, body, why] of [
    ['refused', JSON.stringify(doc, null, 2), '/rules/3/cap smaller than the rule\'s points (40) [leadscore.config.cap]'],
    ['null', 'null', '/ expected an object, got null [leadscore.config.type]'],
  ]) {
    const studio = await openPage(browser, undefined, { viewport: { width: 1400, height: 1000 } });
    await studio.route('**/leadscore.json', (route) => route.fulfill({ status: 200, contentType: 'application/json', body }));
    await studio.goto(`${server.url}/studio/`);
    await studio.locator('#studio-status', { hasText: 'Ready' }).waitFor();
    assert.equal(await studio.textContent('#studio-status'),
      `Ready, but: /leadscore.json is refused: ${why}. The site's pages run no config; your draft and edits in this browser are kept.`, what);
    assert.match(await studio.textContent('#config-source'), /^\/leadscore\.json is refused: .*The preview runs no config/, what);
    // No draft to discard: the visitor panel does not advise it.
    assert.match(await studio.textContent('#visitor'), /refused.*there is no draft: the widget does not run/, what);
    assert.doesNotMatch(await studio.textContent('#visitor'), /Discard draft/, what);
    // The file's own text, to be mended where its errors point.
    assert.equal(await studio.inputValue('#config-text'), body, what);
    await shows(studio, '#config-state', 'the core refuses this config');
    assert.deepEqual(studio.problems(), [], what);
    await studio.context().close();
  }
});

test('the gates list names the offer a gate shows in place of its content only while the gate is locked', async () => {
  const studio = await openStudio();
  await go(studio, '/blog/lead-scoring-101/'); // the first article is free
  const free = await shows(studio, '#gates li[data-gate="articles"]', '): free');
  assert.doesNotMatch(free, /in its place/);
  await go(studio, '/blog/mql-vs-sql/'); // the second one asks for an email
  assert.match(await shows(studio, '#gates li[data-gate="articles"]', '): locked'), /shows “.+” in its place/);
  await studio.context().close();
});

test('a gate\'s card is listed on screen while its gate is locked, and no longer once the visitor unlocks it (the card leaves the page)', async () => {
  const studio = await openStudio();
  await go(studio, '/pricing/');
  await shows(studio, '#gates li[data-gate="price-sheet"]', 'locked');
  await shows(studio, '#offers-on-screen', 'price-sheet-unlock');
  const card = studio.frameLocator('#site').locator('leadscore-ui').filter({ hasText: 'The volume price sheet is for teams we know' });
  assert.equal(await card.count(), 1);
  await studio.click('#sim-identify button[type=submit]'); // contact data: MQL, the price sheet opens
  await shows(studio, '#gates li[data-gate="price-sheet"]', 'unlocked');
  await studio.waitForFunction(() => !document.getElementById('offers-on-screen')?.textContent?.includes('price-sheet-unlock'));
  assert.equal(await card.count(), 0);
  assert.deepEqual(studio.problems(), []);
  await studio.context().close();
});

test('the offers panel says when an offer that fits was already shown as often as one visit allows', async () => {
  const studio = await openStudio();
  await go(studio, '/pricing/');
  await shows(studio, '#offers-on-screen', 'pricing-sales');
  await studio.click('#offers details summary');
  // Shown once this visit (max_views_per_visit 1 by default): the next load of pricing does not show it, and says why.
  const why = await shows(studio, '#offers details li[data-offer="pricing-sales"]', 'per visit');
  assert.match(why, /shown 1 of 1 time allowed per visit \(max_views_per_visit\), so not again in this visit/);
  assert.match(await studio.textContent('#offers details p'), /max_views_per_visit/);
  await studio.context().close();
});

test('an offer not chosen because of its own conditions (pricing-sales is not for the contact page) says them in its targeting', async () => {
  const studio = await openStudio();
  await go(studio, '/contact/');
  await studio.click('#offers details summary');
  const why = await shows(studio, '#offers details li[data-offer="pricing-sales"]', 'only if');
  assert.match(why, /only if path not in \/contact\/, \/contact\/vi\/, \/contact\/th\/, \/contact\/fa\/, \/demo\//);
  assert.deepEqual(studio.problems(), []);
  await studio.context().close();
});

test('the offers panel tells a gate\'s card as what it is (shown whenever its gate is locked), not as an offer over its caps', async () => {
  const studio = await openStudio();
  await go(studio, '/pricing/');
  await go(studio, '/customers/acme/');
  await go(studio, '/pricing/');
  await shows(studio, '#gates li[data-gate="price-sheet"]', 'locked');
  await studio.click('#offers details summary');
  // (its history once a view of the card is stored and the studio has looked again: every 5 s; a view
  // counts once the card is in the window)
  const card = await shows(studio, '#offers details li[data-offer="price-sheet-unlock"]', 'History: shown', 15000);
  assert.match(card, /History: shown [12] times?\./);
  assert.match(card, /pricing · gate card — the card of gate “price-sheet”, shown in place of its content whenever it is locked/);
  assert.doesNotMatch(card, /per visit|of 5 times|on load|inline/);
  assert.deepEqual(studio.problems(), []);
  await studio.context().close();
});

test('a valid edit applied in the studio changes the score the visitor gets', async () => {
  const studio = await openStudio();
  await go(studio, '/pricing/');
  await shows(studio, '#breakdown tr[data-rule="pricing_view"]', '15');
  const before = Number(await studio.textContent('#score-total'));

  await editConfig(studio, (doc) => {
    doc.rules[3].points = 40;
    doc.rules[3].cap = 80;
  });
  await studio.click('#config-apply');
  await shows(studio, '#config-source', 'draft');
  // The preview restarts on /pricing/ with the draft: 15 before, 40 now.
  await shows(studio, '#breakdown tr[data-rule="pricing_view"]', '55');
  const [, fired, points, capped] = await breakdown(studio, 'pricing_view');
  assert.deepEqual([fired, points], ['2', '55'], 'fired twice: 15, then 40');
  assert.ok(['0', '—'].includes(capped), `nothing withheld by the cap of 80, not ${capped} (2 × 40 − 55)`);
  await studio.waitForFunction((n) => Number(document.getElementById('score-total')?.textContent) === n, before + 2 + 40);

  // Discarding the draft returns to the shipped config.
  await studio.click('#config-discard');
  assert.equal(await studio.evaluate(() => localStorage.getItem('leadscore-demo:draft-config')), null);
  assert.equal(JSON.parse(await studio.inputValue('#config-text')).rules[3].points, 15);
  assert.deepEqual(studio.problems(), []);
  await studio.context().close();
});

test('edits not yet applied survive reloading the studio; Undo my edits returns to what the preview runs', async () => {
  const studio = await openStudio();
  const shipped = await studio.inputValue('#config-text');
  const edited = shipped.replace(/("id": "pricing_view",[^}]*"points": )15,/, '$125,');
  assert.notEqual(edited, shipped);
  await studio.fill('#config-text', edited);
  await shows(studio, '#config-state', 'Valid. Apply it');
  await studio.reload();
  await studio.locator('#studio-status', { hasText: 'Ready' }).waitFor();
  assert.equal(await studio.inputValue('#config-text'), edited, 'the edit is still there after a reload');
  assert.match(await studio.textContent('#config-state'), /Valid\. Apply it/);
  assert.match(await studio.textContent('#config-source'), /not applied yet/);
  // A half-typed edit the core refuses is kept too, with its errors.
  const broken = edited.replace('"points": 25,', '"points": 25,,');
  await studio.fill('#config-text', broken);
  await shows(studio, '#config-state', 'the core refuses this config');
  await studio.reload();
  await studio.locator('#studio-status', { hasText: 'Ready' }).waitFor();
  assert.equal(await studio.inputValue('#config-text'), broken);
  await shows(studio, '#config-errors li[data-id="leadscore.config.syntax"]', 'line');
  // Nothing was applied meanwhile: the preview still runs the shipped config.
  assert.equal(await studio.evaluate(() => localStorage.getItem('leadscore-demo:draft-config')), null);
  await studio.click('#config-revert');
  assert.equal(await studio.inputValue('#config-text'), shipped);
  await studio.reload();
  await studio.locator('#studio-status', { hasText: 'Ready' }).waitFor();
  assert.equal(await studio.inputValue('#config-text'), shipped, 'undone edits do not come back');
  assert.match(await studio.textContent('#config-state'), /Valid, and what the preview runs/);
  // Reloaded straight after typing, before the check ran: still kept.
  await studio.fill('#config-text', edited);
  await studio.reload();
  await studio.locator('#studio-status', { hasText: 'Ready' }).waitFor();
  assert.equal(await studio.inputValue('#config-text'), edited, 'reloaded right after typing');
  assert.deepEqual(studio.problems(), []);
  await studio.context().close();
});

test('two studio tabs: a clean editor follows the draft the other tab applied; an edited one keeps its text and says the preview now runs another tab\'s draft; a reload brings back the tab\'s own edits', async () => {
  const a = await openStudio();
  const b = watch(await a.context().newPage());
  await b.setViewportSize({ width: 1400, height: 1000 });
  await b.goto(`${server.url}/studio/`);
  await b.locator('#studio-status', { hasText: 'Ready' }).waitFor();
  const shipped = await a.inputValue('#config-text');
  const points = (/** @type {string} */ t) => Number(/"id": "pricing_view",[^}]*"points": (\d+),/.exec(t)?.[1]);
  const withPoints = (/** @type {string} */ t, /** @type {number} */ n) => t.replace(/("id": "pricing_view",[^}]*"points": )\d+,/, `$1${n},`);
  // B has not touched its editor: it follows A's draft.
  await a.fill('#config-text', withPoints(shipped, 25));
  await shows(a, '#config-state', 'Valid. Apply it');
  await a.click('#config-apply');
  await shows(a, '#config-source', 'your draft');
  await b.waitForFunction(() => /"id": "pricing_view",[^}]*"points": 25,/.test(/** @type {HTMLTextAreaElement} */ (document.getElementById('config-text')).value));
  assert.match(await shows(b, '#config-source', 'another tab'), /The preview runs your draft/);
  assert.match(await b.textContent('#config-state'), /^Valid, and what the preview runs/);
  // B edits; A applies again: B keeps its text, and no longer claims it is what the preview runs.
  const mine = withPoints(await b.inputValue('#config-text'), 30).replace('"session_timeout_minutes": 30', '"session_timeout_minutes": 31');
  await b.fill('#config-text', mine);
  await shows(b, '#config-state', 'Valid. Apply it');
  await a.fill('#config-text', withPoints(shipped, 26));
  await shows(a, '#config-state', 'Valid. Apply it');
  await a.click('#config-apply');
  await shows(b, '#config-source', 'changed in another tab');
  assert.equal(await b.inputValue('#config-text'), mine);
  assert.doesNotMatch(await b.textContent('#config-state'), /what the preview runs/);
  // Made its own edit again (the one A ran is 26): a reload of each tab brings back its own text.
  await a.fill('#config-text', withPoints(shipped, 27));
  await shows(a, '#config-state', 'Valid. Apply it');
  await b.reload();
  await b.locator('#studio-status', { hasText: 'Ready' }).waitFor();
  assert.equal(await b.inputValue('#config-text'), mine, 'B keeps its edits, not A\'s');
  assert.match(await b.textContent('#config-source'), /changed since/);
  await a.reload();
  await a.locator('#studio-status', { hasText: 'Ready' }).waitFor();
  assert.equal(points(await a.inputValue('#config-text')), 27, 'A keeps its edits, not B\'s');
  assert.deepEqual([a.problems(), b.problems()], [[], []]);
  await a.context().close();
});

test('an edit kept from before a new /leadscore.json was deployed says the file changed since, rather than passing for an edit of it', async () => {
  const studio = await openStudio();
  const shipped = await studio.inputValue('#config-text');
  const edited = shipped.replace(/("id": "pricing_view",[^}]*"points": )15,/, '$125,');
  await studio.fill('#config-text', edited);
  await shows(studio, '#config-state', 'Valid. Apply it');
  const deployed = JSON.parse(shipped);
  deployed.session_timeout_minutes = 45;
  await studio.route('**/leadscore.json', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(deployed) }));
  await studio.reload();
  await studio.locator('#studio-status', { hasText: 'Ready' }).waitFor();
  assert.equal(await studio.inputValue('#config-text'), edited);
  assert.match(await studio.textContent('#config-source'), /The preview runs \/leadscore\.json.*changed since/);
  await studio.click('#config-revert');
  assert.deepEqual(JSON.parse(await studio.inputValue('#config-text')), deployed);
  await studio.context().close();
});

test('an Apply that this browser\'s storage refuses (localStorage full) is said where the marketer looks, next to Apply, and announced', async () => {
  const studio = await openPage(browser, undefined, { viewport: { width: 1400, height: 1000 } });
  await studio.addInitScript(() => {
    if (location.pathname !== '/studio/') return;
    const set = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key, value) {
      if (key === 'leadscore-demo:draft-config') throw new DOMException('full', 'QuotaExceededError');
      return set.call(this, key, value);
    };
  });
  await studio.goto(`${server.url}/studio/`);
  await studio.locator('#studio-status', { hasText: 'Ready' }).waitFor();
  await editConfig(studio, (doc) => {
    doc.rules[3].points = 16;
  });
  await studio.click('#config-apply');
  assert.equal(await studio.getAttribute('#config-state', 'role'), 'status');
  assert.match(await shows(studio, '#config-state', 'Not applied'), /storage.*refused.*the preview still runs/);
  assert.doesNotMatch(await studio.textContent('#config-source'), /draft/);
  await studio.context().close();
});

test('after Discard draft a screen reader hears that the draft was discarded and the preview runs /leadscore.json again', async () => {
  const studio = await openStudio();
  await editConfig(studio, (doc) => {
    doc.rules[0].points = 3;
  });
  await studio.click('#config-apply');
  await shows(studio, '#config-state', 'Valid, and what the preview runs');
  await studio.click('#config-discard');
  assert.equal(await studio.getAttribute('#config-state', 'role'), 'status');
  await shows(studio, '#config-state', 'Draft discarded; the preview runs /leadscore.json again.');
  assert.equal(JSON.parse(await studio.inputValue('#config-text')).rules[0].points, 2);
  await studio.context().close();
});

test('an edit of the layout alone (a blank line) is what the preview runs, before and after a reload: not also "not applied yet"', async () => {
  const studio = await openStudio();
  const shipped = await studio.inputValue('#config-text');
  await studio.fill('#config-text', shipped.replace('{\n', '{\n\n'));
  await shows(studio, '#config-state', 'Valid, and what the preview runs');
  await studio.reload();
  await studio.locator('#studio-status', { hasText: 'Ready' }).waitFor();
  assert.match(await studio.textContent('#config-state'), /^Valid, and what the preview runs/);
  assert.ok(await studio.isDisabled('#config-apply'));
  assert.doesNotMatch(await studio.textContent('#config-source'), /not applied/);
  await studio.context().close();
});

test('Undo my edits can be undone (Ctrl+Z in the editor brings the edits back), and Discard draft keeps edits not applied yet', async () => {
  const studio = await openStudio();
  const shipped = await studio.inputValue('#config-text');
  const withPoints = (/** @type {string} */ t, /** @type {number} */ n) => t.replace(/("id": "pricing_view",[^}]*"points": )\d+,/, `$1${n},`);
  await studio.fill('#config-text', withPoints(shipped, 25));
  await shows(studio, '#config-state', 'Valid. Apply it');
  await studio.click('#config-revert');
  assert.equal(await studio.inputValue('#config-text'), shipped);
  await studio.focus('#config-text');
  await studio.keyboard.press('Control+z');
  assert.equal(await studio.inputValue('#config-text'), withPoints(shipped, 25), 'Ctrl+Z brings the edits back');
  await shows(studio, '#config-state', 'Valid. Apply it');
  // A draft applied, then edited again: Discard draft drops the draft, not the edits.
  await studio.click('#config-apply');
  await shows(studio, '#config-source', 'your draft');
  const edited = withPoints(await studio.inputValue('#config-text'), 28);
  await studio.fill('#config-text', edited);
  await shows(studio, '#config-state', 'Valid. Apply it');
  await studio.click('#config-discard');
  assert.match(await shows(studio, '#config-state', 'Draft discarded'), /your edits are kept/i);
  assert.equal(await studio.inputValue('#config-text'), edited);
  assert.equal(await studio.evaluate(() => localStorage.getItem('leadscore-demo:draft-config')), null);
  await studio.context().close();
});

test('Apply keeps the text as the marketer typed it (one line stays one line) and the caret where it was', async () => {
  const studio = await openStudio();
  const doc = JSON.parse(await studio.inputValue('#config-text'));
  doc.rules[3].points = 20;
  const typed = JSON.stringify(doc);
  await studio.fill('#config-text', typed);
  await shows(studio, '#config-state', 'Valid. Apply it');
  const at = typed.indexOf('"points":20') + 10;
  await studio.evaluate((i) => /** @type {HTMLTextAreaElement} */ (document.getElementById('config-text')).setSelectionRange(i, i), at);
  await studio.focus('#config-text');
  await studio.keyboard.press('Control+Enter'); // Apply from the keyboard
  await shows(studio, '#config-source', 'your draft');
  assert.equal(await studio.inputValue('#config-text'), typed);
  assert.equal(await studio.evaluate(() => /** @type {HTMLTextAreaElement} */ (document.getElementById('config-text')).selectionStart), at);
  assert.match(await studio.textContent('#config-state'), /^Valid, and what the preview runs/);
  await studio.reload();
  await studio.locator('#studio-status', { hasText: 'Ready' }).waitFor();
  assert.equal(await studio.inputValue('#config-text'), typed, 'as typed after a reload too');
  assert.match(await studio.textContent('#config-state'), /^Valid, and what the preview runs/);
  await studio.context().close();
});

test('a draft the core refuses (stored by an older build) is said once, and the visitor panel says why nothing is scored', async () => {
  const studio = await studioWithRefusedDraft();
  await studio.waitForTimeout(11000); // two of the studio's 5 s looks, and the page's own events
  const log = await studio.locator('#widget-log li').allTextContents();
  assert.equal(log.filter((l) => /config in use is refused/.test(l)).length, 1, log.join('\n'));
  assert.match(await studio.textContent('#visitor'), /refused.*\/rules\/0\/points.*Discard draft/s);
  assert.doesNotMatch(await studio.textContent('#visitor'), /open a page in the preview/);
  // Discarding the draft brings the shipped config and the visitor back.
  await studio.click('#config-discard');
  await shows(studio, '#lifecycle', 'visitor');
  await studio.context().close();
});

test('in consent mode, before consent, the studio shows the visitor the preview\'s widget holds in memory and says nothing is stored, not the profile stored before', async () => {
  const studio = await openStudio();
  await shows(studio, '#lifecycle', 'visitor'); // a profile is stored: the home page's view
  await editConfig(studio, (doc) => {
    doc.privacy = { consent: 'required' };
  });
  await studio.click('#config-apply');
  await shows(studio, '#config-source', 'draft');
  await go(studio, '/pricing/');
  await studio.click('#sim-identify button[type="submit"]');
  await shows(studio, '#sim-status', 'Sent: identify');
  await studio.click('[data-sim="demo"]');
  const stored = await studio.evaluate(() => JSON.parse(localStorage.getItem('leadscore:v1:profile') || 'null'));
  assert.ok(stored, 'the profile stored before consent mode is still there');
  await shows(studio, '#lifecycle', 'sql');
  const live = await studio.evaluate(() => /** @type {any} */ (document.getElementById('site')).contentWindow.LeadScore.state());
  assert.equal(Number(await studio.textContent('#score-total')), Math.round(live.score * 100) / 100);
  assert.match(await studio.textContent('#visitor'), /Consent not given.*nothing is stored.*in memory/s);
  assert.match(await studio.textContent('#offers'), /Consent not given/);
  // Time travel: nothing of this visitor is stored, so the restart is a new visitor, not their return.
  await studio.click('[data-ahead="86400000"]'); // +1 day
  const said = await shows(studio, '#sim-status', 'Clock moved ahead');
  assert.doesNotMatch(said || '', /return visit|come back/, said || '');
  assert.match(said || '', /nothing.*stored.*new visitor/i, said || '');
  await shows(studio, '#lifecycle', 'visitor'); // the restarted preview holds a new visitor, in memory
  assert.deepEqual(studio.problems(), []);
  await studio.context().close();
});

test('the widget messages say a refused config once each, with its explanation, and name each error id once', async () => {
  const studio = await studioWithRefusedDraft();
  const log = await studio.locator('#widget-log li').allTextContents();
  for (const line of log) assert.ok((line.match(/leadscore\.config\.type/g) || []).length <= 1, `the id more than once: ${line}`);
  assert.match(log.find((l) => /config in use is refused/.test(l)) || '', /\/rules\/0\/points expected a number, got a string/);
  // The studio's finding and the widget's error: the explanation twice, not three times.
  assert.equal(log.filter((l) => /expected a number, got a string/.test(l)).length, 2, log.join('\n'));
  await studio.context().close();
});

test('Persian text from the config reads right to left in the studio (a rule description ending in "!" keeps the "!" at its end, on the left), and the "فارسی" button is marked as Persian', async () => {
  const studio = await openStudio();
  await editConfig(studio, (doc) => {
    doc.rules[3].description = 'بازدید از صفحهٔ قیمت!';
  });
  await studio.click('#config-apply');
  await shows(studio, '#config-source', 'draft');
  await go(studio, '/pricing/');
  await shows(studio, '#breakdown tr[data-rule="pricing_view"] .desc', 'قیمت');
  const g = await studio.evaluate(() => {
    const text = /** @type {Text} */ (document.querySelector('#breakdown tr[data-rule="pricing_view"] .desc')?.firstChild);
    const at = (/** @type {number} */ i) => {
      const range = document.createRange();
      range.setStart(text, i);
      range.setEnd(text, i + 1);
      return range.getBoundingClientRect().toJSON();
    };
    return { bang: at(text.data.length - 1), last: at(text.data.length - 2) };
  });
  assert.ok(g.bang.right <= g.last.left + 1, `the "!" is drawn at ${g.bang.left}, right of the word it ends (${g.last.left})`);
  assert.deepEqual(await studio.evaluate(() => {
    const b = /** @type {HTMLElement} */ (document.querySelector('[data-go="/contact/fa/"]'));
    return { lang: b.lang, dir: b.dir };
  }), { lang: 'fa', dir: 'rtl' });
  await studio.context().close();
});

test('at 320 px the studio\'s scrolling boxes can be reached and named, its landmarks have names of their own, and the preview\'s page buttons say which page is shown', async () => {
  const axe = readFileSync(join(root, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  const studio = await openStudio({ bypassCSP: true, reducedMotion: 'reduce', viewport: { width: 320, height: 800 } });
  await go(studio, '/pricing/');
  await shows(studio, '#widget-log', 'pricing-sales');
  // What the visitor does fills the widget's log until it scrolls: a download, a webinar sign-up, a demo request.
  const overflows = () => studio.evaluate(() => {
    const log = /** @type {HTMLElement} */ (document.getElementById('widget-log'));
    return log.scrollHeight > log.clientHeight;
  });
  for (const sim of ['download', 'webinar', 'demo', 'customer']) {
    if (await overflows()) break;
    const lines = await studio.evaluate(() => document.getElementById('widget-log')?.childElementCount);
    await studio.click(`[data-sim="${sim}"]`);
    // (one that adds no line: the next)
    await studio.waitForFunction((n) => (document.getElementById('widget-log')?.childElementCount ?? 0) > (n ?? 0), lines, { timeout: 3000 }).catch(() => {});
  }
  assert.ok(await overflows(), 'the widget log scrolls');
  await studio.evaluate(axe);
  const violations = await studio.evaluate(async () => {
    const r = await /** @type {any} */ (window).axe.run(document, { runOnly: { type: 'rule', values: ['scrollable-region-focusable', 'landmark-unique', 'region'] } });
    return r.violations.map((/** @type {any} */ v) => `${v.id}: ${v.nodes.map((/** @type {any} */ n) => n.target.join(' ')).join(', ')}`);
  });
  assert.deepEqual(violations, []);
  assert.deepEqual(await studio.$$eval('[data-go]', (bs) => bs.filter((b) => b.getAttribute('aria-current') === 'page').map((b) => b.getAttribute('data-go'))), ['/pricing/']);
  await go(studio, '/contact/');
  assert.deepEqual(await studio.$$eval('[data-go]', (bs) => bs.filter((b) => b.getAttribute('aria-current') === 'page').map((b) => b.getAttribute('data-go'))), ['/contact/']);
  await studio.context().close();
});

test('reset visitor forgets them: a new anonymous visitor with a fresh score', async () => {
  const studio = await openStudio();
  await go(studio, '/pricing/');
  await shows(studio, '#breakdown tr[data-rule="pricing_view"]', '15');
  await studio.click('#sim-identify button[type="submit"]');
  await shows(studio, '#lifecycle', 'mql');
  const visitor = await studio.evaluate(() => localStorage.getItem('leadscore:v1:visitor'));
  await studio.click('#sim-reset');
  await shows(studio, '#lifecycle', 'visitor');
  await studio.waitForFunction((v) => {
    const id = localStorage.getItem('leadscore:v1:visitor');
    return id && id !== v;
  }, visitor);
  await studio.locator('#contact').waitFor({ state: 'detached' });
  await studio.context().close();
});

test('the inbox view lists what leadscore serve received, dated in the marketer\'s locale and time zone, a booked demo with its time', async () => {
  const studio = await openStudio({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
  const lead = {
    schema: 'leadscore.lead/v1', id: `demo-test-${Date.now()}`, visitor_id: 'v-inbox', reason: 'stage_change',
    submitted_at: '2026-03-02T09:00:00Z', contact: { email: 'linh@congty.vn', name: 'Nguyễn Linh' },
    stage: 'mql', journey: 'consideration', score: { total: 72.5, fit: 40, engagement: 32.5 },
  };
  const response = await fetch(`${server.url}/leads`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(lead),
  });
  assert.equal(response.status, 201);
  const row = await shows(studio, `#inbox-rows tr[data-lead="${lead.id}"]`, 'linh@congty.vn');
  assert.match(row, /stage_change.*Nguyễn Linh.*mql.*consideration.*72\.5/s);
  // 09:00 UTC is 10:00 in Berlin on 2 March, written as Germans write dates; the exact time stays at hand.
  const time = studio.locator(`#inbox-rows tr[data-lead="${lead.id}"] time`);
  assert.match(await time.textContent(), /^02\.03\.2026.*10:00:00/);
  assert.equal(await time.getAttribute('datetime'), '2026-03-02T09:00:00Z');
  assert.equal(await time.getAttribute('title'), '2026-03-02T09:00:00Z');
  // A demo booked: the time is in the row, where the marketer reads the lead.
  const booked = { ...lead, id: `${lead.id}-demo`, reason: 'form_submit', form: 'demo-booking', contact: { email: 'linh@congty.vn', demo_slot: 'Wednesday 14:30' } };
  assert.equal((await fetch(`${server.url}/leads`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(booked) })).status, 201);
  assert.match(await shows(studio, `#inbox-rows tr[data-lead="${booked.id}"]`, 'linh@congty.vn', 15000), /linh@congty\.vn · demo: Wednesday 14:30/);
  await studio.context().close();
});

test('the inbox pages through every lead, newest first (Older, Newer), and shows which form a lead came from and what the visitor wrote', async () => {
  const studio = await openStudio();
  const base = `inbox-page-${Date.now()}`;
  for (let i = 0; i < 30; i++) {
    const lead = {
      schema: 'leadscore.lead/v1', id: `${base}-${i}`, visitor_id: `v-${i}`, reason: 'form_submit', form: 'contact',
      submitted_at: new Date(Date.UTC(2026, 2, 2, 9, i)).toISOString(), contact: { email: `p${i}@northwind.example`, message: `Message number ${i}: budget approved.` },
      stage: 'lead', journey: 'decision', score: { total: i, fit: 0, engagement: i },
    };
    const r = await fetch(`${server.url}/leads`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(lead) });
    assert.equal(r.status, 201);
  }
  const row = (/** @type {number} */ i) => studio.locator(`#inbox-rows tr[data-lead="${base}-${i}"]`);
  assert.match(await shows(studio, `#inbox-rows tr[data-lead="${base}-29"]`, 'p29@', 15000), /form_submit \(contact\).*p29@northwind\.example.*Message number 29: budget approved\./s);
  assert.equal(await row(4).count(), 0, 'on the next page');
  assert.match(await studio.textContent('#inbox-state') || '', /1 to 25, newest first/);
  assert.equal(await studio.isDisabled('#inbox-newer'), true);
  await studio.click('#inbox-older');
  await row(4).waitFor();
  assert.equal(await row(0).count(), 1);
  assert.equal(await row(29).count(), 0);
  assert.match(await studio.textContent('#inbox-state') || '', /26 to/);
  await studio.click('#inbox-newer');
  await row(29).waitFor();
  assert.deepEqual(studio.problems(), []);
  await studio.context().close();
});

test('the config in the editor downloads as leadscore.json, exactly the text shown (a valid config, edits included)', async () => {
  const studio = await openStudio();
  await editConfig(studio, (doc) => {
    doc.name = 'Northwind, tuned';
  });
  const [download] = await Promise.all([studio.waitForEvent('download'), studio.click('#config-download')]);
  assert.equal(download.suggestedFilename(), 'leadscore.json');
  const path = await download.path();
  const text = readFileSync(/** @type {string} */ (path), 'utf8');
  assert.equal(text, await studio.inputValue('#config-text'));
  assert.equal(JSON.parse(text).name, 'Northwind, tuned');
  assert.deepEqual(studio.problems(), []);
  await studio.context().close();
});

test('the site footer\'s studio link, clicked in the studio\'s preview, opens the studio in the whole tab, not a second studio inside the preview', async () => {
  const studio = await openStudio();
  const again = studio.waitForEvent('framenavigated', { predicate: (f) => f === studio.mainFrame() });
  await studio.frameLocator('#site').locator('footer a', { hasText: 'LeadScore studio' }).click();
  await again;
  assert.equal(studio.url(), `${server.url}/studio/`);
  await studio.locator('#studio-status', { hasText: 'Ready' }).waitFor();
  assert.equal(await studio.frameLocator('#site').locator('#studio-status').count(), 0, 'no studio in the preview');
  await studio.context().close();
});

test('a blog post read to its end is one "blog_read" (4 points), not one per scroll depth past 75%', async () => {
  const page = await openPage(browser, `${server.url}/blog/lead-scoring-101/`, { viewport: { width: 1280, height: 800 } });
  assert.ok((await waitForInit(page)).ok);
  const fired = () => page.evaluate(() => LeadScore.state().breakdown.find((/** @type {any} */ b) => b.rule === 'blog_read') ?? null);
  assert.equal(await fired(), null, 'the post is longer than the window');
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await page.waitForFunction(() => LeadScore.state().breakdown.some((/** @type {any} */ b) => b.rule === 'blog_read'));
  await page.waitForTimeout(500); // (a second depth, if counted, comes within a frame or two)
  const b = await fired();
  assert.deepEqual({ fired: b.fired, points: b.points }, { fired: 1, points: 4 });
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('the newsletter banner is not shown on the blog\'s index, whose own subscribe form is the same offer; it is on a post', async () => {
  const page = await openPage(browser, `${server.url}/blog/lead-scoring-101/`, { viewport: { width: 1280, height: 800 } });
  assert.ok((await waitForInit(page)).ok);
  const banner = () => page.evaluate(() => Object.keys(LeadScore.state().offers).includes('newsletter-bar'));
  await page.goto(`${server.url}/blog/`); // the visit's second page view: the banner's min_page_views
  assert.ok((await waitForInit(page)).ok);
  await page.locator('#subscribe form').waitFor();
  assert.equal(await banner(), false);
  await page.goto(`${server.url}/blog/scoring-decay/`);
  assert.ok((await waitForInit(page)).ok);
  await page.waitForFunction(() => Object.keys(LeadScore.state().offers).includes('newsletter-bar'));
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('sending "Talk to sales" is a hand-raise, as booking a demo is: a known visitor who fits (a VP of a 250-person company) becomes an SQL, its cause contact_sales', async () => {
  const studio = await openStudio();
  await go(studio, '/contact/');
  await studio.click('#sim-identify button[type="submit"]');
  await shows(studio, '#lifecycle', 'lead');
  const site = studio.frameLocator('#site');
  await site.locator('input[name="email"]').waitFor({ state: 'hidden' }); // known: not asked again
  await site.locator('input[name="name"]').fill('Ana Silva');
  await site.locator('textarea[name="message"]').fill('A call about 40 seats, please.');
  await site.locator('input[name="company"]').fill('Acme Logistics');
  await site.locator('[data-leadscore-consent]').check();
  await studio.waitForTimeout(2100); // the form's min_fill_seconds
  await site.locator('button[type="submit"]').click();
  await shows(studio, '#lifecycle', 'sql');
  assert.match(await shows(studio, '#transitions li[data-kind="lifecycle"]', '→ sql'), /contact_sales/);
  assert.match(await shows(studio, '#widget-log', 'stage_change, sql'), /lead \S+ captured \(stage_change, sql\)/);
  assert.deepEqual(studio.problems(), []);
  await studio.context().close();
});

test('the contact form asks a new visitor for a message and sends a lead that appears in the studio inbox; the next time, the message again and what is not known yet', async () => {
  const studio = await openStudio();
  await go(studio, '/contact/');
  const site = studio.frameLocator('#site');
  const email = `priya.${Date.now()}@acme-logistics.com`;
  // A new visitor can say what they want to talk about (the form asked only email, name and company before).
  await site.locator('input[name="company"]').waitFor({ state: 'hidden' }); // once the widget has planned the form
  assert.ok(await site.locator('textarea[name="message"]').isVisible());
  await site.locator('input[name="email"]').fill(email);
  await site.locator('input[name="name"]').fill('Priya Raman');
  await site.locator('textarea[name="message"]').fill('Pricing for 40 seats, please.');
  await site.locator('[data-leadscore-consent]').check();
  await studio.waitForTimeout(2100); // the form's min_fill_seconds: faster is asked to send again
  await site.locator('button[type="submit"]').click();
  const row = await shows(studio, '#inbox-rows tr', email, 15000);
  assert.match(row, /form_submit.*Priya Raman/s);
  const leads = await (await fetch(`${server.url}/leads?limit=1000`)).json();
  assert.equal(leads.leads.find((l) => l.contact && l.contact.email === email).contact.message, 'Pricing for 40 seats, please.');
  // Progressive profiling: back on the form, a message again and the company data not known yet.
  await go(studio, '/pricing/');
  await go(studio, '/contact/');
  await site.locator('input[name="email"]').waitFor({ state: 'hidden' });
  assert.ok(await site.locator('textarea[name="message"]').isVisible());
  assert.ok(await site.locator('input[name="company"]').isVisible());
  assert.ok(await site.locator('select[name="company_size"]').isVisible());
  assert.deepEqual(studio.problems(), []);
  await studio.context().close();
});

test('the site and the studio pass an axe-core accessibility scan', async () => {
  const axe = readFileSync(join(root, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  // bypassCSP only lets the test inject axe; the pages themselves run as served. Reduced
  // motion: the widget's boxes do not fade in, so contrast is measured as they stay.
  const page = await openPage(browser, undefined, { bypassCSP: true, reducedMotion: 'reduce', viewport: { width: 1400, height: 1000 } });
  // Each page is scanned with the widget's UI it shows a first visitor in place: offer
  // boxes (in shadow roots, which axe enters) or, on the contact page, the consent box.
  const ui = {
    '/': ['ls inline'], '/blog/lead-scoring-101/': ['ls banner'], '/guides/lead-scoring-playbook/': ['ls gate'],
    '/pricing/': ['ls inline', 'ls gate', 'ls banner'], '/contact/fa/': [],
  };
  for (const path of ['/', '/blog/lead-scoring-101/', '/guides/lead-scoring-playbook/', '/pricing/', '/contact/fa/', '/studio/']) {
    await page.goto(`${server.url}${path}`);
    if (path === '/studio/') await page.locator('#studio-status', { hasText: 'Ready' }).waitFor();
    else {
      assert.ok((await waitForInit(page)).ok, `the widget runs on ${path}`);
      await page.waitForFunction((want) => want.every((c) => [...document.querySelectorAll('leadscore-ui')]
        .some((h) => h.shadowRoot?.querySelector('.ls')?.className === c)), ui[path]);
      if (path === '/contact/fa/') await page.locator('form .leadscore-consent').first().waitFor();
    }
    await page.evaluate(axe);
    const violations = await page.evaluate(async () => {
      const r = await /** @type {any} */ (window).axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] });
      return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    });
    assert.deepEqual(violations, [], path);
  }
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('the studio panels hold still between refreshes: an opened list stays open, keyboard focus stays, screen readers hear only what changed', async () => {
  const studio = await openStudio();
  await go(studio, '/pricing/');
  await shows(studio, '#breakdown tr[data-rule="pricing_view"]', '15');
  // Let the page's first scroll and gate events land, and keep the minute shown ("as of 16:42") from turning.
  await studio.waitForTimeout(3000);
  await studio.waitForFunction(() => new Date().getSeconds() < 50, null, { timeout: 15000, polling: 500 });
  await studio.focus('#offers details summary');
  await studio.keyboard.press('Enter');
  assert.equal(await studio.evaluate(() => document.querySelector('#offers details')?.hasAttribute('open')), true);
  // Each rewrite of a panel must show something new (the page's own dwell events do change it now and then).
  await studio.evaluate(() => {
    const w = /** @type {any} */ (window);
    w.repeats = [];
    for (const id of ['visitor', 'offers', 'inbox-state']) {
      const node = /** @type {HTMLElement} */ (document.getElementById(id));
      let last = node.innerText;
      new MutationObserver(() => {
        if (node.innerText === last) w.repeats.push(id);
        last = node.innerText;
      }).observe(node, { subtree: true, childList: true, characterData: true });
    }
  });
  await studio.waitForTimeout(6500); // the studio looks again every 5 s, the inbox every 3 s
  assert.equal(await studio.evaluate(() => document.querySelector('#offers details')?.hasAttribute('open')), true, 'the list the marketer opened stays open');
  assert.equal(await studio.evaluate(() => document.activeElement && document.activeElement.tagName), 'SUMMARY', 'keyboard focus stays where it was');
  assert.deepEqual(await studio.evaluate(() => /** @type {any} */ (window).repeats), [], 'rewritten with nothing new');
  // The whole visitor panel is no live region (it would be read out in full); a short summary is.
  assert.equal(await studio.getAttribute('#visitor', 'aria-live'), null);
  assert.equal(await studio.getAttribute('#visitor-summary', 'role'), 'status');
  assert.match(await studio.textContent('#visitor-summary'), /^Score (\d+) \(fit 0, engagement \1\); lifecycle visitor, journey decision, temperature cold\.$/);
  await studio.click('#sim-identify button[type="submit"]');
  assert.match(await shows(studio, '#visitor-summary', 'lifecycle mql'), /^Score [\d.]+ \(fit 45, engagement \d+\); lifecycle mql, journey decision/);
  assert.deepEqual(studio.problems(), []);
  await studio.context().close();
});

test('on a 375 px phone the studio fits the screen: wide tables scroll inside their box, long texts wrap', async () => {
  const lead = {
    schema: 'leadscore.lead/v1', id: `demo-narrow-${Date.now()}`, visitor_id: 'v-narrow', reason: 'form_submit',
    submitted_at: '2026-03-02T09:00:00Z', contact: { email: 'mahsa.karimi@example-company.ir', name: 'مهسا کریمی' },
    stage: 'lead', journey: 'decision', score: { total: 12, fit: 0, engagement: 12 },
  };
  assert.equal((await fetch(`${server.url}/leads`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(lead) })).status, 201);
  const studio = await openPage(browser, `${server.url}/studio/`, { viewport: { width: 375, height: 800 } });
  await studio.locator('#studio-status', { hasText: 'Ready' }).waitFor();
  await go(studio, '/pricing/');
  await studio.click('#sim-identify button[type="submit"]');
  await shows(studio, '#lifecycle', 'mql');
  await shows(studio, '#sim-status', 'Sent: identify');
  await studio.locator(`#inbox-rows tr[data-lead="${lead.id}"]`).waitFor();
  const [scrollWidth, clientWidth] = await studio.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  assert.ok(scrollWidth <= clientWidth, `the page scrolls sideways: ${scrollWidth} px wide on a ${clientWidth} px screen`);
  // Every table still shows all its columns, in a box that scrolls and that the keyboard can reach.
  for (const table of ['#breakdown', '#inbox']) {
    const box = await studio.evaluate((sel) => {
      const t = /** @type {HTMLElement} */ (document.querySelector(sel));
      const s = /** @type {HTMLElement} */ (t.parentElement);
      return { overflow: getComputedStyle(s).overflowX, tabindex: s.getAttribute('tabindex'), name: s.getAttribute('aria-label') || s.getAttribute('aria-labelledby') };
    }, table);
    assert.equal(box.overflow, 'auto', table);
    assert.equal(box.tabindex, '0', table);
    assert.ok(box.name, `${table}: its scroll box has a name`);
  }
  // A shade at an edge of the breakdown says more of it lies beyond that edge, and only then:
  // the box drawn as it is, against the same box without its own background.
  const region = studio.locator('#breakdown').locator('..');
  const pixels = await studio.context().newPage();
  /** How much darker than without its background each edge of the box is (mean over its height, 0-255). */
  const shade = async () => {
    await region.scrollIntoViewIfNeeded();
    const shot = async () => `data:image/png;base64,${(await region.screenshot()).toString('base64')}`;
    const drawn = await shot();
    // (a style sheet, not the box's style: the panel may be drawn again meanwhile)
    const plainSheet = await studio.addStyleTag({ content: '.scroll { background: var(--card) !important }' });
    const plain = await shot();
    await plainSheet.evaluate((e) => e.remove());
    return pixels.evaluate(async ([a, b]) => {
      const read = async (/** @type {string} */ url) => {
        const img = new Image();
        img.src = url;
        await img.decode();
        const c = document.createElement('canvas');
        c.width = img.width;
        c.height = img.height;
        const g = /** @type {CanvasRenderingContext2D} */ (c.getContext('2d'));
        g.drawImage(img, 0, 0);
        return g.getImageData(0, 0, c.width, c.height);
      };
      const [x, y] = [await read(a), await read(b)];
      const edge = (/** @type {number} */ col) => {
        let sum = 0;
        for (let r = 0; r < x.height; r++) {
          const i = (r * x.width + col) * 4;
          sum += (y.data[i] + y.data[i + 1] + y.data[i + 2] - x.data[i] - x.data[i + 1] - x.data[i + 2]) / 3;
        }
        return sum / x.height;
      };
      return { start: edge(2), end: edge(x.width - 3) };
    }, [drawn, plain]);
  };
  const wide = await region.evaluate((s) => s.scrollWidth - s.clientWidth);
  assert.ok(wide > 20, `the breakdown is wider than its box at 375 px (${wide} px more)`);
  const atStart = await shade();
  assert.ok(atStart.end > 8 && atStart.start < 1, `scrolled to its start: a shade at its end only ${JSON.stringify(atStart)}`);
  await region.evaluate((s) => { s.scrollLeft = s.scrollWidth; });
  const atEnd = await shade();
  assert.ok(atEnd.start > 8 && atEnd.end < 1, `scrolled to its end: a shade at its start only ${JSON.stringify(atEnd)}`);
  await pixels.close();
  // The panel changes (a download fires a rule): the breakdown stays scrolled where the marketer left it.
  const left = await region.evaluate((s) => s.scrollLeft);
  await studio.click('[data-sim="download"]');
  await studio.locator('#breakdown tr[data-rule="asset_download"]').waitFor();
  assert.equal(await region.evaluate((s) => s.scrollLeft), left, 'the breakdown jumped back to its start');
  assert.deepEqual(studio.problems(), []);
  await studio.context().close();
});

test('by keyboard alone: Apply and Discard draft leave the focus in the editor, not lost to the page', async () => {
  const studio = await openStudio();
  await editConfig(studio, (doc) => {
    doc.rules[0].points = 3;
  });
  await studio.focus('#config-text');
  await studio.keyboard.press('Tab');
  assert.equal(await studio.evaluate(() => document.activeElement && document.activeElement.id), 'config-apply');
  await studio.keyboard.press('Enter');
  await shows(studio, '#config-source', 'draft');
  assert.equal(await studio.evaluate(() => document.activeElement && document.activeElement.id), 'config-text', 'after Apply');
  assert.match(await studio.textContent('#config-state'), /Valid, and what the preview runs/);
  await studio.keyboard.press('Tab'); // Apply is disabled now: the next stop is Discard draft
  assert.equal(await studio.evaluate(() => document.activeElement && document.activeElement.id), 'config-discard');
  await studio.keyboard.press('Enter');
  await shows(studio, '#config-source', '/leadscore.json, the config the site ships with');
  assert.equal(await studio.evaluate(() => document.activeElement && document.activeElement.id), 'config-text', 'after Discard draft');
  assert.equal(JSON.parse(await studio.inputValue('#config-text')).rules[0].points, 2);
  assert.deepEqual(studio.problems(), []);
  await studio.context().close();
});

test('the contact form consent box sits beside its text and the form\'s messages stand apart, in English and in Persian (RTL)', async () => {
  const page = await openPage(browser, undefined, { viewport: { width: 375, height: 900 } });
  for (const [path, rtl] of [['/contact/', false], ['/contact/fa/', true]]) {
    await page.goto(`${server.url}${path}`);
    assert.ok((await waitForInit(page)).ok);
    await page.locator('[data-leadscore-consent]').waitFor();
    await page.waitForTimeout(2100); // the form's min_fill_seconds: a faster submit is asked to be sent again
    await page.click('#contact-form button[type="submit"]'); // empty: every required field and the consent are refused
    await page.locator('.leadscore-consent + .leadscore-error, .leadscore-consent .leadscore-error').first().waitFor();
    const g = await page.evaluate(() => {
      const box = /** @type {HTMLElement} */ (document.querySelector('[data-leadscore-consent]'));
      const label = /** @type {HTMLElement} */ (box.closest('label'));
      const text = /** @type {HTMLElement} */ (label.querySelector('span'));
      const error = /** @type {HTMLElement} */ (document.querySelector('.leadscore-consent + .leadscore-error, .leadscore-consent .leadscore-error'));
      const r = (/** @type {Element} */ n) => n.getBoundingClientRect().toJSON();
      const first = text.getClientRects()[0];
      return {
        box: r(box), text: r(text), first: first.toJSON(), label: r(label), error: r(error),
        textWeight: getComputedStyle(text).fontWeight, errorColor: getComputedStyle(error).color, color: getComputedStyle(label).color,
      };
    });
    assert.ok(g.box.width < 30, `${path}: the checkbox is ${g.box.width} px wide`);
    assert.ok(g.box.bottom > g.first.top && g.box.top < g.first.bottom, `${path}: the checkbox is on the first line of its text`);
    if (rtl) assert.ok(g.box.left >= g.text.right - 1, `${path}: the checkbox is right of its text`);
    else assert.ok(g.box.right <= g.text.left + 1, `${path}: the checkbox is left of its text`);
    assert.ok(Number(g.textWeight) < 600, `${path}: the consent text is not bold`);
    assert.ok(g.error.top >= g.label.bottom - 1, `${path}: the consent message starts on a line of its own`);
    assert.notEqual(g.errorColor, g.color, `${path}: messages do not look like the text around them`);
  }
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a right-to-left page with a form does not scroll sideways (the spam trap stays inside the page)', async () => {
  const page = await openPage(browser, undefined, { viewport: { width: 375, height: 800 } });
  for (const path of ['/contact/fa/', '/contact/']) {
    await page.goto(`${server.url}${path}`);
    assert.ok((await waitForInit(page)).ok);
    await page.locator('[data-leadscore-consent]').waitFor(); // the form is enhanced: the trap is in
    const [scrollWidth, clientWidth] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert.ok(scrollWidth <= clientWidth, `${path} is ${scrollWidth} px wide on a ${clientWidth} px screen`);
    // Still a trap: out of sight, out of the tab order and of the accessibility tree.
    const trap = await page.evaluate(() => {
      const input = /** @type {HTMLTextAreaElement} */ (document.querySelector('#contact-form [name="leadscore_website"]'));
      const r = input.getBoundingClientRect();
      const box = /** @type {HTMLElement} */ (input.closest('[aria-hidden="true"]'));
      return { tabindex: input.tabIndex, hidden: !!box, seen: r.width * r.height > 1 && document.elementFromPoint(r.x + 1, r.y + 1) === input };
    });
    assert.deepEqual(trap, { tabindex: -1, hidden: true, seen: false }, path);
  }
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('time travel says how the visitor stands when the time has passed, before the restart counts as their return visit', async () => {
  const studio = await openStudio();
  await go(studio, '/pricing/');
  await studio.click('#sim-identify button[type="submit"]');
  await shows(studio, '#lifecycle', 'mql');
  const engagement = Number(await studio.textContent('#score-engagement'));
  await studio.click('[data-ahead="3888000000"]'); // +45 days: the config's half-life
  const said = await shows(studio, '#sim-status', 'before they come back');
  const m = /engagement ([\d.]+) \(was ([\d.]+)\), temperature (\w+), still (\w+)/.exec(said || '');
  assert.ok(m, said || '');
  assert.equal(Number(m[2]), engagement);
  assert.ok(Math.abs(Number(m[1]) - engagement / 2) < 0.02, `halved: ${said}`);
  assert.deepEqual([m[3], m[4]], ['cold', 'mql']);
  await shows(studio, '#clock', '45 d');
  assert.deepEqual(studio.problems(), []);
  await studio.context().close();
});

test('on the Persian (RTL) contact page the English header and footer read left to right (logo first, nav in order), the form right to left, its email typed left to right', async () => {
  const page = await openPage(browser, `${server.url}/contact/fa/`, { viewport: { width: 1024, height: 800 } });
  const g = await page.evaluate(() => {
    const dir = (/** @type {string} */ s) => getComputedStyle(/** @type {Element} */ (document.querySelector(s))).direction;
    const x = (/** @type {string} */ s) => /** @type {Element} */ (document.querySelector(s)).getBoundingClientRect().left;
    const links = [...document.querySelectorAll('.site-header nav a')].map((a) => a.getBoundingClientRect().left);
    return {
      header: dir('.site-header'), footer: dir('.site-footer'), form: dir('#contact-form'), email: dir('#contact-form input[name="email"]'),
      logoLeft: x('.site-header .wrap > :first-child') < x('.site-header nav'), navInOrder: links.every((l, i) => i === 0 || l > links[i - 1]),
    };
  });
  assert.deepEqual(g, { header: 'ltr', footer: 'ltr', form: 'rtl', email: 'ltr', logoLeft: true, navInOrder: true });
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('on the Persian (RTL) page the English footer sentence keeps its full stop at its end, not at the start of its line', async () => {
  const page = await openPage(browser, undefined, { viewport: { width: 640, height: 800 } });
  for (const path of ['/contact/fa/', '/contact/']) {
    await page.goto(`${server.url}${path}`);
    const g = await page.evaluate(() => {
      const p = /** @type {HTMLElement} */ (document.querySelector('.site-footer p'));
      const last = /** @type {Text} */ (p.lastChild);
      const at = (/** @type {number} */ i) => {
        const range = document.createRange();
        range.setStart(last, i);
        range.setEnd(last, i + 1);
        return range.getBoundingClientRect().toJSON();
      };
      const end = last.data.lastIndexOf('.');
      return { text: last.data, stop: at(end), l: at(end - 1) };
    });
    assert.match(g.text, /real\.$/, path);
    assert.ok(g.stop.top >= g.l.top - 1 && g.stop.left >= g.l.right - 1,
      `${path}: the full stop after "real" is drawn at ${g.stop.left},${g.stop.top}, the l before it ends at ${g.l.right},${g.l.top}`);
  }
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('reset visitor after time travel starts the new visitor in real time: not last seen in the future, and the next time travel is their return visit', async () => {
  const studio = await openStudio();
  await studio.click('[data-ahead="86400000"]'); // +1 day
  await shows(studio, '#clock', '1 d');
  // The preview restarted a day later: a new visit.
  await shows(studio, '#visitor', '2 visit(s)');
  await studio.reload(); // the marketer comes back to the studio: the preview starts with its clock ahead
  await studio.locator('#studio-status', { hasText: 'Ready' }).waitFor();
  await shows(studio, '#visitor', '2 visit(s)');
  // A customer is offered no ebook; the new visitor is offered it again.
  await studio.click('[data-sim="customer"]');
  await shows(studio, '#lifecycle', 'customer');
  const visitor = await studio.evaluate(() => localStorage.getItem('leadscore:v1:visitor'));
  await studio.click('#sim-reset');
  await shows(studio, '#clock', 'real time');
  await studio.waitForFunction((v) => {
    const id = localStorage.getItem('leadscore:v1:visitor');
    return id && id !== v;
  }, visitor);
  await shows(studio, '#visitor', '1 page views');
  const seen = await studio.evaluate(() => JSON.parse(localStorage.getItem('leadscore:v1:profile') || 'null'));
  assert.ok(seen.last_seen < Date.now() + 60000, `the new visitor was last seen ${new Date(seen.last_seen).toISOString()}, in the future`);
  await studio.click('[data-ahead="3600000"]'); // +1 hour: past the 30-minute session timeout
  await shows(studio, '#visitor', '2 visit(s)');
  assert.deepEqual(studio.problems(), []);
  await studio.context().close();
});

/** The lead the inbox (`leadscore serve`) holds for `email` and `form`, once it has arrived. @param {string} email @param {string} form */
async function inboxLead(email, form) {
  for (let i = 0; i < 100; i++) {
    const { leads } = await (await fetch(`${server.url}/leads?limit=1000`)).json();
    const lead = leads.find((/** @type {any} */ l) => l.form === form && l.contact && l.contact.email === email);
    if (lead) return lead;
    await new Promise((done) => setTimeout(done, 150));
  }
  assert.fail(`no ${form} lead for ${email} reached the inbox`);
}

test('booking a demo asks an anonymous visitor for the work email the invite goes to, and the lead in the inbox names the slot; a known visitor books with one click', async () => {
  const page = await openPage(browser, `${server.url}/demo/`);
  assert.ok((await waitForInit(page)).ok);
  const email = `dana.${Date.now()}@acme-logistics.com`;
  await page.click('button[data-demo-slot="Wednesday 14:30"]');
  // Not booked yet: nothing is promised, the page asks where the invite should go.
  assert.doesNotMatch(await page.textContent('main'), /Booked/);
  assert.equal(await page.evaluate(() => /** @type {HTMLInputElement} */ (document.activeElement).name), 'email');
  await page.fill('input[name="email"]', email);
  await page.waitForTimeout(1100); // the form's min_fill_seconds
  await page.press('input[name="email"]', 'Enter');
  const lead = await inboxLead(email, 'demo-booking');
  assert.equal(lead.contact.demo_slot, 'Wednesday 14:30');
  assert.match(await page.locator('#demo-booked').textContent({ timeout: 5000 }) || '', new RegExp(`Booked: Wednesday 14:30\\. .*${email.replace(/\./g, '\\.')}`));
  // One voice: a screen reader hears the form's thank-you, not the page's line besides.
  const speaking = await page.evaluate(() => [...document.querySelectorAll('[role=status],[role=alert],[aria-live]:not([aria-live=off])')]
    .filter((e) => (e.textContent || '').trim()).map((e) => e.textContent));
  assert.equal(speaking.length, 1, `live regions with text after booking: ${JSON.stringify(speaking)}`);
  assert.ok(await page.evaluate(() => window.LeadScore.state().breakdown.some((/** @type {any} */ b) => b.rule === 'demo_request')), 'the booking is the demo_request hand-raise');
  assert.deepEqual(page.problems(), []);
  await page.context().close();

  // A visitor already known: one click on a time books it, for the email the site has.
  const known = await openPage(browser, `${server.url}/demo/`);
  assert.ok((await waitForInit(known)).ok);
  const theirs = `ana.${Date.now()}@acme-logistics.com`;
  await known.evaluate((e) => window.LeadScore.identify({ email: e }), theirs);
  await known.locator('input[name="email"]').waitFor({ state: 'hidden' });
  await known.waitForTimeout(1100); // the form's min_fill_seconds
  await known.click('button[data-demo-slot="Thursday 09:00"]');
  const booked = await inboxLead(theirs, 'demo-booking');
  assert.equal(booked.contact.demo_slot, 'Thursday 09:00');
  await known.locator('#demo-booked', { hasText: 'Booked: Thursday 09:00' }).waitFor();
  assert.match(await known.textContent('#demo-booked') || '', new RegExp(theirs.replace(/\./g, '\\.')));
  assert.deepEqual(known.problems(), []);
  await known.context().close();
});

test('booking a demo with a work email and no time picked: a screen reader hears that the "Pick a time" group is invalid and why, and the focus goes to the first time, not back to the valid email', async () => {
  const page = await openPage(browser, `${server.url}/demo/`);
  assert.ok((await waitForInit(page)).ok);
  await page.fill('input[name="email"]', `sam.${Date.now()}@acme-logistics.com`);
  await page.waitForTimeout(1100); // the form's min_fill_seconds
  await page.press('input[name="email"]', 'Enter');
  await page.locator('#demo-booking fieldset .leadscore-error').waitFor();
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  const prop = (/** @type {any} */ n, /** @type {string} */ name) => n.properties?.find((/** @type {any} */ p) => p.name === name)?.value.value;
  const group = nodes.find((n) => !n.ignored && n.role?.value === 'group' && n.name?.value === 'Pick a time');
  assert.deepEqual({ invalid: prop(group, 'invalid'), description: group?.description?.value },
    { invalid: 'true', description: await page.textContent('#demo-booking fieldset .leadscore-error') });
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-demo-slot')), 'Tuesday 10:00');
  assert.equal(await page.getAttribute('input[name="email"]', 'aria-invalid'), null);
  assert.equal(await page.getAttribute('input[name="demo_slot"]', 'aria-invalid'), null, 'not on the hidden input, which no one reaches');
  assert.doesNotMatch(await page.textContent('main') || '', /Booked/);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('booking a demo: after an empty submit, picking a time clears the "Pick a time" mistake at once (shown and told), the email\'s stays', async () => {
  const page = await openPage(browser, `${server.url}/demo/`);
  assert.ok((await waitForInit(page)).ok);
  await page.waitForTimeout(1100); // the form's min_fill_seconds
  await page.click('#demo-booking button[type="submit"]');
  await page.locator('#demo-booking fieldset .leadscore-error').waitFor();
  await page.locator('button[data-demo-slot="Tuesday 10:00"]').press('Enter');
  await page.locator('#demo-ask', { hasText: 'Tuesday 10:00' }).waitFor();
  await page.waitForFunction(() => !document.querySelector('#demo-booking fieldset .leadscore-error'), null, { timeout: 3000 });
  assert.equal(await page.getAttribute('#demo-booking fieldset', 'aria-invalid'), null);
  assert.equal(await page.getAttribute('button[data-demo-slot="Tuesday 10:00"]', 'aria-invalid'), null);
  assert.equal(await page.getAttribute('input[name="email"]', 'aria-invalid'), 'true', 'the email is still missing');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('the second blog post unlocks with a work email alone: the weekly newsletter is a choice, not the price of reading', async () => {
  const page = await openPage(browser, `${server.url}/blog/lead-scoring-101/`);
  assert.ok((await waitForInit(page)).ok);
  await page.goto(`${server.url}/blog/mql-vs-sql/`); // the first article was free; this one asks
  assert.ok((await waitForInit(page)).ok);
  const card = page.locator('leadscore-ui').filter({ has: page.locator('input[name="email"]') });
  const email = `reader.${Date.now()}@acme-logistics.com`;
  await card.locator('input[name="email"]').fill(email);
  const box = card.locator('[data-leadscore-consent]');
  assert.match(await card.locator('.leadscore-consent').textContent() || '', /idea a week/, 'the newsletter is still offered');
  assert.equal(await box.isChecked(), false);
  await page.waitForTimeout(1100); // the form's min_fill_seconds
  await card.locator('button[type="submit"]').click();
  await page.waitForFunction(() => !document.querySelector('[data-leadscore-gate="articles"]')?.hasAttribute('data-leadscore-locked'), null, { timeout: 8000 });
  assert.deepEqual(await page.evaluate(() => {
    const rest = /** @type {HTMLElement} */ (document.querySelector('[data-leadscore-gate="articles"]'));
    return { inert: rest.inert, hidden: rest.getAttribute('aria-hidden'), filter: getComputedStyle(rest).filter };
  }), { inert: false, hidden: null, filter: 'none' }, 'the rest of the article is there to read');
  const lead = await inboxLead(email, 'reader');
  assert.equal(lead.consent.granted, false, 'the lead says the reader did not ask for the newsletter');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('a sent contact form says in the page what the thank-you page used to say, and no dead thank-you page is left', async () => {
  const page = await openPage(browser, `${server.url}/contact/`);
  assert.ok((await waitForInit(page)).ok);
  const email = `kim.${Date.now()}@acme-logistics.com`;
  await page.locator('[data-leadscore-consent]').waitFor();
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="name"]', 'Kim Lee');
  await page.check('[data-leadscore-consent]');
  await page.waitForTimeout(2100); // the form's min_fill_seconds
  await page.click('#contact-form button[type="submit"]');
  await page.locator('.leadscore-status', { hasText: 'within a business day' }).waitFor({ timeout: 8000 });
  await inboxLead(email, 'contact');
  for (const path of ['/contact/', '/contact/vi/', '/contact/th/', '/contact/fa/']) {
    await page.goto(`${server.url}${path}`);
    assert.doesNotMatch(await page.getAttribute('#contact-form', 'action') || '', /thanks/, path);
  }
  assert.equal((await fetch(`${server.url}/contact/thanks/`)).status, 404);
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('after time travel the widget messages are dated in the preview\'s time, as the visitor panel is', async () => {
  const studio = await openStudio();
  await go(studio, '/pricing/');
  await shows(studio, '#widget-log', 'pricing-sales');
  const before = await studio.locator('#widget-log li').count();
  await studio.click('[data-ahead="3888000000"]'); // +45 days
  await shows(studio, '#clock', '45 d');
  await studio.waitForFunction((n) => (document.getElementById('widget-log')?.children.length || 0) > n, before);
  const latest = await studio.locator('#widget-log li').first().textContent() || '';
  const ahead = await studio.evaluate(() => [0, 60000].map((slack) => new Date(Date.now() + 3888000000 - slack)
    .toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' })));
  assert.ok(ahead.some((d) => latest.startsWith(d)), `"${latest}" is not dated ${ahead[0]}`);
  // The messages from before the jump keep the real time they happened at.
  const first = await studio.locator('#widget-log li').last().textContent() || '';
  assert.doesNotMatch(first, new RegExp(ahead.join('|')));
  assert.deepEqual(studio.problems(), []);
  await studio.context().close();
});

test('a lead who stays on the pricing page is pitched a demo once: the "Not sure which plan?" aside, not a demo modal on top of it', async () => {
  const page = await openPage(browser);
  await page.clock.install({ time: T0 });
  await recordEvents(page);
  await page.goto(`${server.url}/blog/lead-scoring-101/`);
  assert.ok((await waitForInit(page)).ok);
  await page.evaluate(() => window.LeadScore.identify({ email: 'lee.park@acme-logistics.com' })); // a lead now
  await page.goto(`${server.url}/pricing/`);
  assert.ok((await waitForInit(page)).ok);
  await page.waitForFunction(() => /** @type {any} */ (window).__ls.offers.some((/** @type {any} */ o) => o.offer === 'demo-inline'));
  await page.clock.runFor(10000); // past the demo modal's 8 seconds on the page
  /** @type {{offer: string, type: string, placement: string, action: string}[]} */
  const offers = (await recorded(page)).offers;
  const demos = offers.filter((o) => o.action === 'shown' && o.type === 'demo').map((o) => `${o.offer} (${o.placement})`);
  assert.deepEqual(demos, ['demo-inline (inline)'], 'one demo pitch on the page');
  const bookDemo = (await widgetUi(page)).filter((u) => u.cta?.text === 'Book a demo');
  assert.equal(bookDemo.length, 1, 'one "Book a demo" button from the widget');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('"On the next load of this page" is what the next load shows: a new visitor on the home page is told of the banner that waits for the 2nd page view, which the reload then shows', async () => {
  const studio = await openStudio();
  await shows(studio, '#offers-next li[data-offer="newsletter-bar"]', 'newsletter-bar');
  await go(studio, '/');
  await shows(studio, '#offers-on-screen', 'newsletter-bar');
  assert.deepEqual(studio.problems(), []);
  await studio.context().close();
});

test('the studio previews what the widget shows after 8 seconds on pricing: not the demo modal once the aside has pitched the demo on load', async () => {
  const studio = await openStudio();
  await go(studio, '/pricing/');
  // The aside may pitch the demo on every load of the visit: the next load shows it again.
  await editConfig(studio, (doc) => {
    const aside = doc.offers.find((/** @type {any} */ o) => o.id === 'demo-inline');
    aside.max_views = 20;
    aside.max_views_per_visit = 20;
  });
  await studio.click('#config-apply');
  await shows(studio, '#config-source', 'draft');
  await studio.click('#sim-identify button[type="submit"]'); // an MQL: the demo modal suits them
  await shows(studio, '#lifecycle', 'mql');
  await shows(studio, '#offers-next li[data-offer="demo-inline"]', 'Not sure which plan?');
  const later = studio.locator('#offers .moment', { hasText: 'After 8 visible seconds' });
  await later.waitFor();
  // One demo pitch per page view, as the live widget does (its journey test):
  // the aside shown at load takes the demo's type.
  assert.equal(await later.locator('li[data-offer="demo-modal"]').count(), 0, await later.textContent());
  assert.deepEqual(studio.problems(), []);
  await studio.context().close();
});

test('the studio previews exit intent and 50% scroll on pricing as the widget decides them after the 8-second demo modal: no second demo pitch then', async () => {
  const studio = await openStudio();
  await go(studio, '/pricing/');
  // An MQL on pricing: the demo modal after 8 seconds, and a demo slide-in on exit intent or at 50% scroll;
  // the aside left to visitors, so the load pitches no demo.
  await editConfig(studio, (doc) => {
    doc.offers.find((/** @type {any} */ o) => o.id === 'demo-inline').stages = ['visitor'];
    for (const [id, trigger] of [['exit-demo', { on: 'exit_intent' }], ['scroll-demo', { on: 'scroll', depth: 50 }]]) {
      doc.offers.push({ id, type: 'demo', placement: 'slide-in', stages: ['mql'], trigger, content: { title: `A demo (${id})` } });
    }
  });
  await studio.click('#config-apply');
  await shows(studio, '#config-source', 'draft');
  await studio.click('#sim-identify button[type="submit"]');
  await shows(studio, '#lifecycle', 'mql');
  await studio.locator('#offers .moment', { hasText: 'After 8 visible seconds' }).locator('li[data-offer="demo-modal"]').waitFor();
  const moments = await studio.locator('#offers .moment').evaluateAll((ms) => ms.map((m) => [
    m.querySelector('h3')?.textContent, [...m.querySelectorAll('li[data-offer]')].map((li) => li.getAttribute('data-offer'))]));
  // Before the modal, the slide-in pitches the demo; after it, the page view had its demo pitch.
  assert.deepEqual(moments.filter(([label]) => /^(On exit intent|At 50% scroll)/.test(label || '')), [
    ['At 50% scroll, before 8 visible seconds', ['scroll-demo']],
    ['At 50% scroll, after 8 visible seconds', []],
    ['On exit intent, before 8 visible seconds', ['exit-demo']],
    ['On exit intent, after 8 visible seconds', []],
  ]);
  assert.deepEqual(studio.problems(), []);
  await studio.context().close();
});

test('the locked volume price sheet on /pricing/ says how to get it, with a way there, not only that it is locked', async () => {
  const page = await openPage(browser, `${server.url}/pricing/`);
  assert.ok((await waitForInit(page)).ok);
  const card = await page.waitForFunction(() => {
    const host = [...document.querySelectorAll('leadscore-ui')].find((h) => h.shadowRoot?.querySelector('.ls.gate'));
    return host && host.shadowRoot?.querySelector('.ls.gate')?.textContent;
  });
  const text = /** @type {string} */ (await card.jsonValue());
  assert.doesNotMatch(text, /^This content is locked\.$/, 'more than a lock notice');
  assert.match(text, /price sheet/i, 'it says what is locked');
  const gate = (await widgetUi(page)).find((u) => u.className === 'ls gate');
  assert.ok(gate?.cta, 'the card has a button to act on');
  assert.equal(new URL(gate.cta.href).pathname, '/contact/');
  assert.deepEqual(page.problems(), []);
  await page.context().close();
});

test('the keyboard focus ring on the site and in the studio stands out from what is around it (at least 3:1, WCAG 1.4.11)', async () => {
  const page = await openPage(browser);
  for (const path of ['/', '/pricing/', '/studio/']) {
    await page.goto(`${server.url}${path}`);
    if (path === '/studio/') await page.locator('#studio-status', { hasText: 'Ready' }).waitFor();
    else await waitForInit(page);
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Tab');
      const seen = await page.evaluate(() => {
        const el = /** @type {HTMLElement} */ (document.activeElement);
        /** @param {string} c */
        const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
        /** @param {number[]} c */
        const lum = ([r, g, b]) => {
          const f = (/** @type {number} */ v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
          return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
        };
        // What the ring is drawn on: the first ancestor with a background (the ring sits outside the element).
        let at = el.parentElement;
        while (at && rgb(getComputedStyle(at).backgroundColor)[3] === 0) at = at.parentElement;
        const ring = getComputedStyle(el).outlineColor;
        const under = getComputedStyle(at || document.documentElement).backgroundColor;
        const [a, b] = [lum(rgb(ring)), lum(rgb(under))].sort((x, y) => y - x);
        return { what: `${el.tagName} ${el.textContent?.trim().slice(0, 30)}`, style: getComputedStyle(el).outlineStyle, ring, under, ratio: (a + 0.05) / (b + 0.05) };
      });
      assert.notEqual(seen.style, 'none', `${path}: ${seen.what} shows no focus ring`);
      assert.ok(seen.ratio >= 3, `${path}: the focus ring of ${seen.what} is ${seen.ring} on ${seen.under}: ${seen.ratio.toFixed(2)}:1`);
    }
  }
  await page.context().close();
});

test('text in another language than its page says so: the English header and footer of the Persian, Thai and Vietnamese pages, and the footer\'s language links', async () => {
  const page = await openPage(browser);
  for (const [path, lang] of [['/contact/fa/', 'fa'], ['/contact/th/', 'th'], ['/contact/vi/', 'vi'], ['/', 'en']]) {
    await page.goto(`${server.url}${path}`);
    const langs = await page.evaluate(() => {
      const of = (/** @type {Element | null} */ el) => el?.closest('[lang]')?.getAttribute('lang');
      return {
        page: document.documentElement.lang,
        skip: of(document.querySelector('.skip')),
        header: of(document.querySelector('.site-header nav a')),
        footer: of(document.querySelector('.site-footer p')),
        links: Object.fromEntries([...document.querySelectorAll('.site-footer a[href^="/contact/"]')].map((a) => [a.textContent, of(a)])),
      };
    });
    assert.deepEqual(langs, {
      page: lang, skip: 'en', header: 'en', footer: 'en',
      links: { 'Contact sales': 'en', 'Tiếng Việt': 'vi', 'ภาษาไทย': 'th', 'فارسی': 'fa' },
    }, path);
  }
  await page.context().close();
});
