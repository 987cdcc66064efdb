// A metric asked several times ("repeats": 3) shows each repetition's score, their spread and "flaky" when they fall
// on both sides of the threshold, as the API records them, in English and Chinese.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { scoreOneJob } from './support/judged-job.mjs';
import { openPage, screenshot } from './support/browser.mjs';

let scored;
let server;
let browser;
let record;

before(async () => {
  // The judge rates 9, then 2, then 9: repetitions on both sides of the 0.5 threshold.
  let calls = 0;
  scored = await scoreOneJob({
    reply: () => {
      const rating = [9, 2, 9][calls++ % 3];
      return JSON.stringify({ score: rating, rating, reason: `Rated ${rating}.`, verdicts: [] });
    },
    request: { question: 'Is the refund window 30 days?', answer: 'Yes, within 30 days.', metrics: ['overall_quality'], repeats: 3 },
  });
  ({ server, browser, record } = scored);
});

after(async () => {
  await scored?.stop();
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
