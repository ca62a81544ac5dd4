// The demo site's own behaviour (not LeadScore's): its two hand-raises, the
// contact form (a lead sent from it is a contact_sales) and the demo booking form.
// Its fields are LeadScore's (the demo-booking form of /leadscore.json): the
// time and, when the site does not know it yet, the work email the invite goes
// to. A time button puts its time into the form's demo_slot and books at once
// when nothing else is asked (a known visitor: one click); otherwise it asks
// for the email. The booking is made when LeadScore takes the form (its lead,
// which carries demo_slot): only then is it a demo_request, and shown as booked
// (in a line that does not speak: the form's thank-you already does).
(() => {
  const ls = window.LeadScore;
  if (!ls || typeof ls.on !== 'function') return;
  // "Talk to sales" sent (in any language): the visitor asked for sales, as a
  // demo booking does; the config's SQL stage counts either hand-raise.
  ls.on('lead', (lead) => {
    const p = lead && lead.payload;
    if (p && p.reason === 'form_submit' && p.form === 'contact') ls.track('contact_sales', { page: location.pathname });
  });
})();
(() => {
  const form = /** @type {HTMLFormElement | null} */ (document.getElementById('demo-booking'));
  const ask = document.getElementById('demo-ask');
  const booked = document.getElementById('demo-booked');
  if (!form || !ask || !booked) return;
  const slot = /** @type {HTMLInputElement} */ (form.elements.namedItem('demo_slot'));
  const email = /** @type {HTMLInputElement} */ (form.elements.namedItem('email'));
  const buttons = [...form.querySelectorAll('[data-demo-slot]')];
  for (const button of buttons) {
    button.addEventListener('click', () => {
      slot.value = button.getAttribute('data-demo-slot') || '';
      // Said as a visitor's change is (a script's value fires none): LeadScore
      // checks the form again, so a "Pick a time" mistake shown goes now.
      slot.dispatchEvent(new Event('change', { bubbles: true }));
      for (const other of buttons) other.setAttribute('aria-pressed', String(other === button));
      if (email.disabled || email.value.trim()) {
        form.requestSubmit();
        return;
      }
      ask.textContent = `${slot.value}: which work email should the invite go to?`;
      email.focus();
    });
  }
  const ls = window.LeadScore;
  if (!ls || typeof ls.on !== 'function') return;
  ls.on('lead', (lead) => {
    const p = lead && lead.payload;
    if (!p || p.reason !== 'form_submit' || p.form !== 'demo-booking') return;
    const contact = p.contact || {};
    ask.textContent = '';
    booked.textContent = `Booked: ${contact.demo_slot}. The invite goes to ${contact.email}.`;
    ls.track('demo_request', { slot: contact.demo_slot });
  });
})();
