// LeadScore studio: the control room of the demo. It drives the site preview's
// widget through the public API (window.LeadScore in the iframe), reads the
// visitor the widget stored in this browser, and asks the inspector core
// (dist/leadscore-inspector.mjs) what it makes of them under the config in
// use: scores, stages, breakdown, offers, gates. It never scores anything
// itself. Pages of the site open in other tabs are followed too (storage events).
import { createInspector } from '/leadscore/leadscore-inspector.mjs';
import { el, say, num } from './dom.js';
import { createConfigEditor } from './config-editor.js';
import { renderVisitor } from './visitor-view.js';
import { renderOffers } from './offers-view.js';
import { createSimulator } from './simulator.js';
import { createInbox } from './inbox-view.js';
import {
  draftConfig, setDraftConfig, clearDraftConfig, clockOffset, storedVisitor, watched, consentWithheld,
} from './preview-settings.js';

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
const status = $('studio-status');
const frame = /** @type {HTMLIFrameElement} */ ($('site'));
const log = $('widget-log');

/**
 * Logs a message at the preview's time, the visitor panel's: after time travel
 * the clock runs ahead, so the day is shown too.
 * @param {string} text
 */
function note(text) {
  const offset = clockOffset();
  const at = new Date(Date.now() + offset);
  const shown = offset ? at.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'medium' }) : at.toLocaleTimeString('en-GB');
  log.prepend(el('li', {}, el('time', { datetime: at.toISOString() }, shown), ' ', text));
  while (log.children.length > 30) log.lastChild && log.lastChild.remove();
}

/** The preview page's window, when it is a page of this site. */
function previewWindow() {
  try {
    const w = /** @type {any} */ (frame.contentWindow);
    return w && w.location.origin === location.origin && w.location.protocol !== 'about:' ? w : null;
  } catch (_) {
    return null;
  }
}

/** The preview page's LeadScore (the loader's stub or the widget), or null. */
function widget() {
  const w = previewWindow();
  return w && w.LeadScore && typeof w.LeadScore.track === 'function' ? w.LeadScore : null;
}

/** The page the visitor is on: path, inline slots, gated content (read from its DOM). */
function previewPage() {
  const w = previewWindow();
  if (!w || !w.document || !w.document.body) return null;
  const doc = w.document;
  const slots = [...new Set([...doc.querySelectorAll('[data-leadscore-slot]')].map((n) => n.getAttribute('data-leadscore-slot') || ''))].filter(Boolean);
  const gates = [...doc.querySelectorAll('[data-leadscore-gate]')].map((n) => ({
    gate: n.getAttribute('data-leadscore-gate') || '',
    content: n.getAttribute('data-leadscore-content') || w.location.pathname,
    status: null,
  }));
  return { url: w.location.href, path: w.location.pathname, slots, gates };
}

let inspector;
try {
  inspector = await createInspector();
} catch (e) {
  status.textContent = `The core did not load (${e instanceof Error ? e.message : e}); nothing here can work.`;
  status.className = 'status bad';
  throw e;
}

/** @type {any} the config the site ships with; null when it could not be loaded */
let shipped = null;
/** Why /leadscore.json could not be loaded or is refused by the core ('' when it runs). */
let shippedProblem = '';
/** Its text when it was not JSON or is refused, to be mended in the editor ('' otherwise). */
let shippedText = '';
try {
  const response = await fetch('/leadscore.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
  // The bytes, as the widget reads them (text() would turn bytes that are not UTF-8 into U+FFFD);
  // decoded only to be shown. Not JSON: said in the core's words, with where (as `leadscore validate` says it).
  const bytes = new Uint8Array(await response.arrayBuffer());
  const text = new TextDecoder().decode(bytes);
  const refused = inspector.validateText(bytes);
  const syntax = refused.find((e) => e.id === 'leadscore.config.syntax');
  if (syntax) {
    shippedText = text;
    throw new Error(syntax.message);
  }
  if (refused.length) {
    // JSON, but not a config the core takes (`null` included): the site's widget does not start.
    shippedText = text;
    shippedProblem = `/leadscore.json is refused: ${refused.map((e) => `${e.path || '/'} ${e.message} [${e.id}]`).join('; ')}`;
    note(shippedProblem);
  } else shipped = JSON.parse(text);
} catch (e) {
  shippedProblem = `Could not load /leadscore.json (${e instanceof Error ? e.message : e})`;
  note(shippedProblem);
}

/** The config the preview runs: the draft, if any, else /leadscore.json (null if that failed). */
function applied() {
  const draft = draftConfig();
  return { config: draft || shipped, draft: !!draft, problem: shippedProblem, text: shippedText };
}

// ------------------------------------------------------------------ refresh
/** Offers the preview page shows now, as its widget reported them (offer id → event). */
const onScreen = new Map();
let pending = 0;
/** What was last said about a config the core refuses (said once, not on every look). */
let refusedSaid = '';
function refresh() {
  pending = 0;
  const { config } = applied();
  const { visitor, profile } = storedVisitor();
  const errors = config ? inspector.load({ config, profile, visitor: visitor || 'new-visitor' }) : [];
  const offset = clockOffset();
  const now = Date.now() + offset;
  say($('clock'), offset ? `real time + ${formatSpan(offset)}` : 'real time');
  const w = previewWindow();
  say($('preview-url'), w ? w.location.pathname + w.location.search : '—');
  const state = config ? inspector.state(now) : null;
  if (!config) {
    renderVisitor($('visitor'), null, { config, now, problems: [], missing: shippedProblem });
    renderOffers($('offers'), { page: null, moments: [], config, state, onScreen: [] });
    return;
  }
  if (!state) {
    // Only a config the core refuses gets here (a draft stored by an older build or another tool).
    const refused = `The config in use is refused: ${errors.map((e) => `${e.path || '/'} ${e.message} [${e.id}]`).join('; ')}`;
    renderVisitor($('visitor'), null, { config, now, problems: [], refused: errors });
    if (refused !== refusedSaid) note(refused);
    refusedSaid = refused;
    return;
  }
  refusedSaid = '';
  if (consentWithheld(config)) {
    // Nothing is stored: what is stored is someone before; the preview's widget holds the visitor.
    // (state() never throws: docs/widget.md)
    const live = widget()?.state() ?? null;
    renderVisitor($('visitor'), live, { config, now, problems: [], withheld: true });
    renderOffers($('offers'), { page: null, moments: [], config, state: live, onScreen: [], withheld: true });
    return;
  }
  renderVisitor($('visitor'), state, { config, now, problems: errors });

  const page = previewPage();
  /** @type {Array<{label: string, offers: any[]}>} */
  const moments = [];
  if (page) {
    // The gates as the page shows them now (before the next load's page view below).
    for (const g of page.gates) g.status = inspector.gateStatus(g.gate, g.content);
    // A gate's card leaves the page when its gate unlocks (no offer event says so).
    const cards = new Set(page.gates.filter((g) => g.status?.status === 'locked').map((g) => g.status.offer?.offer));
    for (const [key, v] of onScreen) if (v.placement === 'gate' && !cards.has(v.offer)) onScreen.delete(key);
    const base = { url: page.url, slots: page.slots, now };
    // The next load is a page view more (a new visit after the session timeout): the
    // offers that wait for the n-th page view, and the caps of a visit, as the widget meets them.
    inspector.pageView(base);
    const first = inspector.decideOffers({ ...base, trigger: 'load' });
    if (first) {
      moments.push({ label: 'On the next load of this page', offers: first.show });
      // As the widget asks: told the offers already shown on the page view
      // (one of a type per page view) and the places they still hold. The
      // load's offers, and the earlier delays' (they come in this order).
      /** @type {any[]} */
      const shown = [...first.show];
      const sofar = () => ({
        shown: shown.map((o) => o.offer),
        open: shown.map((o) => (o.placement === 'inline' ? `slot:${o.slot}` : o.placement)),
      });
      /** What the widget has shown from each point of visible time on: the load, then each delay. */
      const spans = [{ from: 0, ...sofar() }];
      for (const s of first.arm.delays) {
        const d = inspector.decideOffers({ ...base, ...sofar(), trigger: 'delay', seconds: s });
        moments.push({ label: `After ${s} visible seconds`, offers: d ? d.show : [] });
        if (d) shown.push(...d.show);
        spans.push({ from: s, ...sofar() });
      }
      /**
       * A scroll depth or exit intent, decided with what the widget has shown
       * by then: before the first delay, after each; one moment per run of
       * spans with the same offers, its label saying when if they differ.
       * @param {string} label @param {object} ask
       */
      const triggered = (label, ask) => {
        /** @type {Array<{ids: string, offers: any[], from: number, to?: number}>} */
        const runs = [];
        spans.forEach((span, i) => {
          const d = inspector.decideOffers({ ...base, ...span, seconds: span.from, ...ask });
          const offers = d ? d.show : [];
          const ids = offers.map((/** @type {any} */ o) => o.offer).join();
          const to = spans[i + 1]?.from;
          const last = runs[runs.length - 1];
          if (last && last.ids === ids) last.to = to;
          else runs.push({ ids, offers, from: span.from, to });
        });
        for (const r of runs) {
          const when = runs.length === 1 ? '' : !r.from ? `, before ${r.to} visible seconds`
            : r.to === undefined ? `, after ${r.from} visible seconds` : `, from ${r.from} to ${r.to} visible seconds`;
          moments.push({ label: label + when, offers: r.offers });
        }
      };
      for (const depth of first.arm.depths) triggered(`At ${depth}% scroll`, { trigger: 'scroll', depth });
      if (first.arm.exit_intent) triggered('On exit intent', { trigger: 'exit_intent' });
    }
  }
  renderOffers($('offers'), { page, moments, config, state, onScreen: [...onScreen.values()], stored: profile && profile.offers });
}

function refreshSoon() {
  if (!pending) pending = window.setTimeout(refresh, 60);
}

/** @param {number} ms */
function formatSpan(ms) {
  const h = Math.round(ms / 3600000);
  return h >= 24 ? `${Math.floor(h / 24)} d${h % 24 ? ` ${h % 24} h` : ''}` : `${h} h`;
}

// ------------------------------------------------------------------ preview
/** Reloads the preview; resolves once the page has loaded. */
function reload() {
  const loaded = new Promise((done) => frame.addEventListener('load', done, { once: true }));
  const w = previewWindow();
  if (w) w.location.reload();
  else frame.src = '/';
  return loaded;
}

/** A widget error as the log says it: its message names the id already ("[id] path: message"), or gets it in front. @param {any} e */
const errorText = (e) => {
  const message = String(e && e.message);
  return e && e.id && !message.includes(`[${e.id}]`) ? `[${e.id}] ${message}` : message;
};

/** Follows the widget of each page the preview loads. */
frame.addEventListener('load', () => {
  onScreen.clear();
  refreshSoon();
  // The page button of the page shown, for screen readers too.
  const path = previewWindow()?.location.pathname;
  for (const button of document.querySelectorAll('[data-go]')) {
    if (button.getAttribute('data-go') === path) button.setAttribute('aria-current', 'page');
    else button.removeAttribute('aria-current');
  }
  if (!previewWindow()) return; // not loaded yet, or not a page of this site
  const ls = widget();
  if (!ls) {
    note('This preview page has no LeadScore.');
    return;
  }
  const stored = () => ls.flush().then(refreshSoon);
  ls.on('score', stored);
  // on('lead'): {action: 'captured', id, payload} or {action: 'delivered', id, target, status}.
  ls.on('lead', (/** @type {any} */ lead) => {
    if (!lead) return;
    const p = lead.payload;
    const detail = p ? `${p.reason}, ${p.stage}` : `to ${lead.target}${lead.status ? `, HTTP ${lead.status}` : ''}`;
    note(`lead ${lead.id} ${lead.action} (${detail})`);
  });
  // Offers, stages and errors from the start of the page (/assets/preview-config.js keeps them).
  const w = /** @type {any} */ (previewWindow());
  /** The errors this page's widget reported (a start failure is one of them: said once). */
  const errors = new Set();
  /** @param {string} name @param {any} v */
  const heard = (name, v) => {
    if (name === 'stage') note(`${v.kind}: ${v.from} → ${v.to} (${v.cause})`);
    else if (name === 'error') {
      errors.add(errorText(v));
      note(`error ${errorText(v)}`);
    } else if (name === 'offer') {
      note(`offer ${v.offer} (${v.type}, ${v.placement}) ${v.action}`);
      if (v.action === 'shown') onScreen.set(`${v.offer}|${v.placement}`, v);
      else onScreen.delete(`${v.offer}|${v.placement}`);
    }
    stored();
  };
  for (const { name, value } of (w && w.leadscoreDemoEvents) || []) heard(name, value);
  if (w) w.leadscoreDemoListener = heard;
  // The page view of this load happened before these listeners: wait for it.
  ls.init().then(stored, (/** @type {any} */ e) =>
    note(errors.has(errorText(e)) ? 'the widget did not start (the error below)' : `the widget did not start: ${errorText(e)}`));
});

for (const button of document.querySelectorAll('[data-go]')) {
  button.addEventListener('click', () => {
    const path = button.getAttribute('data-go') || '/';
    const w = previewWindow();
    if (w) w.location.assign(path);
    else frame.src = path;
  });
}

// Other tabs of the site (and the preview) store the visitor as they go.
window.addEventListener('storage', (e) => {
  if (watched(e.key)) refreshSoon();
});
// Time passes (decay, delays): look again now and then.
setInterval(() => {
  if (!document.hidden) refreshSoon();
}, 5000);

// ------------------------------------------------------------------ the rest
const editor = createConfigEditor({
  validate: (text) => inspector.validateText(text),
  warnings: (text) => inspector.warningsText(text),
  applied,
  apply(doc, text) {
    if (!setDraftConfig(doc, text)) {
      note('Could not store the draft (localStorage refused it).');
      return false;
    }
    note('Draft config applied; the preview restarts with it.');
    reload();
    refreshSoon();
    return true;
  },
  discard() {
    clearDraftConfig();
    note('Draft discarded; the preview runs /leadscore.json again.');
    reload();
    refreshSoon();
  },
});
editor.load(true); // with the edits not applied before a reload
createSimulator({
  widget,
  reload,
  changed: refreshSoon,
  later(ms) {
    const { visitor, profile } = storedVisitor();
    if (!profile || consentWithheld(applied().config)) return null; // the restart meets a new visitor
    if (inspector.load({ config: applied().config, profile, visitor: visitor || 'new-visitor' }).length) return '';
    const now = Date.now() + clockOffset();
    const was = inspector.state(now);
    const then = inspector.state(now + ms);
    refreshSoon(); // the inspector holds the visitor again as refresh() loaded them
    return was && then
      ? `score ${num(then.score)}, engagement ${num(then.engagement)} (was ${num(was.engagement)}), temperature ${then.temperature}, still ${then.stage}`
      : '';
  },
});
createInbox();
frame.src = '/'; // now that the preview's widget can be followed from its first event
refresh();
status.textContent = shippedProblem
  ? `Ready, but: ${shippedProblem}. The site's pages run no config; your draft and edits in this browser are kept.`
  : 'Ready. Browse the preview (or the site in another tab) and watch the visitor change.';
status.className = shippedProblem ? 'status bad' : 'status ok';
