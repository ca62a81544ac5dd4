// The demo site's own behaviour (not LeadScore's): booking a demo slot tells
// LeadScore about the hand-raise through its public API.
(() => {
  const status = document.getElementById('demo-booked');
  for (const button of document.querySelectorAll('[data-demo-slot]')) {
    button.addEventListener('click', () => {
      const slot = button.getAttribute('data-demo-slot') || '';
      if (window.LeadScore && typeof window.LeadScore.track === 'function') {
        window.LeadScore.track('demo_request', { slot });
      }
      if (status) status.textContent = `Booked: ${slot}. We'll send the invite to your work email.`;
    });
  }
})();
