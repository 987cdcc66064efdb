// Page load to first rows on the records page with 10,000 stored records.
// Seeds the records as files before the real server starts (as it would find them after a restart),
// then loads the page in headless chromium several times, each in a fresh context (cold cache).
//
//   bash tests/site/setup.sh          # chromium, playwright-core, a Release build of the server
//   node bench/site-first-rows.mjs    # RECORDS=10000 RUNS=7 by default; SCOREJOBS_SERVER_DLL honoured
import { performance } from 'node:perf_hooks';
import { launchBrowser, openPage } from '../tests/site/support/browser.mjs';
import { makeRecords, writeRecords } from '../tests/site/support/records.mjs';
import { startServer } from '../tests/site/support/server.mjs';

const count = Number(process.env.RECORDS ?? 10000);
const runs = Number(process.env.RUNS ?? 7);

const seedStart = performance.now();
const server = await startServer({ seed: (dir) => writeRecords(dir, makeRecords({ count, days: 60 })) });
console.log(`seeded ${count} records and started the server in ${Math.round(performance.now() - seedStart)} ms`);

// The first list call builds the store's index from the folder; measure it apart from the page.
let t = performance.now();
await server.get('/api/score/jobs?limit=1');
console.log(`first API call (index of ${count} files built): ${Math.round(performance.now() - t)} ms`);
t = performance.now();
const page1 = await server.get('/api/score/jobs?limit=50');
console.log(`GET /api/score/jobs?limit=50 afterwards: ${Math.round(performance.now() - t)} ms (${page1.body.jobs.length} rows)`);
t = performance.now();
const stats = await server.get('/api/score/stats');
console.log(`GET /api/score/stats over ${stats.body.total} records: ${Math.round(performance.now() - t)} ms`);

const browser = await launchBrowser();
const results = [];
for (let i = 0; i < runs; i++) {
  const page = await openPage(browser, { locale: 'zh-CN' });
  const listCalls = [];
  page.on('request', (r) => { if (new URL(r.url()).pathname === '/api/score/jobs') listCalls.push(r.url()); });
  const wall = performance.now();
  await page.goto(server.url);
  await page.locator('#records-body tr.row:not(.row-skeleton)').first().waitFor();
  const wallMs = performance.now() - wall;
  const mark = await page.evaluate(() => performance.getEntriesByName('scorejobs:first-rows')[0]?.startTime ?? null);
  const rows = await page.locator('#records-body tr.row').count();
  results.push({ mark, wallMs, rows, listCalls: listCalls.length });
  await page.context().close();
}
await browser.close();
await server.stop();

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
for (const [i, r] of results.entries()) {
  console.log(`run ${i + 1}: first rows at ${Math.round(r.mark)} ms after navigation start (${Math.round(r.wallMs)} ms wall), ${r.rows} rows, ${r.listCalls} list call(s)`);
}
console.log(`median over ${runs} runs with ${count} stored records: first rows ${Math.round(median(results.map((r) => r.mark)))} ms after navigation start; rows on the page: ${results[0].rows}`);
