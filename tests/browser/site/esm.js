// The ES module build: the page starts LeadScore itself and keeps the client.
import { init, on } from '/leadscore/leadscore.mjs';

window.leadscoreErrors = [];
on('error', (e) => window.leadscoreErrors.push(e.id));
window.leadscoreReady = init({ config: '/leadscore.json' }).then(
  (client) => {
    window.leadscoreClient = client;
    return client.state();
  },
  (e) => ({ failed: e.id }),
);
