// The Persian page starts LeadScore itself, to give the widget's own texts in Persian.
LeadScore.init({
  config: '/intl/leadscore.json',
  labels: { close: 'بستن', locked: 'این بخش قفل است.' },
}).catch(() => {}); // failures reach on('error') listeners
