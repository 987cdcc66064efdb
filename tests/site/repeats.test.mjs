// A metric asked several times ("repeats": 3) shows each repetition's score, their spread and "flaky" when they fall
// on both sides of the threshold, as the API records them, in English and Chinese.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './support/server.mjs';
import { startFakeJudge } from './support/fake-judge.mjs';
import { launchBrowser, openPage, screenshot } from './support/browser.mjs';
import { until } from './support/poll.mjs';

let judge;
let server;
let browser;
let record;

before(async () => {
  // The judge rates 9, then 2, then 9: repetitions on both sides of the 0.5 threshold.
  let calls = 0;
  judge = await startFakeJudge({
    reply: () => {
      const rating = [9, 2, 9][calls++ % 3];
      return JSON.stringify({ score: rating, rating, reason: `Rated ${rating}.`, verdicts: [] });
    },
  });
  judge.release();
  server = await startServer({ env: { ScoreJobs__Judge__Endpoint: judge.endpoint, ScoreJobs__Judge__Model: 'fake', ScoreJobs__Judge__ApiKey: 'fake-key' } });
  browser = await launchBrowser();
  const { job_id: jobId } = await server.post({ question: 'Is the refund window 30 days?', answer: 'Yes, within 30 days.', metrics: ['overall_quality'], repeats: 3 });
  await until(async () => {
    record = (await server.get(`/api/score/jobs/${jobId}`)).body;
    return ['completed', 'failed'].includes(record.status);
  }, `job ${jobId} to end`);
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await judge?.stop();
});

for (const [locale, asked, flaky] of [['en-US', 'Asked 3 times', 'Flaky'], ['zh-CN', '重复评审 3 次', '不稳定']]) {
  test(`the detail shows the repetitions, their spread and flaky as recorded (${locale})`, async () => {
    const details = record.details.overall_quality;
    assert.equal(details.repeats.length, 3);
    assert.equal(details.flaky, true);

    const page = await openPage(browser, { locale });
    await page.goto(`${server.url}#job=${record.job_id}`);
    const line = page.locator('#detail [data-metric="overall_quality"] .metric-repeats');
    await line.waitFor();
    const text = await line.innerText();
    assert.match(text, new RegExp(asked));
    for (const score of details.repeats) assert.ok(text.includes(score.toFixed(2)), `${score.toFixed(2)} in "${text}"`);
    assert.ok(text.includes(details.stdev.toFixed(3)), `stdev ${details.stdev.toFixed(3)} in "${text}"`);
    assert.equal(await line.getAttribute('data-flaky'), 'true');
    assert.equal(await line.locator('.badge-flaky').innerText(), flaky);
    // Nothing absent is written out as text in the header (a job not held by the budget has no waiting badge).
    assert.doesNotMatch(await page.locator('#detail-sub').innerText(), /null|undefined/);
    await screenshot(page, `repeats-${locale}`);
    await page.context().close();
  });
}
