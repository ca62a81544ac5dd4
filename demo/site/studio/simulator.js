// The visitor simulator: buttons that act as the visitor through the preview
// page's public API (window.LeadScore: track, identify, forget, flush), and
// time travel, which restarts the preview with its clock moved ahead
// (init({clock}), see /assets/preview-config.js).
import { clockOffset, setClockOffset } from './preview-settings.js';

/** The events the buttons send: [type, props]. */
const EVENTS = /** @type {Record<string, [string, Record<string, unknown>?]>} */ ({
  scroll: ['scroll', { depth: 100 }],
  dwell: ['dwell', { seconds: 120 }],
  download: ['download', { file: '/files/lead-scoring-playbook.pdf', asset: 'ebook' }],
  click: ['click', { cta: 'studio-simulator', text: 'Book a demo', href: '/demo/' }],
  webinar: ['webinar_register', { webinar: 'scoring-that-sales-trusts' }],
  demo: ['demo_request', { source: 'studio-simulator' }],
  customer: ['set_stage', { stage: 'customer' }],
});

/**
 * @param {{
 *   widget: () => any,          // the preview page's window.LeadScore, or null
 *   reload: () => Promise<unknown>, // reloads the preview page; resolves once it has loaded
 *   changed: () => void,        // the visitor changed: refresh the views
 *   later: (ms: number) => string | null, // how the stored visitor stands `ms` later, before anything new happens; null: none is stored
 * }} deps
 */
export function createSimulator({ widget, reload, changed, later }) {
  const status = /** @type {HTMLElement} */ (document.getElementById('sim-status'));

  /** Runs `fn` on the preview's LeadScore, stores the profile, refreshes. @param {string} what @param {(ls: any) => void} fn */
  async function act(what, fn) {
    const ls = widget();
    if (!ls) {
      status.textContent = 'The preview page has no LeadScore yet: wait for it to load.';
      return;
    }
    fn(ls);
    await ls.flush();
    status.textContent = `Sent: ${what}.`;
    changed();
  }

  for (const button of document.querySelectorAll('[data-sim]')) {
    const name = button.getAttribute('data-sim') || '';
    const event = EVENTS[name];
    if (!event) continue;
    button.addEventListener('click', () => act(`${event[0]} ${JSON.stringify(event[1] || {})}`, (ls) => ls.track(event[0], event[1])));
  }

  const form = /** @type {HTMLFormElement} */ (document.getElementById('sim-identify'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    /** @type {Record<string, string | number>} */
    const fields = {};
    for (const [name, value] of new FormData(form)) {
      const v = String(value).trim();
      if (!v) continue;
      fields[name] = name === 'company_size' && /^\d+$/.test(v) ? Number(v) : v;
    }
    act(`identify ${JSON.stringify(fields)}`, (ls) => ls.identify(fields));
  });

  for (const button of document.querySelectorAll('[data-ahead]')) {
    button.addEventListener('click', async () => {
      const ms = Number(button.getAttribute('data-ahead')) || 0;
      const ls = widget();
      if (ls) await ls.flush();
      // The restart is a new page view and a return visit, which score too: say first what the time alone did.
      // With nothing stored (consent withheld), the restart meets a new visitor instead.
      const before = later(ms);
      setClockOffset(clockOffset() + ms);
      status.textContent = `Clock moved ahead by ${button.textContent}. ${
        before === null
          ? 'Nothing of this visitor is stored in this browser, so the preview restarts there with a new visitor.'
          : `${before ? `Before they come back: ${before}. ` : ''}The preview restarts there: a return visit.`
      }`;
      reload();
      changed();
    });
  }

  /** @type {HTMLButtonElement} */ (document.getElementById('sim-reset')).addEventListener('click', async () => {
    let ls = widget();
    if (ls && clockOffset()) {
      // Back to real time first: a page still running ahead would date the new
      // visitor's first events (the offers it shows them) in the future.
      setClockOffset(0);
      await reload();
      ls = widget();
    }
    if (!ls) {
      status.textContent = 'The preview page has no LeadScore yet: wait for it to load.';
      return;
    }
    ls.forget();
    await ls.flush();
    status.textContent = 'Forgotten: a new anonymous visitor, back in real time.';
    reload();
    changed();
  });
}
