// A tiny single-page app: links with data-route change the view with
// history.pushState, the back button with popstate; no page loads.
const views = {
  '/app/': ['Overview', 'Your visitors at a glance.'],
  '/app/reports': ['Reports', 'Scores by source and stage.'],
  '/app/settings': ['Settings', 'Team and billing.'],
};

function render() {
  const [title, text] = views[location.pathname] || ['Not found', ''];
  const main = document.getElementById('view');
  const h1 = document.createElement('h1');
  h1.textContent = title;
  const p = document.createElement('p');
  p.textContent = text;
  main.replaceChildren(h1, p);
  document.title = `${title} — Northwind app`;
}

document.addEventListener('click', (e) => {
  const a = e.target instanceof Element && e.target.closest('a[data-route]');
  if (!a) return;
  e.preventDefault();
  history.pushState({}, '', a.href);
  render();
});
addEventListener('popstate', render);
render();
