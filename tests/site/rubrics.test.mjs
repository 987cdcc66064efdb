// A metric of the user's own (an inline rubric) joins the records page's metric filter and its per-metric chart like any
// metric, from the scores the records carry, in English and Chinese.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { scoreOneJob } from './support/judged-job.mjs';
import { openPage } from './support/browser.mjs';
import { until } from './support/poll.mjs';

let scored;
let server;
let browser;
let record;

before(async () => {
  // Steps for the rubric, then a 4 of 5 (0.75) for its rating.
  scored = await scoreOneJob({
    reply: () => JSON.stringify({ steps: ['Look at the tone.'], reason: 'Polite.', score: 4 }),
    request: {
      question: '我能退款吗？', answer: '您好，请联系客服。', metrics: ['politeness'],
      rubrics: [{ name: 'politeness', criteria: '回答是否礼貌？', scale: '1-5' }],
    },
  });
  ({ server, browser, record } = scored);
});

after(async () => {
  await scored?.stop();
});

for (const locale of ['en-US', 'zh-CN']) {
  test(`an inline rubric is in the metric filter and the per-metric chart (${locale})`, async () => {
    assert.equal(record.status, 'completed', JSON.stringify(record));
    assert.equal(record.scores.politeness, 0.75);

    const page = await openPage(browser, { locale });
    await page.goto(server.url);
    await page.locator('#f-metric option[value="politeness"]').waitFor({ state: 'attached' });
    const bar = page.locator('#chart-metrics .hbar', { hasText: 'politeness' });
    await bar.waitFor();
    assert.match(await bar.getAttribute('title'), /^politeness: 0\.750/);

    await page.selectOption('#f-metric', 'politeness');
    await until(async () => (await page.locator('#f-metric').inputValue()) === 'politeness', 'the filter to keep politeness');
    await page.context().close();
  });
}
