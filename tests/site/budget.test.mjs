// The daily judge budget on the page: once it is spent, the connection badge says so (spent of limit, amber) and a
// queued job held by it says "waiting for budget" in the list and in its detail, in English and Chinese.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './support/server.mjs';
import { startFakeJudge } from './support/fake-judge.mjs';
import { launchBrowser, openPage, screenshot } from './support/browser.mjs';
import { until } from './support/poll.mjs';

let judge;
let server;
let browser;
let held;

before(async () => {
  judge = await startFakeJudge();
  judge.release();
  // 1,000 a million prompt tokens: the fake judge's 120 prompt tokens a call cost 0.12, past a budget of 0.01 at once.
  server = await startServer({
    env: {
      ScoreJobs__Judge__Endpoint: judge.endpoint, ScoreJobs__Judge__Model: 'fake', ScoreJobs__Judge__ApiKey: 'fake-key',
      ScoreJobs__Judge__Prices__0__Model: 'fake', ScoreJobs__Judge__Prices__0__InputPerMillion: '1000', ScoreJobs__Judge__Prices__0__OutputPerMillion: '1000',
      ScoreJobs__Judge__DailyBudget: '0.01',
    },
  });
  browser = await launchBrowser();
  const sample = { question: 'Is the refund window 30 days?', answer: 'Yes, within 30 days.', metrics: ['overall_quality'] };
  const spender = await server.post(sample);
  await until(async () => ['completed', 'failed'].includes((await server.get(`/api/score/jobs/${spender.job_id}`)).body.status), 'the first judge job to end');
  held = (await server.post({ ...sample, question: 'And after 31 days?' })).job_id;
  await until(async () => (await server.get(`/api/score/jobs/${held}`)).body.waiting === 'budget', 'the second job to wait for the budget');
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await judge?.stop();
});

for (const [locale, spentText, waitingText] of [['en-US', 'Judge budget spent today', 'Waiting for budget'], ['zh-CN', '今日评审预算已用完', '等待预算']]) {
  test(`a spent budget is on the badge and the held job says it waits for it (${locale})`, async () => {
    const health = (await server.get('/api/health')).body;
    assert.equal(health.budget.exhausted, true);

    const page = await openPage(browser, { locale });
    await page.goto(server.url);
    const badge = page.locator('#health');
    await page.waitForFunction(() => document.querySelector('#health')?.dataset.budget === 'exhausted');
    assert.match(await badge.innerText(), new RegExp(spentText));
    assert.match(await badge.innerText(), /0\.01/);
    assert.match(await badge.getAttribute('class'), /health-warn/);

    const row = page.locator(`tr[data-job-id="${held}"]`);
    await row.waitFor();
    assert.equal(await row.getAttribute('data-status'), 'queued');
    assert.equal(await row.locator('.badge-waiting').innerText(), waitingText);

    await row.locator('a.row-link').click();
    await page.locator('#detail .badge-waiting').waitFor();
    assert.equal(await page.locator('#detail .badge-waiting').innerText(), waitingText);
    await screenshot(page, `budget-${locale}`);
    await page.context().close();
  });
}

test('on a phone the waiting badge wraps under the status, with no sideways scroll', async () => {
  const page = await openPage(browser, { locale: 'zh-CN', viewport: { width: 390, height: 844 } });
  await page.goto(server.url);
  await page.locator(`[data-job-id="${held}"] .badge-waiting`).first().waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px`);
  await screenshot(page, 'budget-phone');
  await page.context().close();
});
