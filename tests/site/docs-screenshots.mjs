// Saves the documentation's screenshots to docs/images/: the records page (records-page.png: 60 seeded live
// records over 14 days, the overview following the default "live calls" source) and the runs views (runs.png,
// run-detail.png, compare.png): two runs of the same samples through the real server, the second with worse answers;
// then people's labels on the second run for the agreement view (agreement.png).
// Run after "bash tests/site/setup.sh":  node tests/site/docs-screenshots.mjs [--lang en]
import path from 'node:path';
import { startServer, repoRoot } from './support/server.mjs';
import { launchBrowser, openPage } from './support/browser.mjs';
import { qaSamples, submitRun, waitForRun } from './support/runs.mjs';
import { makeRecords, writeRecords } from './support/records.mjs';

const lang = process.argv.includes('--lang') ? process.argv[process.argv.indexOf('--lang') + 1] : 'zh-CN';
const suffix = lang.startsWith('zh') ? '' : `-${lang.slice(0, 2)}`;
const out = (name) => path.join(repoRoot, 'docs/images', `${name}${suffix}.png`);
const metrics = ['exact_match', 'token_f1', 'rouge_l', 'string_similarity'];

// Answers that keep part of the reference, so scores spread as a real run's do.
function graded(samples, drop) {
  return samples.map((sample, i) => {
    const words = sample.ground_truth.split(/(?<=\s)|(?=[\u3000-\u9fff])/u);
    const keep = Math.max(1, words.length - (drop[i] ?? 0));
    return { ...sample, answer: drop[i] === 'wrong' ? sample.answer : words.slice(0, keep).join('') };
  });
}

const server = await startServer({ seed: (dir) => writeRecords(dir, makeRecords({ count: 60, days: 14 })) });
const browser = await launchBrowser();
try {
  const base = await submitRun(server, graded(qaSamples({ prefix: 'faq' }), [0, 1, 2, 0, 3, 1, 0, 4, 2, 0]), { name: lang.startsWith('zh') ? '客服知识库 · 基线（top-k 3）' : 'Help desk FAQ · baseline (top-k 3)', metrics, thresholds: { token_f1: 0.6, weighted_score: 0.6 } });
  await waitForRun(server, base.run_id);
  const head = await submitRun(server, graded(qaSamples({ worse: [2, 5, 9], prefix: 'faq' }), [0, 'wrong', 1, 0, 'wrong', 0, 2, 1, 'wrong', 0]), { name: lang.startsWith('zh') ? '客服知识库 · 重排序候选' : 'Help desk FAQ · reranker candidate', metrics, thresholds: { token_f1: 0.6, weighted_score: 0.6 } });
  await waitForRun(server, head.run_id);

  const records = await openPage(browser, { locale: lang, viewport: { width: 1440, height: 1000 } });
  await records.goto(server.url);
  await records.locator('#records-body tr.row:not(.row-skeleton)').first().waitFor();
  await records.locator('#chart-trend svg').waitFor();
  await records.locator('#health:not([hidden])').waitFor();
  await records.screenshot({ path: out('records-page') });
  await records.context().close();

  const page = await openPage(browser, { locale: lang, viewport: { width: 1280, height: 820 } });
  await page.goto(`${server.url}/#runs`);
  await page.locator(`.run-item[data-run-id="${head.run_id}"]`).waitFor();
  for (const id of [base.run_id, head.run_id]) await page.locator(`.run-item[data-run-id="${id}"] input[type="checkbox"]`).check();
  await page.screenshot({ path: out('runs') });

  await page.goto(`${server.url}/#run=${head.run_id}`);
  await page.locator('#run-worst .worst-item').first().waitFor();
  await page.locator('#run-histogram svg').waitFor();
  await page.screenshot({ path: out('run-detail'), fullPage: true, clip: { x: 0, y: 0, width: 1280, height: 1100 } });

  await page.goto(`${server.url}/#compare=${base.run_id}..${head.run_id}`);
  await page.locator('#compare-regressions details').first().waitFor();
  await page.locator('#compare-regressions details summary').first().click();
  await page.locator('#compare-regressions .sample-table').first().waitFor();
  await page.screenshot({ path: out('compare'), fullPage: true, clip: { x: 0, y: 0, width: 1280, height: 1150 } });

  // People label the candidate run's samples near the judge's token_f1, one of them far off, so the agreement view
  // has a spread to show.
  const jobs = (await server.get(`/api/score/jobs?run_id=${head.run_id}&limit=100`)).body.jobs;
  for (const [i, job] of jobs.entries()) {
    const judge = job.scores?.token_f1;
    if (typeof judge !== 'number') continue;
    const human = i === 3 ? 0.15 : Math.max(0, Math.min(1, Math.round((judge + [0.05, -0.1, 0.12, 0, -0.05][i % 5]) * 100) / 100));
    for (const rater of i % 2 ? ['li.wei'] : ['li.wei', 'sam']) {
      const res = await fetch(`${server.url}/api/score/jobs/${job.job_id}/labels/${rater}`, {
        method: 'PUT', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ scores: { token_f1: rater === 'sam' ? Math.min(1, human + 0.05) : human }, rating: human >= 0.6 ? 'good' : 'bad' }),
      });
      if (res.status !== 200) throw new Error(`PUT label answered ${res.status}`);
    }
  }
  await page.goto(`${server.url}/#agreement&metric=token_f1&threshold=0.6&run=${head.run_id}`);
  await page.locator('#agreement-scatter svg').waitFor();
  await page.screenshot({ path: out('agreement'), fullPage: true, clip: { x: 0, y: 0, width: 1280, height: 1000 } });
  console.log(`saved ${['records-page', 'runs', 'run-detail', 'compare', 'agreement'].map(out).join(', ')}`);
} finally {
  await browser.close();
  await server.stop();
}
