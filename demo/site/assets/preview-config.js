// Demo only, not part of a LeadScore install: lets LeadScore studio preview a
// draft config (and a moved clock) on these pages. It runs before the loader
// (both are deferred, in document order) and queues an init() call the
// documented way, LeadScore = [['init', options]]; the loader takes the queue
// over, so this init wins over the script tag's data-config (init() is once).
// Without a draft nothing happens and the page uses /leadscore.json.
(() => {
  const DRAFT = 'leadscore-demo:draft-config';
  const OFFSET = 'leadscore-demo:clock-offset';
  let draft = null;
  let offset = 0;
  try {
    const text = localStorage.getItem(DRAFT);
    const doc = text ? JSON.parse(text) : null;
    if (doc && typeof doc === 'object' && !Array.isArray(doc)) draft = doc;
    offset = Number(localStorage.getItem(OFFSET)) || 0;
  } catch (_) {
    return; // storage blocked or a broken draft: the page runs the live config
  }
  if (!draft && !offset) return;
  const options = { config: draft || '/leadscore.json' };
  if (offset) options.clock = () => Date.now() + offset;
  const w = window;
  if (w.LeadScore && !Array.isArray(w.LeadScore)) return; // the loader already ran: leave it be
  w.LeadScore = w.LeadScore || [];
  w.LeadScore.unshift(['init', options]);
})();
