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

/** Who the lead is, and what they wrote (the contact form's message), under it. @param {any} lead */
function contactCell(lead) {
  const message = lead.contact && typeof lead.contact.message === 'string' ? lead.contact.message : '';
  return el('td', {}, contactText(lead), message && el('div', { class: 'small message' }, message));
}

export function createInbox() {
  const rows = /** @type {HTMLElement} */ (document.getElementById('inbox-rows'));
  const state = /** @type {HTMLElement} */ (document.getElementById('inbox-state'));
  const pager = /** @type {HTMLElement} */ (document.getElementById('inbox-pager'));
  const newer = /** @type {HTMLButtonElement} */ (document.getElementById('inbox-newer'));
  const older = /** @type {HTMLButtonElement} */ (document.getElementById('inbox-older'));
  /** How many of the newest leads the page shown skips (0: the newest page). */
  let skip = 0;
  let busy = false;
  newer.addEventListener('click', () => {
    skip = Math.max(0, skip - PAGE);
    refresh();
  });
  older.addEventListener('click', () => {
    skip += PAGE;
    refresh();
  });

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
      // A page of PAGE, newest first: the newest, or (Older) those before.
      if (skip >= count) skip = Math.max(0, Math.floor((count - 1) / PAGE) * PAGE);
      const end = count - skip;
      const start = Math.max(0, end - PAGE);
      const page = count ? await getJson(`/leads?limit=${end - start}&offset=${start}`) : { leads: [] };
      const leads = Array.isArray(page.leads) ? [...page.leads].reverse() : [];
      say(state, count ? `${count} lead${count === 1 ? '' : 's'} stored${count > PAGE ? `; ${skip + 1} to ${count - start}, newest first` : ''}.` : 'No leads yet: send the contact form on the site.');
      pager.hidden = count <= PAGE;
      newer.disabled = skip === 0;
      older.disabled = start === 0;
      show(rows, ...leads.map((/** @type {any} */ lead) =>
        el('tr', { 'data-lead': lead.id },
          el('td', {}, submitted(lead.submitted_at)),
          el('td', {}, lead.reason === 'form_submit' && lead.form ? `form_submit (${lead.form})` : lead.reason || ''),
          contactCell(lead),
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
