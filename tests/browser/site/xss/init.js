// The XSS page starts LeadScore itself, to give the widget's own UI texts
// (close button label, locked notice) payloads too; see make-config.mjs.
window.xssLabels = {
  close: '"><img src=x onerror="window.__xss=\'label\'">',
  locked: '<script>window.__xss="locked"</script><b>locked</b>',
};
LeadScore.init({ config: '/xss/leadscore.json', labels: window.xssLabels }).catch(() => {});
