// The lead inbox: what `leadscore serve` stored (GET /leads), newest first,
// polled every few seconds.
import { el, show, say, num } from './dom.js';

const PAGE = 25;

/** The marketer's locale and time zone (the browser's), with the zone named. */
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'long' });

/** When a lead was submitted, for people; the exact ISO time in datetime and title. @param {unknown} iso */
function submitted(iso) {
  const text = typeof iso === 'string' ? iso : '';
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? text : el('time', { datetime: text, title: text }, dateTime.format(ms));
}

/** Who the lead is, and the demo time they booked (the demo-booking form's demo_slot). @param {any} lead */
function contactText(lead) {
  const c = lead.contact || {};
  return [c.name || [c.first_name, c.last_name].filter(Boolean).join(' '), c.email || c.phone, c.company,
    c.demo_slot && `demo: ${c.demo_slot}`].filter(Boolean).join(' · ') || '—';
}

export function createInbox() {
  const rows = /** @type {HTMLElement} */ (document.getElementById('inbox-rows'));
  const state = /** @type {HTMLElement} */ (document.getElementById('inbox-state'));
  let busy = false;

  /** @param {string} url */
  async function getJson(url) {
    const response = await fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return response.json();
  }

  async function refresh() {
    if (busy) return;
    busy = true;
    try {
      const head = await getJson('/leads?limit=1');
      const count = Number(head.count) || 0;
      const page = count ? await getJson(`/leads?limit=${PAGE}&offset=${Math.max(0, count - PAGE)}`) : { leads: [] };
      const leads = Array.isArray(page.leads) ? [...page.leads].reverse() : [];
      say(state, count ? `${count} lead${count === 1 ? '' : 's'} stored${count > PAGE ? `; the newest ${PAGE} below` : ''}.` : 'No leads yet: send the contact form on the site.');
      show(rows, ...leads.map((/** @type {any} */ lead) =>
        el('tr', { 'data-lead': lead.id },
          el('td', {}, submitted(lead.submitted_at)),
          el('td', {}, lead.reason || ''),
          el('td', {}, contactText(lead)),
          el('td', {}, lead.stage || '—'),
          el('td', {}, lead.journey || '—'),
          el('td', { class: 'n' }, lead.score && typeof lead.score.total === 'number' ? num(lead.score.total) : '—'),
          el('td', {}, el('code', {}, lead.id || '')))));
    } catch (e) {
      say(state, `The inbox did not answer (${e instanceof Error ? e.message : e}): is the site served by leadscore serve?`);
    } finally {
      busy = false;
    }
  }

  refresh();
  setInterval(() => {
    if (!document.hidden) refresh();
  }, 3000);
  return { refresh };
}
