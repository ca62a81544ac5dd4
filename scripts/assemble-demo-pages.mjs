#!/usr/bin/env node
// Fills in the parts every page of the demo site shares, in a staged copy:
// each `<!-- demo-site: NAME -->` line of an .html file under DIR becomes
// demo/site-parts/NAME.html (head: styles and the one-tag install; header:
// skip link and navigation; footer), the navigation link to the page itself
// marked aria-current="page". Run by scripts/stage-demo.sh.
//   node scripts/assemble-demo-pages.mjs DIR
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const parts = join(dirname(fileURLToPath(import.meta.url)), '..', 'demo', 'site-parts');
const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/assemble-demo-pages.mjs DIR');
  process.exit(2);
}
/** @type {Map<string, string>} */
const cache = new Map();
/** @param {string} name */
const part = (name) => {
  if (!cache.has(name)) cache.set(name, readFileSync(join(parts, `${name}.html`), 'utf8'));
  return /** @type {string} */ (cache.get(name));
};

/** @param {string} at @returns {string[]} */
const htmlFiles = (at) =>
  readdirSync(at, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? htmlFiles(join(at, e.name)) : e.name.endsWith('.html') ? [join(at, e.name)] : []);

let pages = 0;
for (const file of htmlFiles(dir)) {
  const text = readFileSync(file, 'utf8');
  if (!text.includes('<!-- demo-site: ')) continue;
  // The page's own address: /pricing/index.html is served as /pricing/.
  const path = `/${relative(dir, file).split(sep).join('/')}`.replace(/index\.html$/, '');
  const filled = text.replace(/^ *<!-- demo-site: ([a-z]+) -->\n/gm, (_, name) =>
    name === 'header' ? part(name).replace(`<a href="${path}">`, `<a href="${path}" aria-current="page">`) : part(name));
  writeFileSync(file, filled);
  pages++;
}
console.log(`assemble-demo-pages: shared head, header and footer filled into ${pages} pages of ${dir}`);
