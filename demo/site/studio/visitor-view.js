// The state inspector: the visitor as the core sees them (scores, stages,
// breakdown per rule, transitions with causes, contact, attribution). Every
// figure comes from the core's state(); rule descriptions come from the config.
import { el, show, say, num, when } from './dom.js';

/** Why the studio cannot read the visitor from storage (docs/widget.md, "Storage and privacy"). */
const WITHHELD = 'Consent not given (privacy.consent "required", or consent(false)): nothing is stored, so no stored visitor is shown';

/** @param {string} label @param {string | number} value @param {string} id */
const figure = (label, value, id) =>
  el('div', { class: 'figure' }, el('span', { class: 'label' }, label), el('strong', { id }, value));

/** @param {string} label @param {string} value @param {string} id */
const badge = (label, value, id) =>
  el('div', { class: 'badge-line' }, el('span', { class: 'label' }, label), ' ', el('span', { class: `badge ${value}`, id }, value));

/**
 * @param {HTMLElement} root
 * @param {any} state the core's state (null: nothing to show)
 * @param {{config: any, now: number, problems: Array<{id: string, path: string, message: string}>,
 *          refused?: Array<{id: string, path: string, message: string}>, missing?: string, withheld?: boolean}} context
 *   refused: the errors of a config in use that the core refuses (then state is null)
 *   missing: why there is no config in use (/leadscore.json could not be loaded or is refused, no draft)
 *   withheld: consent is not given, so nothing is stored: state is the preview page's widget's (null when it has none)
 */
export function renderVisitor(root, state, { config, now, problems, refused = [], missing = '', withheld = false }) {
  // What screen readers hear when it changes (the panel itself is no live
  // region: it would be read out in full on every change).
  const summary = document.getElementById('visitor-summary');
  if (!state) {
    if (summary) say(summary, '');
    show(root, missing
      ? el('p', { class: 'warn' }, `${missing}, and there is no draft: the widget does not run and nothing is scored. Write a config in the editor and apply it.`)
      : refused.length
      ? el('p', { class: 'warn' },
        `The config in use is refused by the core, so the widget does not run and nothing is scored: ` +
        `${refused.map((e) => `${e.path || '/'} ${e.message} [${e.id}]`).join('; ')}. ` +
        `Fix it in the editor and apply it, or Discard draft to return to /leadscore.json.`)
      : withheld
      ? el('p', { class: 'warn' }, `${WITHHELD}. Open a page of the site in the preview to see its visitor.`)
      : el('p', {}, 'No visitor yet: open a page in the preview.'));
    return;
  }
  if (summary) {
    say(summary, `Score ${num(state.score)} (fit ${num(state.fit)}, engagement ${num(state.engagement)}); ` +
      `lifecycle ${state.stage}, journey ${state.journey}, temperature ${state.temperature}.`);
  }
  /** @type {Map<string, string>} */
  const described = new Map();
  for (const r of [...(config.rules || []), ...(config.fit || [])]) {
    if (r && typeof r.id === 'string') described.set(r.id, typeof r.description === 'string' ? r.description : '');
  }
  const rows = state.breakdown.map((/** @type {any} */ b) =>
    el('tr', { 'data-rule': b.rule },
      el('th', { scope: 'row' }, el('code', {}, b.rule), described.get(b.rule) ? el('span', { class: 'desc', dir: 'auto' }, described.get(b.rule)) : null),
      el('td', {}, b.dimension),
      el('td', { class: 'n' }, b.fired),
      el('td', { class: `n ${b.points < 0 ? 'neg' : ''}` }, num(b.points)),
      el('td', { class: 'n' }, b.capped ? num(b.capped) : '—'),
      el('td', { class: 'n' }, b.decayed ? num(b.decayed) : '—')));
  const transitions = [...state.transitions].reverse().map((/** @type {any} */ t) =>
    el('li', { 'data-kind': t.kind },
      el('span', { class: 'kind' }, t.kind), ' ', el('strong', {}, `${t.from} → ${t.to}`), ' ',
      el('span', { class: 'cause' }, t.cause), ' ', el('time', { datetime: new Date(t.ts).toISOString() }, when(t.ts))));
  const contact = Object.entries(state.contact || {}).map(([k, v]) => el('li', {}, el('code', {}, k), ' ', String(v)));
  const touch = (/** @type {any} */ t) =>
    t ? [t.source, t.medium, t.campaign].filter(Boolean).join(' / ') || t.referrer || 'direct' : '—';

  show(root,
    withheld ? el('p', { class: 'warn' }, `${WITHHELD}: this is the visitor the preview page's widget holds in memory (gone when the page reloads).`) : null,
    problems.length
      ? el('p', { class: 'warn' }, `The stored profile was refused (${problems[0].id}: ${problems[0].message}); showing a fresh visitor.`)
      : null,
    el('div', { class: 'figures' },
      figure('Score', num(state.score), 'score-total'),
      figure('Fit', num(state.fit), 'score-fit'),
      figure('Engagement', num(state.engagement), 'score-engagement')),
    el('div', { class: 'badges' },
      badge('Lifecycle', state.stage, 'lifecycle'),
      badge('Journey', state.journey, 'journey'),
      badge('Temperature', state.temperature, 'temperature')),
    el('p', { class: 'small' },
      `Visitor ${state.visitor} · ${state.sessions} visit(s), ${state.page_views} page views, ${state.events} events · last seen ${when(state.last_seen)} · as of ${when(now)}`),
    el('h3', {}, 'Breakdown'),
    rows.length
      ? el('div', { class: 'scroll', tabindex: 0, role: 'region', 'aria-label': 'Breakdown by rule' }, el('table', { class: 'table', id: 'breakdown' },
          el('thead', {}, el('tr', {},
            el('th', { scope: 'col' }, 'Rule'), el('th', { scope: 'col' }, 'Dimension'), el('th', { scope: 'col' }, 'Fired'),
            el('th', { scope: 'col' }, 'Points'), el('th', { scope: 'col' }, 'Capped'), el('th', { scope: 'col' }, 'Decayed'))),
          el('tbody', {}, ...rows)))
      : el('p', { class: 'small' }, 'No rule has fired yet.'),
    el('h3', {}, 'Transitions'),
    transitions.length ? el('ol', { class: 'transitions', id: 'transitions' }, ...transitions) : el('p', { class: 'small' }, 'None yet.'),
    el('div', { class: 'two' },
      el('div', {}, el('h3', {}, 'Contact'), contact.length ? el('ul', { class: 'plain', id: 'contact' }, ...contact) : el('p', { class: 'small' }, 'Anonymous.')),
      el('div', {}, el('h3', {}, 'Attribution'),
        el('ul', { class: 'plain' },
          el('li', {}, 'First touch: ', touch(state.attribution && state.attribution.first)),
          el('li', {}, 'Last touch: ', touch(state.attribution && state.attribution.last))),
        el('h3', {}, 'Forms and gates'),
        el('ul', { class: 'plain' },
          el('li', {}, 'Forms sent: ', state.forms.length ? state.forms.join(', ') : 'none'),
          el('li', {}, 'Gates unlocked: ', state.unlocked.length ? state.unlocked.join(', ') : 'none')))));
}
