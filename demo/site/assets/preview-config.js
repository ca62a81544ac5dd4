// Demo only, not part of a LeadScore install: lets LeadScore studio preview a
// draft config (and a moved clock) on these pages, and hear what the widget
// does when a page is the studio's preview (in its iframe). It runs before
// the loader (both are deferred, in document order) and queues calls the
// documented way, LeadScore = [['init', options], ['on', ...]]; the loader
// takes the queue over, so this init wins over the script tag's data-config
// (init() runs once). Without a draft the page uses /leadscore.json.
(() => {
  const DRAFT = 'leadscore-demo:draft-config';
  const OFFSET = 'leadscore-demo:clock-offset';
  const w = window;
  if (w.LeadScore && !Array.isArray(w.LeadScore)) return; // the loader already ran: leave it be
  let draft = null;
  let offset = 0;
  try {
    const text = localStorage.getItem(DRAFT);
    const doc = text ? JSON.parse(text) : null;
    if (doc && typeof doc === 'object' && !Array.isArray(doc)) draft = doc;
    offset = Number(localStorage.getItem(OFFSET)) || 0;
  } catch (_) {
    // storage blocked or a broken draft: the page runs the live config
  }
  const queue = [];
  if (draft || offset) {
    const options = { config: draft || '/leadscore.json' };
    if (offset) options.clock = () => Date.now() + offset;
    queue.push(['init', options]);
  }
  if (w.parent !== w) {
    // In the studio's preview: keep what the widget reports from the start
    // (offers shown before the studio could subscribe), and pass it on.
    const log = (w.leadscoreDemoEvents = []);
    for (const name of ['offer', 'stage', 'error']) {
      queue.push(['on', name, (value) => {
        log.push({ name, value });
        if (typeof w.leadscoreDemoListener === 'function') w.leadscoreDemoListener(name, value);
      }]);
    }
  }
  if (!queue.length) return;
  w.LeadScore = w.LeadScore || [];
  w.LeadScore.unshift(...queue);
})();
