// Shared by the dataset converters and the runner: where the real data lives
// (never in this repository), a small RFC 4180 reader, writers for LeadScore
// events (NDJSON) and outcomes (CSV), and the fixed-seed split.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const here = dirname(fileURLToPath(import.meta.url));
export const root = join(here, '..', '..');

/** The datasets folder: $LEADSCORE_DATA_DIR, else ../shared/data beside the repository. */
export function dataDir() {
  return resolve(process.env.LEADSCORE_DATA_DIR || join(root, '..', 'shared', 'data'));
}

/** Rows of a CSV file as objects keyed by the header (RFC 4180: quotes, "" escapes, CRLF or LF, BOM). */
export function readCsv(path) {
  let text = readFileSync(path, 'utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const records = [];
  let record = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { field += '"'; i++; } else { quoted = false; }
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      record.push(field); field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field); field = '';
      if (record.length > 1 || record[0] !== '') records.push(record);
      record = [];
    } else {
      field += c;
    }
  }
  if (quoted) throw new Error(`${path}: a quote is never closed`);
  if (field !== '' || record.length) { record.push(field); records.push(record); }
  const [header, ...rows] = records;
  return rows.map((r, n) => {
    if (r.length !== header.length) throw new Error(`${path}: row ${n + 2} has ${r.length} fields, the header ${header.length}`);
    return Object.fromEntries(header.map((h, i) => [h, r[i]]));
  });
}

/** A CSV field, quoted when it needs to be. */
export const csvField = (s) => (/[",\r\n]/.test(String(s)) ? `"${String(s).replace(/"/g, '""')}"` : String(s));

/** Collects events and writes them as NDJSON (one "visitor" per line). */
export class EventLog {
  constructor() { this.lines = []; }
  add(visitor, type, ts, extra = {}) {
    this.lines.push(JSON.stringify({ visitor, type, ts, ...extra }));
  }
  write(path) { writeFileSync(path, this.lines.join('\n') + '\n'); }
}

/** Writes visitor,converted rows (converted: boolean). */
export function writeOutcomes(path, outcomes) {
  writeFileSync(path, 'visitor,converted\n' + outcomes.map(([v, c]) => `${csvField(v)},${c ? 1 : 0}`).join('\n') + '\n');
}

/**
 * Fixed-seed split: a visitor is in the training part when a hash of
 * seed + id falls below `train` (FNV-1a, 32 bits). Same ids, same seed, same split.
 */
export function isTraining(visitor, seed = 42, train = 0.7) {
  let h = 2166136261;
  for (const ch of `${seed}:${visitor}`) {
    h ^= ch.codePointAt(0);
    h = Math.imul(h, 16777619) >>> 0;
  }
  return h / 2 ** 32 < train;
}

/** Whole number from a CSV cell; '' and non-numbers give `fallback`. */
export const num = (s, fallback = 0) => { const v = Number(s); return s === '' || !Number.isFinite(v) ? fallback : v; };

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
