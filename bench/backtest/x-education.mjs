#!/usr/bin/env node
// X Education (online courses, 9,240 leads; ../shared/data/x-education-leads)
// as LeadScore events and outcomes. Each lead becomes the web activity its
// row describes, then the way it became a lead:
//   - TotalVisits visits a day apart, round(TotalVisits × Page Views Per Visit)
//     page views spread over them (at least one per visit), and
//     Total Time Spent on Website (seconds) spread evenly over the page views
//     as `dwell` events ({"seconds"}).
//   - Lead Source on the lead's first event (its first page view, else the
//     chat or form it came in through), as a marketer's tracking would
//     record it: utm_source/utm_medium (Google → cpc, Organic Search →
//     organic, Reference → referral programme, Welingak Website → partner,
//     Referral Sites → referral, Facebook/Social Media → social); Olark Chat and
//     Live Chat as a `chat` event, Click2call as `click_to_call`.
//   - A free copy of Mastering The Interview = Yes: a `download` of the ebook.
//   - Lead Origin: Landing Page Submission → `form_submit` (form_id
//     "landing_page"); Lead Add Form and Quick Add Form → `form_submit`
//     ("enquiry") and a `course_enquiry` event (the lead asked about a course);
//     API and Lead Import → `identify`. The contact data (a made-up email,
//     occupation, specialization, country, city, what matters most, how they
//     heard, do-not-email/call) rides on that event, at the end of the last visit.
// Never used (they leak the outcome: sales fills them in after contact):
// Tags, Lead Quality, Lead Profile, Asymmetrique *, Last Activity, Last
// Notable Activity. Also unused: Lead Number (an id), the ad-channel flags
// (Search, Magazine, ... nearly all "No"), the columns that are always "No".
// Outcome: Converted.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DAY, EventLog, MINUTE, dataDir, num, readCsv, writeOutcomes } from './common.mjs';

export const name = 'x-education';
export const config = 'x-education.leadscore.json';
export const LEAKS = ['Tags', 'Lead Quality', 'Lead Profile', 'Asymmetrique Activity Index', 'Asymmetrique Profile Index',
  'Asymmetrique Activity Score', 'Asymmetrique Profile Score', 'Last Activity', 'Last Notable Activity'];

const T0 = Date.UTC(2019, 0, 1, 9); // no dates in the data: every lead starts here

const SOURCES = {
  'Google': { utm_source: 'google', utm_medium: 'cpc' },
  'google': { utm_source: 'google', utm_medium: 'cpc' },
  'bing': { utm_source: 'bing', utm_medium: 'cpc' },
  'Organic Search': { utm_source: 'google', utm_medium: 'organic' },
  'Reference': { utm_source: 'reference', utm_medium: 'referral_programme' },
  'Welingak Website': { utm_source: 'welingak', utm_medium: 'partner' },
  'Referral Sites': { utm_source: 'referral_site', utm_medium: 'referral' },
  'Facebook': { utm_source: 'facebook', utm_medium: 'social' },
  'Social Media': { utm_source: 'social', utm_medium: 'social' },
  'Pay per Click Ads': { utm_source: 'ads', utm_medium: 'cpc' },
  'blog': { utm_source: 'blog', utm_medium: 'content' },
  'youtubechannel': { utm_source: 'youtube', utm_medium: 'social' },
  'welearnblog_Home': { utm_source: 'welearn', utm_medium: 'partner' },
  'WeLearn': { utm_source: 'welearn', utm_medium: 'partner' },
  'testone': {}, 'NC_EDM': { utm_source: 'nc_edm', utm_medium: 'email' },
  'Press_Release': { utm_source: 'press', utm_medium: 'pr' },
};

// "Select" is the form's untouched placeholder: not an answer.
const answer = (s) => (s && s !== 'Select' ? s : undefined);

export function convert(outDir, data = dataDir()) {
  mkdirSync(outDir, { recursive: true });
  const rows = readCsv(join(data, 'x-education-leads', 'Leads.csv'));
  const log = new EventLog();
  const outcomes = [];
  for (const row of rows) {
    const id = row['Prospect ID'];
    const visits = Math.round(num(row.TotalVisits));
    const pages = visits ? Math.max(visits, Math.round(visits * num(row['Page Views Per Visit']))) : 0;
    const seconds = num(row['Total Time Spent on Website']);
    const perPage = pages ? Math.round(seconds / pages) : 0;
    const source = row['Lead Source'];
    const query = new URLSearchParams(SOURCES[source] ?? {}).toString();
    let ts = T0;
    let page = 0;
    // The campaign parameters go on the lead's first event, whatever it is.
    let tagged = false;
    const url = (path) => {
      if (tagged || !query) return path;
      tagged = true;
      return `${path}?${query}`;
    };
    for (let v = 0; v < visits; v++) {
      ts = T0 + v * DAY;
      // pages spread over the visits: the first (pages % visits) get one more
      const inVisit = Math.floor(pages / visits) + (v < pages % visits ? 1 : 0);
      for (let p = 0; p < inVisit; p++, page++) {
        const path = page === 0 ? '/' : `/courses/page-${page}`;
        log.add(id, 'page_view', ts, { url: url(path) });
        if (page === 0 && (source === 'Olark Chat' || source === 'Live Chat')) log.add(id, 'chat', ts + 1000, { url: path });
        if (page === 0 && source === 'Click2call') log.add(id, 'click_to_call', ts + 1000, { url: path });
        if (perPage > 0) log.add(id, 'dwell', ts + perPage * 1000, { url: path, props: { seconds: perPage } });
        ts += Math.max(perPage, 1) * 1000 + 2000;
      }
    }
    if (visits === 0) {
      // A lead without recorded visits (chat, imports, API): it still came from somewhere.
      if (source === 'Olark Chat' || source === 'Live Chat') log.add(id, 'chat', ts, { url: url('/') });
      if (source === 'Click2call') log.add(id, 'click_to_call', ts, { url: url('/') });
    }
    ts += MINUTE;
    if (row['A free copy of Mastering The Interview'] === 'Yes') {
      log.add(id, 'download', ts, { url: url('/downloads/mastering-the-interview.pdf') });
      ts += 1000;
    }
    const contact = {
      email: `lead-${row['Lead Number']}@example.invalid`,
      occupation: answer(row['What is your current occupation']),
      specialization: answer(row.Specialization),
      country: answer(row.Country),
      city: answer(row.City),
      what_matters: answer(row['What matters most to you in choosing a course']),
      how_heard: answer(row['How did you hear about X Education']),
      do_not_email: row['Do Not Email'],
      do_not_call: row['Do Not Call'],
    };
    for (const k of Object.keys(contact)) if (contact[k] === undefined) delete contact[k];
    const origin = row['Lead Origin'];
    if (origin === 'Landing Page Submission') {
      log.add(id, 'form_submit', ts, { url: url('/enrol'), props: { form_id: 'landing_page', ...contact } });
    } else if (origin === 'Lead Add Form' || origin === 'Quick Add Form') {
      log.add(id, 'form_submit', ts, { url: url('/enquiry'), props: { form_id: 'enquiry', ...contact } });
      log.add(id, 'course_enquiry', ts + 1000, { url: '/enquiry' });
    } else {
      log.add(id, 'identify', ts, { url: url('/'), props: { lead_origin: origin, ...contact } });
    }
    outcomes.push([id, row.Converted === '1']);
  }
  const events = join(outDir, 'x-education.events.ndjson');
  const outcomesPath = join(outDir, 'x-education.outcomes.csv');
  log.write(events);
  writeOutcomes(outcomesPath, outcomes);
  return { events, outcomes: outcomesPath, visitors: outcomes.length };
}

if (process.argv[1] && process.argv[1].endsWith('x-education.mjs')) {
  const out = process.argv[2];
  if (!out) { console.error('usage: node bench/backtest/x-education.mjs OUTDIR'); process.exit(2); }
  console.log(convert(out));
}
