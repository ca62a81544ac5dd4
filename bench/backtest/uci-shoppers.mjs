#!/usr/bin/env node
// UCI Online Shoppers Purchasing Intention (12,330 e-commerce sessions, each
// from a different user; ../shared/data/uci-online-shoppers) as LeadScore
// events and outcomes. Each session becomes one visit:
//   - Administrative, Informational and ProductRelated page counts as page
//     views of /account/N, /info/N and /products/N (in that order: the data
//     does not say the order), each followed by a `dwell` event with its
//     category's duration shared evenly ({"seconds"}; the clock moves on by at
//     most 25 minutes per page, so the session stays one visit);
//   - VisitorType Returning_Visitor as {"returning": true} on the first page
//     view (the widget would know from the visitor's stored profile);
//   - Month and Weekend set the date (2017, the first Saturday or Wednesday
//     of the month).
// Never used: PageValues (computed by Google Analytics from e-commerce
// revenue: it leaks the outcome). Also unused: BounceRates and ExitRates (page
// averages over all visitors, not something one visitor does), SpecialDay,
// and the coded OperatingSystems, Browser, Region, TrafficType (a marketer
// could not tell what code 13 means). Outcome: Revenue.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { EventLog, MINUTE, dataDir, num, readCsv, writeOutcomes } from './common.mjs';

export const name = 'uci-shoppers';
export const config = 'uci-shoppers.leadscore.json';
export const LEAKS = ['PageValues'];

const MONTHS = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, June: 5, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };

function sessionStart(month, weekend) {
  const m = MONTHS[month];
  if (m === undefined) throw new Error(`unknown month ${month}`);
  const first = new Date(Date.UTC(2017, m, 1, 10));
  const want = weekend ? 6 : 3; // Saturday or Wednesday
  return first.getTime() + ((want - first.getUTCDay() + 7) % 7) * 24 * 60 * MINUTE;
}

export function convert(outDir, data = dataDir()) {
  mkdirSync(outDir, { recursive: true });
  const rows = readCsv(join(data, 'uci-online-shoppers', 'online_shoppers_intention.csv'));
  const log = new EventLog();
  const outcomes = [];
  rows.forEach((row, i) => {
    const id = `session-${String(i + 1).padStart(5, '0')}`;
    let ts = sessionStart(row.Month, row.Weekend === 'TRUE');
    let first = true;
    for (const [kind, path] of [['Administrative', 'account'], ['Informational', 'info'], ['ProductRelated', 'products']]) {
      const pages = Math.round(num(row[kind]));
      const perPage = pages ? Math.round(num(row[`${kind}_Duration`]) / pages) : 0;
      for (let p = 1; p <= pages; p++) {
        const url = `/${path}/${p}`;
        const props = first && row.VisitorType === 'Returning_Visitor' ? { props: { returning: true } } : {};
        log.add(id, 'page_view', ts, { url, ...props });
        first = false;
        const step = Math.min(Math.max(perPage, 1) * 1000, 25 * MINUTE);
        if (perPage > 0) log.add(id, 'dwell', ts + step - 500, { url, props: { seconds: perPage } });
        ts += step;
      }
    }
    if (first) {
      // No page counted at all (a few sessions): the visit still happened.
      log.add(id, 'page_view', ts, { url: '/', ...(row.VisitorType === 'Returning_Visitor' ? { props: { returning: true } } : {}) });
    }
    outcomes.push([id, row.Revenue === 'TRUE']);
  });
  const events = join(outDir, 'uci-shoppers.events.ndjson');
  const outcomesPath = join(outDir, 'uci-shoppers.outcomes.csv');
  log.write(events);
  writeOutcomes(outcomesPath, outcomes);
  return { events, outcomes: outcomesPath, visitors: outcomes.length };
}

if (process.argv[1] && process.argv[1].endsWith('uci-shoppers.mjs')) {
  const out = process.argv[2];
  if (!out) { console.error('usage: node bench/backtest/uci-shoppers.mjs OUTDIR'); process.exit(2); }
  console.log(convert(out));
}
