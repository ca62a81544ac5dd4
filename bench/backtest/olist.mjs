#!/usr/bin/env node
// Olist marketing funnel (8,000 MQLs of a Brazilian marketplace looking for
// sellers, 842 closed deals; ../shared/data/olist-marketing-funnel) as
// LeadScore events and outcomes. Each MQL becomes what the site saw of it:
//   - a page view of its landing page (/lp/<landing_page_id>) on its
//     first_contact_date, with the origin as campaign parameters
//     (organic_search → utm_medium=organic, paid_search → cpc, social, email,
//     referral, display, other_publicities → publicity, other → other;
//     direct_traffic, unknown and empty carry none);
//   - the contact form it filled in (`form_submit`, form_id "seller_contact",
//     a made-up email), a minute later.
// Outcome: the MQL is in the closed-deals file (won). Of that file only
// mql_id is read: the other columns are filled in by sales after contact.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { EventLog, MINUTE, dataDir, readCsv, writeOutcomes } from './common.mjs';

export const name = 'olist';
export const config = 'olist.leadscore.json';
export const LEAKS = [];

const ORIGINS = {
  organic_search: { utm_source: 'google', utm_medium: 'organic' },
  paid_search: { utm_source: 'google', utm_medium: 'cpc' },
  social: { utm_source: 'social', utm_medium: 'social' },
  email: { utm_source: 'newsletter', utm_medium: 'email' },
  referral: { utm_source: 'referral', utm_medium: 'referral' },
  display: { utm_source: 'display', utm_medium: 'display' },
  other_publicities: { utm_source: 'publicity', utm_medium: 'publicity' },
  other: { utm_source: 'other', utm_medium: 'other' },
};

export function convert(outDir, data = dataDir()) {
  mkdirSync(outDir, { recursive: true });
  const dir = join(data, 'olist-marketing-funnel');
  const mqls = readCsv(join(dir, 'olist_marketing_qualified_leads_dataset.csv'));
  const won = new Set(readCsv(join(dir, 'olist_closed_deals_dataset.csv')).map((d) => d.mql_id));
  const log = new EventLog();
  const outcomes = [];
  mqls.forEach((m, i) => {
    const ts = Date.parse(`${m.first_contact_date}T12:00:00Z`);
    if (!Number.isFinite(ts)) throw new Error(`olist: MQL ${m.mql_id}: bad date ${m.first_contact_date}`);
    const query = new URLSearchParams(ORIGINS[m.origin] ?? {}).toString();
    const path = `/lp/${m.landing_page_id}`;
    log.add(m.mql_id, 'page_view', ts, { url: query ? `${path}?${query}` : path });
    log.add(m.mql_id, 'form_submit', ts + MINUTE, {
      url: path, props: { form_id: 'seller_contact', email: `mql-${i + 1}@example.invalid` },
    });
    outcomes.push([m.mql_id, won.has(m.mql_id)]);
  });
  const events = join(outDir, 'olist.events.ndjson');
  const outcomesPath = join(outDir, 'olist.outcomes.csv');
  log.write(events);
  writeOutcomes(outcomesPath, outcomes);
  return { events, outcomes: outcomesPath, visitors: outcomes.length };
}

if (process.argv[1] && process.argv[1].endsWith('olist.mjs')) {
  const out = process.argv[2];
  if (!out) { console.error('usage: node bench/backtest/olist.mjs OUTDIR'); process.exit(2); }
  console.log(convert(out));
}
