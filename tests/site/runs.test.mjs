// The dataset runs views against the real server: a run appearing and finishing without a reload,
// a run's aggregates as the API has them, two runs compared, a file uploaded from the page with a
// bad row, and no sideways scroll at 390 px. Runs use the offline metrics; the live-progress test
// also holds one judge metric at a local fake judge until it releases it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startServer } from './support/server.mjs';
import { startFakeJudge } from './support/fake-judge.mjs';
import { launchBrowser, openPage, screenshot } from './support/browser.mjs';
import { assertFits } from './support/fit.mjs';
import { qaSamples, runJobs, submitRun, waitForRun } from './support/runs.mjs';

const OFFLINE = ['exact_match', 'token_f1', 'rouge_l'];
let judge;
let server;
let browser;
let catalog = [];

before(async () => {
  judge = await startFakeJudge();
  server = await startServer({ env: { ScoreJobs__Judge__Endpoint: judge.endpoint, ScoreJobs__Judge__Model: 'fake', ScoreJobs__Judge__ApiKey: 'fake-key' } });
  browser = await launchBrowser();
  catalog = (await server.get('/api/score/metrics')).body.metrics;
  for (const name of OFFLINE) assert.ok(catalog.some((m) => m.name === name && m.available), `${name} is in the catalog`);
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await judge?.stop();
});

const score = (v) => (typeof v === 'number' ? v.toFixed(2) : '—');
const percent = (v, locale) => (typeof v === 'number' ? new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(v) : '—');

describe('runs', () => {
  test('run detail shows the aggregates the API has, the worst samples with reasons, and exports the run', async () => {
    const accepted = await submitRun(server, qaSamples({ worse: [3, 7], prefix: 'detail' }), {
      name: 'Aggregates check', metrics: OFFLINE, thresholds: { token_f1: 0.6, weighted_score: 0.5 },
    });
    const run = await waitForRun(server, accepted.run_id);
    const page = await openPage(browser, { locale: 'en-US' });
    await page.goto(`${server.url}/#run=${run.run_id}`);
    const aggs = page.locator('#run-aggregates');
    await aggs.locator('.agg').first().waitFor();
    for (const [name, agg] of Object.entries(run.aggregates)) {
      const row = aggs.locator(`.agg[data-metric="${name}"]`);
      assert.equal(await row.locator('[data-figure="mean"]').innerText(), score(agg.mean), `${name} mean`);
      assert.equal(await row.locator('[data-figure="median"]').innerText(), score(agg.median), `${name} median`);
      assert.equal(await row.locator('[data-figure="p10"]').innerText(), score(agg.p10), `${name} p10`);
      assert.equal(await row.locator('[data-figure="pass-rate"]').innerText(), percent(agg.pass_rate, 'en'), `${name} pass rate`);
      assert.equal(await row.locator('[data-figure="n"]').innerText(), String(agg.n), `${name} n`);
      assert.equal(await row.locator('[data-figure="coverage"]').innerText(), `${Math.round(agg.coverage * 100)}%${agg.failed ? ` · ${agg.failed} failed` : ''}`, `${name} coverage`);
    }
    assert.equal(await page.locator('.run-hero .verdict').getAttribute('data-verdict'), run.passed ? 'passed' : 'failed');
    assert.equal(await page.locator('.run-hero [role="progressbar"]').getAttribute('aria-valuenow'), String(run.samples));

    // The worst samples come first, each with its metrics' reasons.
    const jobs = (await runJobs(server, run.run_id)).filter((j) => typeof j.weighted_score === 'number').sort((a, b) => a.weighted_score - b.weighted_score);
    const worst = page.locator('#run-worst .worst-item').first();
    await worst.waitFor();
    assert.equal(await worst.getAttribute('data-sample-id'), String(jobs[0].sample_id));
    const full = (await server.get(`/api/score/jobs/${jobs[0].job_id}`)).body;
    const reason = Object.values(full.details ?? {}).map((d) => d.reason).find(Boolean);
    assert.ok(reason, 'the worst job has a reason');
    assert.ok((await worst.innerText()).includes(reason), `the worst sample shows "${reason}"`);
    await page.locator('#run-jobs-body tr.row').nth(run.samples - 1).waitFor();
    assert.equal(await page.locator('#run-jobs-body tr.row').count(), run.samples);
    assert.equal(await page.locator('#run-histogram svg rect.bar').count(), 10);
    await screenshot(page, 'run-detail');

    // A job opens in the drawer over the run, and closing it comes back to the run.
    await worst.locator('.worst-question').click();
    await page.locator('#detail .metric-card').first().waitFor();
    assert.match(page.url(), new RegExp(`#run=${run.run_id}&job=${jobs[0].job_id}$`));
    await page.keyboard.press('Escape');
    await page.waitForFunction((id) => !document.querySelector('#detail').open && location.hash === `#run=${id}`, run.run_id);
    assert.equal(await page.locator('#run-view').isVisible(), true);

    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#run-export-csv')]);
    const text = await readFile(await csv.path(), 'utf8');
    assert.equal(text.charCodeAt(0), 0xfeff, 'CSV for Excel starts with a BOM');
    const lines = text.slice(1).trimEnd().split('\r\n');
    const header = lines[0].split(',');
    for (const column of ['job_id', 'run_id', 'sample_id', 'weighted_score', ...OFFLINE]) assert.ok(header.includes(column), `CSV has ${column}`);
    assert.equal(lines.length - 1, run.samples);
    const [json] = await Promise.all([page.waitForEvent('download'), page.click('#run-export-json')]);
    const body = JSON.parse(await readFile(await json.path(), 'utf8'));
    assert.equal(body.count, run.samples);
    assert.equal(body.run.run_id, run.run_id);
    assert.ok(body.jobs.every((j) => j.run_id === run.run_id));

    await page.click('#run-retry');
    await page.locator('#toast', { hasText: /Retrying|Retry failed/ }).waitFor();
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('comparing two runs puts the regression first, with arrows and signs, each sample one click from its reasons', async () => {
    const base = await submitRun(server, qaSamples({ prefix: 'cmp' }), { name: 'Baseline', metrics: OFFLINE });
    await waitForRun(server, base.run_id);
    const head = await submitRun(server, qaSamples({ worse: [2, 5], prefix: 'cmp' }), { name: '候选版本', metrics: OFFLINE });
    await waitForRun(server, head.run_id);
    const comparison = (await server.get(`/api/score/runs/${base.run_id}/compare/${head.run_id}`)).body;
    assert.ok(comparison.regressions.length > 0, 'the head run regressed');

    const page = await openPage(browser, { locale: 'en-US' });
    await page.goto(`${server.url}/#runs`);
    // Picking both runs with the keyboard alone.
    for (const id of [base.run_id, head.run_id]) {
      await page.locator(`.run-item[data-run-id="${id}"] input[type="checkbox"]`).focus();
      await page.keyboard.press('Space');
    }
    await page.locator('#runs-compare:not([disabled])').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => location.hash.startsWith('#compare='));
    assert.ok(page.url().endsWith(`#compare=${base.run_id}..${head.run_id}`), 'the older run is the base');

    const first = page.locator('#compare-metrics-body tr').first();
    await first.waitFor();
    const worstMetric = Object.entries(comparison.metrics).sort((a, b) => a[1].delta - b[1].delta)[0];
    assert.equal(comparison.metrics[await first.getAttribute('data-metric')].delta, worstMetric[1].delta, 'the largest fall comes first');
    const delta = first.locator('.delta');
    assert.match(await delta.getAttribute('class'), /delta-down/);
    const shown = await delta.innerText();
    assert.ok(shown.includes('▼') && shown.includes(`−${Math.abs(worstMetric[1].delta).toFixed(2)}`), `a fall reads as one without colour: "${shown}"`);
    // Whether the fall is beyond noise is said in words beside it, as the server's paired test found.
    const sig = first.locator('.sig');
    assert.equal(await sig.getAttribute('data-change'), worstMetric[1].change);
    const words = { worse: 'worse beyond noise', better: 'better beyond noise', none: 'no significant change', inconclusive: 'too few samples to tell' };
    assert.ok((await sig.innerText()).startsWith(words[worstMetric[1].change]), await sig.innerText());

    const regression = [...comparison.regressions].sort((a, b) => a.delta - b.delta)[0];
    const item = page.locator(`#compare-regressions details[data-sample-id="${regression.sample_id}"]`).first();
    await item.locator('summary').click();
    const table = item.locator('.sample-table');
    await table.waitFor();
    const row = table.locator(`tr[data-metric="${regression.metric}"]`);
    const cells = await row.locator('td').allInnerTexts();
    assert.ok(cells[0].includes(score(regression.base)) && cells[1].includes(score(regression.head)), `both scores shown: ${cells.join(' | ')}`);
    const headJob = (await server.get(`/api/score/jobs/${regression.head_job_id ?? (await runJobs(server, head.run_id)).find((j) => String(j.sample_id) === String(regression.sample_id)).job_id}`)).body;
    assert.ok(cells[1].includes(headJob.details[regression.metric].reason), 'the head run\'s reason is shown');
    await screenshot(page, 'compare');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('an uploaded file with a bad row shows the error next to that row; a good one starts a run', async () => {
    const page = await openPage(browser, { locale: 'zh-CN' });
    await page.goto(`${server.url}/#new-run`);
    const csv = [
      'id,user_input,response,retrieved_contexts,reference,metadata.app',
      'a,What is RAG?,Retrieval-augmented generation.,"[""RAG retrieves passages.""]",Retrieval-augmented generation.,site',
      'b,,An answer to no question,one context,A reference,site',
      'c,退货政策是多少天？,30 天。,购买后 30 天内可以退货。,30 天内可以退货。,site',
    ].join('\n');
    await page.locator('#nr-file').setInputFiles({ name: 'eval.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.locator('#nr-preview .preview-sample').nth(2).waitFor();
    assert.equal(await page.locator('#nr-columns [data-column="user_input"]').getAttribute('data-field'), 'question');
    assert.equal(await page.locator('#nr-columns [data-column="retrieved_contexts"]').getAttribute('data-field'), 'contexts');
    assert.deepEqual(await page.locator('#nr-preview .preview-sample').evaluateAll((els) => els.map((e) => e.dataset.sample)), ['2', '3', '4']);
    await page.locator('#nr-metrics input[value="token_f1"]').waitFor();
    assert.equal(await page.locator('#nr-metrics input[value="token_f1"]').isChecked(), true);
    // Every available metric with its inputs is ticked, as the server's default; the judge ones are held here, so off.
    const ticked = await page.locator('#nr-metrics input[name="metric"]:checked').evaluateAll((boxes) => boxes.map((b) => b.value));
    for (const name of ticked.filter((m) => !OFFLINE.includes(m))) await page.uncheck(`#nr-metric-${name}`);

    await page.click('#nr-submit');
    const bad = page.locator('#nr-preview .preview-sample[data-sample="3"]');
    await bad.locator('.sample-error').first().waitFor();
    const message = await bad.locator('.sample-error').first().innerText();
    assert.match(message, /row 3/);
    assert.equal(await page.locator('#nr-preview .preview-sample[data-sample="2"] .sample-error').count(), 0, 'only the bad row has an error');
    await screenshot(page, 'new-run-error');

    const fixed = csv.replace('b,,An answer', 'b,Which question?,An answer');
    await page.locator('#nr-file').setInputFiles({ name: 'eval-fixed.csv', mimeType: 'text/csv', buffer: Buffer.from(fixed) });
    await page.locator('#nr-preview .preview-sample[data-sample="3"]:not(.has-error)').waitFor();
    await page.fill('#nr-threshold-token_f1', '0.5');
    await page.click('#nr-submit');
    await page.waitForFunction(() => location.hash.startsWith('#run='));
    const runId = decodeURIComponent(page.url().split('#run=')[1]);
    const run = await waitForRun(server, runId);
    assert.equal(run.samples, 3);
    assert.equal(run.name, 'eval-fixed');
    assert.equal(run.thresholds.token_f1, 0.5);
    await page.locator('.run-hero [role="progressbar"][aria-valuenow="3"]').waitFor({ timeout: 30000 });
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('a JSONL line that is not a sample is shown with its error', async () => {
    const page = await openPage(browser, { locale: 'en-US' });
    await page.goto(`${server.url}/#new-run`);
    const jsonl = [
      JSON.stringify({ question: 'What is RAG?', answer: 'Retrieval-augmented generation.', ground_truth: 'Retrieval-augmented generation.' }),
      JSON.stringify({ answer: 'No question here', ground_truth: 'x' }),
    ].join('\n');
    await page.locator('#nr-file').setInputFiles({ name: 'eval.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(jsonl) });
    await page.locator('#nr-preview .preview-sample').nth(1).waitFor();
    await page.click('#nr-submit');
    const bad = page.locator('#nr-preview .preview-sample[data-sample="2"]');
    await bad.locator('.sample-error').first().waitFor();
    assert.match(await bad.locator('.sample-error').first().innerText(), /line 2/);
    await page.context().close();
  });

  // Last: it releases the judge, which the other tests do not use.
  test('a run appears and its progress bar moves to done without a reload', async (t) => {
    const judgeMetric = catalog.find((m) => m.needs_judge && m.available && m.needs.every((n) => ['question', 'answer', 'contexts', 'ground_truth'].includes(n)));
    if (!judgeMetric) {
      t.skip(`no judge metric is available (catalog: ${catalog.map((m) => m.name).join(', ')})`);
      return;
    }
    const page = await openPage(browser, { locale: 'en-US' });
    await page.goto(`${server.url}/#runs`);
    await page.locator('#run-list').waitFor();
    await page.evaluate(() => { window.notReloaded = true; });
    const accepted = await submitRun(server, qaSamples({ prefix: 'live' }).slice(0, 4), { name: 'Live progress', metrics: [judgeMetric.name, 'token_f1'] });
    const item = page.locator(`.run-item[data-run-id="${accepted.run_id}"]`);
    await item.waitFor({ timeout: 20000 });
    const bar = item.locator('[role="progressbar"]');
    assert.equal(await bar.getAttribute('aria-valuemax'), '4');
    assert.notEqual(await bar.getAttribute('aria-valuenow'), '4', 'the run is still in flight while the judge holds its replies');
    await screenshot(page, 'runs-in-flight');

    judge.release();
    await page.waitForFunction((id) => {
      const el = document.querySelector(`.run-item[data-run-id="${id}"]`);
      return el?.dataset.status === 'completed' && el.querySelector('[role="progressbar"]').getAttribute('aria-valuenow') === '4';
    }, accepted.run_id, { timeout: 60000 });
    assert.equal(await page.evaluate(() => window.notReloaded), true, 'the page must not reload');
    assert.match(await item.locator('.progress-text').innerText(), /4 of 4 done/);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
});

describe('runs on a phone', () => {
  const LONG = 'RetrievalAugmentedGenerationEvaluationDatasetWithoutAnySpaces'.repeat(2);
  let base;
  let head;

  before(async () => {
    const samples = (worse) => qaSamples({ worse, prefix: `phone-${LONG.slice(0, 40)}` }).map((s, i) => (i === 0 ? { ...s, question: `${LONG}?`, answer: LONG } : s));
    base = await submitRun(server, samples([]), { name: `夜间回归评测：检索增强生成系统在企业知识库问答场景中的表现（基线）${LONG}`, metrics: OFFLINE, thresholds: { token_f1: 0.6 } });
    await waitForRun(server, base.run_id);
    head = await submitRun(server, samples([1, 4]), { name: `${LONG} candidate`, metrics: OFFLINE, thresholds: { token_f1: 0.6, weighted_score: 0.5 } });
    await waitForRun(server, head.run_id);
  });

  for (const locale of ['en-US', 'zh-CN']) {
    test(`${locale}: runs, run detail, compare and a new run fit 390 px`, async () => {
      const page = await openPage(browser, { locale, viewport: { width: 390, height: 844 } });
      await page.goto(`${server.url}/#runs`);
      await page.locator(`.run-item[data-run-id="${head.run_id}"]`).waitFor();
      await assertFits(page, `${locale} runs`);
      await screenshot(page, `phone-runs-${locale}`, { fullPage: true });

      await page.locator(`.run-item[data-run-id="${head.run_id}"] .run-name`).click();
      await page.locator('#run-aggregates .agg').first().waitFor();
      await page.locator('#run-worst .worst-item').first().waitFor();
      await page.locator('#run-jobs-body tr.row').first().waitFor();
      await assertFits(page, `${locale} run detail`);
      await screenshot(page, `phone-run-${locale}`, { fullPage: true });

      await page.evaluate(([b, h]) => { location.hash = `#compare=${b}..${h}`; }, [base.run_id, head.run_id]);
      await page.locator('#compare-metrics-body tr').first().waitFor();
      const firstRegression = page.locator('#compare-regressions details').first();
      await firstRegression.locator('summary').click();
      await firstRegression.locator('.sample-table').waitFor();
      await assertFits(page, `${locale} compare`);
      await screenshot(page, `phone-compare-${locale}`, { fullPage: true });

      await page.evaluate(() => { location.hash = '#new-run'; });
      const csv = `question,answer,contexts,ground_truth,metadata.app\n${LONG}?,${LONG},${LONG},${LONG},${LONG.slice(0, 60)}\n,no question,c,gt,app\n`;
      await page.locator('#nr-file').setInputFiles({ name: `${LONG}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await page.locator('#nr-preview .preview-sample').nth(1).waitFor();
      await page.click('#nr-submit');
      await page.locator('#nr-preview .sample-error').first().waitFor();
      await assertFits(page, `${locale} new run with an error`);
      await screenshot(page, `phone-new-run-${locale}`, { fullPage: true });
      assert.deepEqual(page.errors, []);
      await page.context().close();
    });
  }
});
