// A claim-based metric's evidence on the job detail: each claim, whether it holds, and the contexts it came from, as the
// API records them in details.{metric}.claims; in English and Chinese, at 1366 px and on a 390 px phone.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './support/server.mjs';
import { startFakeJudge } from './support/fake-judge.mjs';
import { launchBrowser, openPage, screenshot } from './support/browser.mjs';
import { assertFits } from './support/fit.mjs';
import { until } from './support/poll.mjs';

let judge;
let server;
let browser;
let record;

// The answer's claims, then: the first is right and from context 1; the second is wrong and came from context 2,
// which the reference does not need.
function reply(body) {
  const sent = JSON.stringify(body);
  if (sent.includes('noise_sensitivity_verdicts')) {
    return JSON.stringify({
      relevant_contexts: [1],
      claims: [
        { id: 1, reason: 'The reference says so.', correct: 1, contexts: [1] },
        { id: 2, reason: 'The reference names another window.', correct: 0, contexts: [2] },
      ],
      reason: 'The 60-day window came from the outdated policy in context 2.',
    });
  }
  return JSON.stringify({ statements: ['Refunds are accepted within 30 days.', '退款期限为 60 天。'] });
}

before(async () => {
  judge = await startFakeJudge({ reply });
  judge.release();
  server = await startServer({ env: { ScoreJobs__Judge__Endpoint: judge.endpoint, ScoreJobs__Judge__Model: 'fake', ScoreJobs__Judge__ApiKey: 'fake-key' } });
  browser = await launchBrowser();
  const { job_id: jobId } = await server.post({
    question: 'How long is the refund window?',
    answer: 'Refunds are accepted within 30 days. 退款期限为 60 天。',
    contexts: ['Refunds are accepted within 30 days of delivery.', '旧政策（已废止）：退款期限为 60 天。'],
    ground_truth: 'Refunds are accepted within 30 days of delivery.',
    metrics: ['noise_sensitivity'],
  });
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

for (const [locale, summary, holds, fails, context] of [
  ['en-US', 'Claims: 1 of 2 hold', 'Holds', 'Does not hold', 'Context #2'],
  ['zh-CN', '论断：2 条中 1 条成立', '成立', '不成立', '依据上下文 #2'],
]) {
  for (const width of [1366, 390]) {
    test(`the detail lists the claims with the contexts behind them (${locale}, ${width} px)`, async () => {
      const claims = record.details.noise_sensitivity.claims;
      assert.equal(record.status, 'completed');
      assert.deepEqual(claims.map((c) => [c.verdict, c.contexts]), [[1, [1]], [0, [2]]]);

      const page = await openPage(browser, { locale, viewport: { width, height: width > 500 ? 900 : 844 } });
      await page.goto(`${server.url}#job=${record.job_id}`);
      const list = page.locator('#detail [data-metric="noise_sensitivity"] .metric-claims');
      await list.waitFor();
      assert.equal(await list.locator('summary').innerText(), summary);
      const items = list.locator('li.claim');
      assert.equal(await items.count(), 2);
      for (const [i, claim] of claims.entries()) {
        const item = items.nth(i);
        assert.equal(await item.getAttribute('data-verdict'), String(claim.verdict));
        assert.equal(await item.locator('.claim-text').innerText(), claim.text);
        assert.equal(await item.locator('.badge').innerText(), claim.verdict === 1 ? holds : fails);
        assert.equal(await item.locator('.claim-contexts').getAttribute('data-contexts'), claim.contexts.join(','));
      }
      assert.equal(await items.nth(1).locator('.claim-contexts').innerText(), context);
      await assertFits(page, `${locale} ${width} px: claims`);
      await screenshot(page, `claims-${locale}-${width}`);
      await page.context().close();
    });
  }
}
