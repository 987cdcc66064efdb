// A claim-based metric's evidence on the job detail: each claim, whether it holds, and the contexts it came from, as the
// API records them in details.{metric}.claims; in English and Chinese, at 1366 px and on a 390 px phone.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { scoreOneJob } from './support/judged-job.mjs';
import { openPage, screenshot } from './support/browser.mjs';
import { assertFits } from './support/fit.mjs';

let scored;
let server;
let browser;
let record;

// The answer's claims, then for noise_sensitivity: the first is right and from context 1; the second is wrong and
// came from context 2, which the reference does not need. For faithfulness: context 1 supports the first and
// contradicts the second (it says 30 days).
function reply(body) {
  const sent = JSON.stringify(body);
  if (sent.includes('faithfulness_verdicts')) {
    return JSON.stringify({
      verdicts: [
        { id: 1, reason: 'Context 1 says so.', verdict: 1, contexts: [1] },
        { id: 2, reason: 'Context 1 says 30 days.', verdict: 0, contexts: [1] },
      ],
      reason: 'The 60-day window contradicts context 1.',
    });
  }
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
  scored = await scoreOneJob({
    reply,
    request: {
      question: 'How long is the refund window?',
      answer: 'Refunds are accepted within 30 days. 退款期限为 60 天。',
      contexts: ['Refunds are accepted within 30 days of delivery.', '旧政策（已废止）：退款期限为 60 天。'],
      ground_truth: 'Refunds are accepted within 30 days of delivery.',
      metrics: ['noise_sensitivity', 'faithfulness'],
    },
  });
  ({ server, browser, record } = scored);
});

after(async () => {
  await scored?.stop();
});

for (const [locale, summary, holds, fails, context, contradicting] of [
  ['en-US', 'Claims: 1 of 2 hold', 'Holds', 'Does not hold', 'Context #2', 'Context #1'],
  ['zh-CN', '论断：2 条中 1 条成立', '成立', '不成立', '依据上下文 #2', '依据上下文 #1'],
]) {
  for (const width of [1366, 390]) {
    test(`the detail lists the claims with the contexts behind them (${locale}, ${width} px)`, async () => {
      assert.equal(record.status, 'completed');
      assert.deepEqual(record.details.noise_sensitivity.claims.map((c) => [c.verdict, c.contexts]), [[1, [1]], [0, [2]]]);
      assert.deepEqual(record.details.faithfulness.claims.map((c) => [c.verdict, c.contexts]), [[1, [1]], [0, [1]]]);

      const page = await openPage(browser, { locale, viewport: { width, height: width > 500 ? 900 : 844 } });
      await page.goto(`${server.url}#job=${record.job_id}`);
      for (const metric of ['noise_sensitivity', 'faithfulness']) {
        const claims = record.details[metric].claims;
        const list = page.locator(`#detail [data-metric="${metric}"] .metric-claims`);
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
      }
      const noise = page.locator('#detail [data-metric="noise_sensitivity"] li.claim');
      assert.equal(await noise.nth(1).locator('.claim-contexts').innerText(), context);
      // faithfulness names the context that contradicts its failing claim.
      const faithfulness = page.locator('#detail [data-metric="faithfulness"] li.claim');
      assert.equal(await faithfulness.nth(1).locator('.claim-contexts').innerText(), contradicting);
      await assertFits(page, `${locale} ${width} px: claims`);
      await screenshot(page, `claims-${locale}-${width}`);
      await page.context().close();
    });
  }
}
