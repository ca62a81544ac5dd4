// The test site's own script (no inline scripts anywhere: the site runs under
// a strict CSP). Forms marked data-site-form are sent the way many landing
// pages send them, without a page load: the site reads the fields itself and
// tells LeadScore who the visitor is (the widget's collectors never read
// field values of forms it does not drive), optionally records a hand-raise
// (data-site-event), and thanks the visitor. Forms of the config
// (data-leadscore-form) are the widget's: never data-site-form too, or one
// submit would be handled twice.
window.LeadScore = window.LeadScore || [];

/** Calls LeadScore whether the loader has run yet or not (the async-snippet queue). */
function leadscore(method, ...args) {
  const ls = window.LeadScore;
  if (Array.isArray(ls)) ls.push([method, ...args]);
  else ls[method](...args);
}

document.addEventListener('submit', (e) => {
  const form = e.target;
  if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-site-form')) return;
  e.preventDefault();
  const fields = {};
  for (const [name, value] of new FormData(form)) {
    if (typeof value === 'string' && value.trim()) fields[name] = value.trim();
  }
  if (Object.keys(fields).length) leadscore('identify', fields);
  const event = form.getAttribute('data-site-event');
  if (event) leadscore('track', event);
  const thanks = document.createElement('p');
  thanks.setAttribute('role', 'status');
  thanks.className = 'thanks';
  thanks.textContent = form.getAttribute('data-site-thanks') || 'Thank you!';
  form.replaceWith(thanks);
});
