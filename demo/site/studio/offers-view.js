// Offers preview: which offers the core would show the current visitor on the
// preview's page now, which wait for a trigger there (delay, scroll depth,
// exit intent), and how each gate of the page stands. The choices are the
// core's (decideOffers, gateStatus); the targeting shown next to them is the
// config's, and the history the visitor's state.
import { el, show, when } from './dom.js';

/**
 * @typedef {{show: any[], arm: {delays: number[], depths: number[], exit_intent: boolean}}} Decision
 * @typedef {{label: string, offers: any[]}} Moment
 */

/**
 * What the config says an offer suits, for people. A gate's offer is its card:
 * shown in place of the content whenever the gate is locked, not chosen by
 * stage, trigger or caps.
 * @param {any} offer @param {string} [gate] the gate whose card it is
 */
function targeting(offer, gate) {
  if (!offer) return '';
  if (gate) return `the card of gate “${gate}”, shown in place of its content whenever it is locked (no stages, trigger or caps)`;
  const parts = [];
  parts.push(`lifecycle: ${Array.isArray(offer.stages) ? offer.stages.join(', ') : 'any'}`);
  parts.push(`journey: ${Array.isArray(offer.journey) ? offer.journey.join(', ') : `default for ${offer.type}`}`);
  const t = offer.trigger || { on: 'load' };
  const trig = t.on === 'delay' ? `after ${t.seconds} s` : t.on === 'scroll' ? `at ${t.depth}% scroll` : t.on === 'exit_intent' ? 'on exit intent' : 'on load';
  parts.push(`trigger: ${trig}${t.min_page_views ? `, from page view ${t.min_page_views} of a visit` : ''}`);
  if (Array.isArray(offer.if) && offer.if.length) parts.push(`only if ${offer.if.map(condition).join(' and ')}`);
  if (offer.priority) parts.push(`priority ${offer.priority}`);
  return parts.join(' · ');
}

/** A condition of the config for people: `path not in /contact/, /demo/`. @param {any} c */
function condition(c) {
  const [op, value] = Object.entries(c || {}).find(([k]) => k !== 'field' && k !== 'ignore_case') || ['', ''];
  const shown = Array.isArray(value) ? value.join(', ') : typeof value === 'string' ? value : JSON.stringify(value);
  return `${c.field} ${op.replace(/_/g, ' ')} ${shown}${c.ignore_case ? ' (any case)' : ''}`;
}

/**
 * @param {any} history the state's record of the offer
 * @param {any} offer its config
 * @param {{record: any, visit: number, timeout: number}} visit the stored record
 *   ([views, visit, visit_views, ...], as the widget keeps it), the visitor's visit number, minutes of session timeout
 * @param {string} [gate] the gate whose card the offer is (its views are not capped)
 */
function historyText(history, offer, { record, visit, timeout }, gate) {
  if (!history) return 'never shown';
  if (gate) return `shown ${history.views} ${history.views === 1 ? 'time' : 'times'}`;
  const parts = [`shown ${history.views} of ${offer && offer.max_views ? offer.max_views : 5} times`];
  if (Array.isArray(record) && record[1] === visit && visit > 0) {
    const most = offer && offer.max_views_per_visit ? offer.max_views_per_visit : 1;
    parts.push(record[2] >= most
      ? `shown ${record[2]} of ${most} ${most === 1 ? 'time' : 'times'} allowed per visit (max_views_per_visit), so not again in this visit: it can show on the next visit, after ${timeout} minutes away`
      : `shown ${record[2]} of ${most} times allowed this visit`);
  }
  if (history.dismissed_at) parts.push(`dismissed ${when(history.dismissed_at)}`);
  if (history.converted_at) parts.push(`converted ${when(history.converted_at)} (no longer shown)`);
  return parts.join(' · ');
}

/**
 * @param {HTMLElement} root
 * @param {{
 *   page: {path: string, slots: string[], gates: Array<{gate: string, content: string, status: any}>} | null,
 *   moments: Moment[], config: any, state: any, onScreen: any[], stored?: any, withheld?: boolean,
 * }} what stored: the offers of the stored profile (the widget's record of each, by id);
 *   withheld: consent is not given, so the visitor is in the preview page's memory only
 */
export function renderOffers(root, { page, moments, config, state, onScreen, stored = null, withheld = false }) {
  if (withheld) {
    show(root, el('p', {}, 'Consent not given: the visitor is in the preview page\'s memory only, not stored, so the studio cannot ask the core what it would offer them here. The preview shows what the widget decides.'));
    return;
  }
  if (!page || !state) {
    show(root, el('p', {}, 'Open a page of the site in the preview to see what it would show.'));
    return;
  }
  const offers = Array.isArray(config.offers) ? config.offers : [];
  /** The gate whose card each offer is, by offer id. @type {Map<string, string>} */
  const cardOf = new Map((Array.isArray(config.gates) ? config.gates : []).filter((/** @type {any} */ g) => g && g.offer).map((/** @type {any} */ g) => [g.offer, g.id]));
  const visitOf = (/** @type {string} */ id) => ({
    record: stored && typeof stored === 'object' ? stored[id] : null,
    visit: state.sessions,
    timeout: config.session_timeout_minutes || 30,
  });
  const byId = new Map(offers.map((/** @type {any} */ o) => [o.id, o]));
  const chosen = new Set();
  const item = (/** @type {any} */ o) => {
    chosen.add(o.offer);
    const placement = o.placement === 'inline' ? `inline slot “${o.slot}”` : o.placement;
    return el('li', { 'data-offer': o.offer },
      el('strong', { dir: 'auto' }, o.title), ' ', el('span', { class: 'tag' }, `${o.type} · ${placement}`), ' ', el('code', {}, o.offer),
      el('div', { class: 'why' },
        `Chosen by the core for a ${state.stage} in ${state.journey} on ${page.path}. Config: ${targeting(byId.get(o.offer))}. History: ${historyText(state.offers[o.offer], byId.get(o.offer), visitOf(o.offer))}.`));
  };
  const blocks = moments.map((m, i) =>
    el('div', { class: 'moment', id: i === 0 ? 'offers-next' : null },
      el('h3', {}, m.label),
      m.offers.length ? el('ul', { class: 'offers' }, ...m.offers.map(item)) : el('p', { class: 'small' }, 'Nothing.')));
  const others = offers.filter((/** @type {any} */ o) => !chosen.has(o.id)).map((/** @type {any} */ o) =>
    el('li', { 'data-offer': o.id },
      el('code', {}, o.id), ' ', el('span', { class: 'tag' }, cardOf.has(o.id) ? `${o.type} · gate card` : `${o.type} · ${o.placement}`), ' — ',
      targeting(o, cardOf.get(o.id)), '. History: ', historyText(state.offers[o.id], o, visitOf(o.id), cardOf.get(o.id)), '.'));
  const gates = page.gates.map((g) =>
    el('li', { 'data-gate': g.gate },
      el('code', {}, g.gate), ` (${g.content}): `,
      el('strong', {}, g.status ? g.status.status : 'unknown'),
      g.status && g.status.mode ? ` · ${g.status.mode}` : '',
      g.status && g.status.offer && g.status.status === 'locked' ? ` · shows “${g.status.offer.title}” in its place` : ''));
  const current = onScreen.map((o) =>
    el('li', { 'data-offer': o.offer }, el('code', {}, o.offer), ' ', el('span', { class: 'tag' }, `${o.type} · ${o.placement}`)));
  show(root,
    el('p', { class: 'small' }, `Page ${page.path} · slots: ${page.slots.length ? page.slots.join(', ') : 'none'}`),
    el('h3', {}, 'On screen in the preview'),
    current.length ? el('ul', { class: 'plain', id: 'offers-on-screen' }, ...current) : el('p', { class: 'small' }, 'Nothing.'),
    ...blocks,
    el('h3', {}, 'Gates on this page'),
    gates.length ? el('ul', { class: 'plain', id: 'gates' }, ...gates) : el('p', { class: 'small' }, 'None.'),
    el('details', {},
      el('summary', {}, `Not chosen here now (${others.length})`),
      el('p', { class: 'small' }, 'The core passes over an offer whose stages, journey, conditions or trigger do not fit, that is over its caps (max_views in all; max_views_per_visit in one visit, 1 unless set: an offer that fits is then not shown again until the next visit), cooling down after a dismissal, or converted, or whose placement a higher-priority offer took.'),
      el('ul', { class: 'plain' }, ...others)));
}
