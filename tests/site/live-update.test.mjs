// A job submitted while the page is open goes queued/running -> finished in place, with no reload,
// and polling stops once nothing is pending. The judge is a local fake that holds its replies.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './support/server.mjs';
import { startFakeJudge } from './support/fake-judge.mjs';
import { launchBrowser, openPage, screenshot } from './support/browser.mjs';
import { makeRecords, writeRecords } from './support/records.mjs';

let judge;
let server;
let browser;
let catalog = [];

before(async () => {
  judge = await startFakeJudge();
  server = await startServer({
    seed: (dir) => writeRecords(dir, makeRecords({ count: 8, days: 3, seed: 11 })),
    env: { ScoreJobs__Judge__Endpoint: judge.endpoint, ScoreJobs__Judge__Model: 'fake', ScoreJobs__Judge__ApiKey: 'fake-key' },
  });
  browser = await launchBrowser();
  catalog = (await server.get('/api/score/metrics')).body.metrics;
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await judge?.stop();
});

test('a running job turns finished on the page without a reload, then polling stops', async (t) => {
  const judgeMetric = catalog.find((m) => m.needs_judge && m.available && m.needs.every((n) => ['question', 'answer', 'contexts', 'ground_truth'].includes(n)));
  if (!judgeMetric) {
    t.skip(`no judge metric is available on this server yet (catalog: ${catalog.map((m) => `${m.name}${m.available ? '' : ' (unavailable)'}`).join(', ')})`);
    return;
  }
  const offline = catalog.filter((m) => !m.needs_judge && m.available).map((m) => m.name).slice(0, 1);

  const page = await openPage(browser, { locale: 'en-US' });
  const requests = [];
  page.on('request', (r) => { if (new URL(r.url()).pathname.startsWith('/api/')) requests.push(r.url()); });
  const polls = () => requests.filter((url) => /\/api\/score\/jobs\/[0-9a-z]{28}$/.test(new URL(url).pathname));
  await page.goto(server.url);
  await page.locator('#records-body tr.row').first().waitFor();
  await page.evaluate(() => { window.notReloaded = true; });

  const { job_id: jobId } = await server.post({
    question: 'Is the refund window 30 days?', answer: 'Yes, refunds are accepted within 30 days.',
    contexts: ['Refunds are accepted within 30 days of purchase.'], ground_truth: 'Refunds are accepted within 30 days.',
    metrics: [judgeMetric.name, ...offline], metadata: { app: 'live-test' },
  });
  await page.click('#refresh');
  const row = page.locator(`tr[data-job-id="${jobId}"]`);
  await row.waitFor();
  const afterRefresh = requests.length;
  assert.match(await row.getAttribute('data-status'), /^(queued|running)$/);
  await page.waitForFunction((id) => document.querySelector(`tr[data-job-id="${id}"]`)?.dataset.status === 'running', jobId, { timeout: 10000 });
  assert.equal(await row.locator('.badge').innerText(), 'Running');
  await screenshot(page, 'live-running');

  judge.release();
  await page.waitForFunction((id) => ['completed', 'failed'].includes(document.querySelector(`tr[data-job-id="${id}"]`)?.dataset.status), jobId, { timeout: 30000 });
  const finished = (await server.get(`/api/score/jobs/${jobId}`)).body;
  assert.equal(await row.getAttribute('data-status'), finished.status);
  if (offline.length) assert.equal(finished.status, 'completed');
  assert.equal(await page.evaluate(() => window.notReloaded), true, 'the page must not reload');
  assert.ok(polls().some((url) => url.endsWith(jobId)), 'the pending row is refreshed with GET /api/score/jobs/{id}');
  // The refresh also re-checks the connection badge, which reads one record (limit=1) when its health call returns,
  // maybe after the row appeared: that probe is not the page of results.
  const listCalls = requests.slice(afterRefresh).filter((url) => new URL(url).pathname === '/api/score/jobs' && new URL(url).searchParams.get('limit') !== '1');
  assert.deepEqual(listCalls, [], 'only the pending row is refreshed, not the page of results');
  assert.match(await page.locator('#live').innerText(), new RegExp(jobId.slice(0, 10)));

  const settled = polls().length;
  await page.waitForTimeout(3500);
  assert.equal(polls().length, settled, 'polling stops once nothing visible is pending');
  await page.context().close();
});
