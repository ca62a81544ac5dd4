// A tiny single-page app: links with data-route change the view with
// history.pushState, the back button with popstate, the sort button the
// query string with history.replaceState; no page loads. Some views bring an
// inline offer slot or gated content, rendered after LeadScore has started.
// Links with data-later render their view in the next animation frame, as
// some routers do; a view may name its buyer-journey stage in a
// <meta name="leadscore:journey"> the app puts in the head.
const views = {
  '/app/': ['Overview', 'Your visitors at a glance.'],
  '/app/reports': ['Reports', 'Scores by source and stage.'],
  '/app/settings': ['Settings', 'Team and billing.'],
  '/app/guide': ['Guide', 'How to read a score breakdown.', () => {
    const slot = document.createElement('div');
    slot.setAttribute('data-leadscore-slot', 'post-end');
    slot.id = 'app-slot';
    return slot;
  }],
  '/app/team': ['Team', 'Who is on your account.', () => {
    const section = document.createElement('section');
    section.setAttribute('data-leadscore-gate', 'premium');
    section.setAttribute('data-leadscore-content', 'app-team-roles');
    section.id = 'team-roles';
    const p = document.createElement('p');
    p.textContent = 'Roles and permissions for every member.';
    section.append(p);
    return section;
  }],
  '/app/plans': ['Plans', 'Team or Business: pick a plan.', null, 'decision'],
};

function render() {
  const [title, text, extra, stage] = views[location.pathname] || ['Not found', ''];
  document.querySelector('meta[name="leadscore:journey"]')?.remove();
  if (stage) {
    const meta = document.createElement('meta');
    meta.name = 'leadscore:journey';
    meta.content = stage;
    document.head.append(meta);
  }
  const main = document.getElementById('view');
  const h1 = document.createElement('h1');
  h1.textContent = title;
  const p = document.createElement('p');
  p.textContent = text;
  main.replaceChildren(h1, p, ...(extra ? [extra()] : []));
  document.title = `${title} — Northwind app`;
}

document.addEventListener('click', (e) => {
  const target = e.target instanceof Element ? e.target : null;
  const a = target && target.closest('a[data-route]');
  if (a) {
    e.preventDefault();
    history.pushState({}, '', a.href);
    if (a.hasAttribute('data-later')) requestAnimationFrame(render);
    else render();
    return;
  }
  if (target && target.closest('#sort-by-score')) {
    const url = new URL(location.href);
    url.searchParams.set('sort', 'score');
    history.replaceState({}, '', url);
  }
});
addEventListener('popstate', render);
render();
