// Deleting, labelling and the judge-against-people view, against the real server with real records scored by
// offline metrics (exact_match, token_f1: no judge needed). Labels go in through the page and through the API;
// the agreement figures on screen are checked against GET /api/score/agreement; both languages; 390 px fits.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './support/server.mjs';
import { launchBrowser, openPage, screenshot } from './support/browser.mjs';
import { assertFits } from './support/fit.mjs';
import { qaSamples, runJobs, submitRun, waitForRun } from './support/runs.mjs';

const OFFLINE = ['exact_match', 'token_f1'];
const WIDE = { width: 1366, height: 900 };
let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Live jobs scored by offline metrics, answered as the server has them once finished. */
async function scoredJobs(pairs, tag) {
  const ids = [];
  for (const [answer, truth] of pairs) {
    ids.push((await server.post({ question: `What is ${truth}?`, answer, ground_truth: truth, contexts: [truth], metrics: OFFLINE, metadata: { set: tag } })).job_id);
  }
  const deadline = Date.now() + 30000;
  const jobs = [];
  for (const id of ids) {
    for (;;) {
      const { body } = await server.get(`/api/score/jobs/${id}`);
      if (body.status === 'completed') { jobs.push(body); break; }
      if (Date.now() > deadline) throw new Error(`job ${id} still ${body.status}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return jobs;
}

async function putLabel(jobId, rater, label) {
  const res = await fetch(`${server.url}/api/score/jobs/${jobId}/labels/${rater}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(label) });
  assert.equal(res.status, 200, `PUT label ${jobId}/${rater}: ${await res.clone().text()}`);
  return res.json();
}

const two = (v) => (typeof v === 'number' ? v.toFixed(2) : '—');

async function openRecord(page, jobId) {
  await page.goto(`${server.url}/?source=all#job=${jobId}`);
  await page.locator('#detail .metric-card').first().waitFor();
  return page;
}

describe('labels on a record', () => {
  test('a label given in the drawer is saved under the rater from the settings, shown with its parts, and removed again', async () => {
    const [job] = await scoredJobs([['Paris is the capital', 'Paris is the capital of France']], 'label-ui');
    const page = await openPage(browser, { locale: 'en-US', viewport: WIDE });
    await page.goto(`${server.url}/`);
    // The rater's name is a setting, kept with the others.
    await page.locator('#settings-open').click();
    await page.locator('#s-rater').fill('alice');
    await page.locator('#settings-save').click();
    await page.waitForLoadState('load');
    assert.equal(await page.evaluate(() => JSON.parse(localStorage.getItem('scorejobs.settings')).rater), 'alice');

    await openRecord(page, job.job_id);
    const panel = page.locator('#detail .label-panel');
    assert.equal(await panel.locator('#lbl-rater').inputValue(), 'alice');
    assert.equal(await panel.locator('.label-item').count(), 0);
    // One score input per metric the record has.
    assert.deepEqual(await panel.locator('.label-score').evaluateAll((els) => els.map((e) => e.dataset.metric)), OFFLINE);
    await panel.locator('input[name="rating"][value="bad"]').check();
    await panel.locator('#lbl-score-token_f1').fill('0.3');
    await panel.locator('#lbl-note').fill('half the answer is missing');
    await panel.locator('#label-save').click();
    await panel.locator('.label-item[data-rater="alice"]').waitFor();
    assert.equal(await panel.locator('.label-saved').innerText(), 'Label saved for alice');

    const stored = (await server.get(`/api/score/jobs/${job.job_id}`)).body.labels;
    assert.equal(stored.length, 1);
    assert.deepEqual({ rater: stored[0].rater, rating: stored[0].rating, scores: stored[0].scores, note: stored[0].note },
      { rater: 'alice', rating: 'bad', scores: { token_f1: 0.3 }, note: 'half the answer is missing' });
    const item = panel.locator('.label-item[data-rater="alice"]');
    assert.equal(await item.locator('[data-rating]').getAttribute('data-rating'), 'bad');
    assert.equal(await item.locator('.label-scores [data-metric="token_f1"]').innerText(), `${await page.evaluate(() => document.querySelector('#detail [data-metric="token_f1"] .metric-name strong').textContent)} 0.30`);
    assert.equal(await item.locator('.label-note').innerText(), 'half the answer is missing');
    assert.equal(await item.locator('time').getAttribute('datetime'), stored[0].updated_at);
    // Another person's label shows beside it, without a remove button.
    await putLabel(job.job_id, 'bob', { rating: 'good', scores: { exact_match: 1 } });
    await page.reload();
    await panel.locator('.label-item[data-rater="bob"]').waitFor();
    assert.equal(await panel.locator('.label-item[data-rater="bob"] .label-remove').count(), 0);
    assert.equal(await panel.locator('#label-save').innerText(), 'Update my label');
    assert.equal(await panel.locator('#lbl-score-token_f1').inputValue(), '0.3');
    await screenshot(page.locator('#detail'), 'labels-detail-en-1366');

    await panel.locator('.label-item[data-rater="alice"] .label-remove').click();
    await page.waitForFunction(() => !document.querySelector('#detail .label-item[data-rater="alice"]'));
    assert.deepEqual((await server.get(`/api/score/jobs/${job.job_id}`)).body.labels.map((l) => l.rater), ['bob']);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('with no rater saved the form asks for one; a bad score is refused by the server and shown by its field, nothing saved', async () => {
    const [job] = await scoredJobs([['blue', 'blue']], 'label-bad');
    const page = await openPage(browser, { locale: 'zh-CN', viewport: WIDE });
    await openRecord(page, job.job_id);
    const panel = page.locator('#detail .label-panel');
    assert.equal(await panel.locator('#lbl-rater').inputValue(), '');
    await panel.locator('input[name="rating"][value="good"]').check();
    await panel.locator('#label-save').click();
    assert.equal(await panel.locator('#lbl-rater-error').innerText(), 'rater: 请填写评审人名称');
    assert.equal(await panel.locator('#lbl-rater').getAttribute('aria-invalid'), 'true');

    await panel.locator('#lbl-rater').fill('carol');
    await panel.locator('#lbl-score-exact_match').fill('1.5');
    await panel.locator('#label-save').click();
    const error = panel.locator('#lbl-score-exact_match-error');
    await error.waitFor();
    const res = await fetch(`${server.url}/api/score/jobs/${job.job_id}/labels/carol`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rating: 'good', scores: { exact_match: 1.5 } }) });
    const problem = await res.json();
    assert.equal(res.status, 400);
    assert.equal(await error.innerText(), `scores.exact_match: ${problem.errors['scores.exact_match'].join(' ')}`);
    assert.equal(await panel.locator('#lbl-score-exact_match').getAttribute('aria-invalid'), 'true');
    assert.equal((await server.get(`/api/score/jobs/${job.job_id}`)).body.labels?.length ?? 0, 0, 'nothing was saved');
    // The name typed is kept as the setting for next time.
    assert.equal(await page.evaluate(() => JSON.parse(localStorage.getItem('scorejobs.settings')).rater), 'carol');
    await screenshot(page.locator('#detail'), 'labels-error-zh-1366');

    await panel.locator('#lbl-score-exact_match').fill('1');
    await panel.locator('#label-save').click();
    await panel.locator('.label-item[data-rater="carol"]').waitFor();
    assert.equal(await panel.locator('#lbl-score-exact_match-error').isHidden(), true);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
});

describe('deleting', () => {
  test('a record is deleted after the page asks; it leaves the list and the overview counts it no more', async () => {
    const jobs = await scoredJobs([['one', 'one'], ['two', 'three']], 'delete-job');
    const page = await openPage(browser, { locale: 'en-US', viewport: WIDE });
    await page.goto(`${server.url}/?tag=set:delete-job`);
    await page.waitForFunction(() => document.querySelectorAll('#records-body tr.row:not(.row-skeleton)').length === 2);
    await page.waitForFunction(() => document.querySelector('[data-kpi="total"]')?.textContent === '2');

    await page.goto(`${server.url}/?tag=set:delete-job#job=${jobs[0].job_id}`);
    await page.locator('#detail .metric-card').first().waitFor();
    // Cancel first: nothing happens.
    await page.locator('#detail-delete').click();
    const confirm = page.locator('#confirm');
    await confirm.waitFor();
    assert.equal(await confirm.locator('#confirm-title').innerText(), 'Delete this record?');
    await screenshot(page, 'delete-confirm-en-1366');
    await confirm.locator('#confirm-no').click();
    // Esc is a Cancel too, and leaves the drawer open.
    await page.locator('#detail-delete').click();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'confirm-no', 'Cancel has the focus');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('#confirm').open);
    assert.equal((await server.get(`/api/score/jobs/${jobs[0].job_id}`)).status, 200);
    assert.equal(await page.locator('#detail').evaluate((d) => d.open), true);

    await page.locator('#detail-delete').click();
    await confirm.locator('#confirm-yes').click();
    await page.waitForFunction(() => !document.querySelector('#detail').open);
    assert.equal((await server.get(`/api/score/jobs/${jobs[0].job_id}`)).status, 404);
    await page.waitForFunction(() => document.querySelector('[data-kpi="total"]')?.textContent === '1');
    await page.waitForFunction((id) => ![...document.querySelectorAll('#records-body a')].some((a) => a.href.includes(id)), jobs[0].job_id);
    assert.equal(await page.locator('#records-body tr.row').count(), 1);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('a job of a run is refused (409 job-of-run) with a way to the run; the run is deleted from its own page', async () => {
    const accepted = await submitRun(server, qaSamples({ prefix: 'del' }).slice(0, 3), { name: 'Run to delete', metrics: OFFLINE });
    await waitForRun(server, accepted.run_id);
    const [job] = await runJobs(server, accepted.run_id);
    const page = await openPage(browser, { locale: 'zh-CN', viewport: WIDE });
    await page.goto(`${server.url}/#run=${accepted.run_id}&job=${job.job_id}`);
    await page.locator('#detail .metric-card').first().waitFor();
    await page.locator('#detail-delete').click();
    await page.locator('#confirm-yes').click();
    const refusal = page.locator('#detail-delete-error');
    await refusal.waitFor();
    assert.match(await refusal.innerText(), /属于一次数据集运行/);
    assert.match(await refusal.innerText(), new RegExp(`DELETE /api/score/runs/${accepted.run_id}`));
    assert.equal((await server.get(`/api/score/jobs/${job.job_id}`)).status, 200, 'the job is still there');
    await screenshot(page, 'delete-job-of-run-zh-1366');
    await refusal.locator('#detail-open-run').click();
    await page.waitForFunction(() => !document.querySelector('#detail').open);
    assert.match(page.url(), new RegExp(`#run=${accepted.run_id}$`));

    assert.equal(await page.locator('#run-agreement').getAttribute('href'), `#agreement&run=${accepted.run_id}`);
    assert.equal(await page.locator('#run-agreement').innerText(), '与人工标注的一致性');
    await page.locator('#run-delete').click();
    assert.equal(await page.locator('#confirm-title').innerText(), '删除这次运行？');
    await page.locator('#confirm-yes').click();
    await page.waitForFunction(() => location.hash === '#runs');
    await page.locator('#runs-view').waitFor();
    await page.locator('#runs-view .run-item, #runs-view .state-title').first().waitFor();
    assert.equal(await page.locator(`#runs-view .run-item[data-run-id="${accepted.run_id}"]`).count(), 0);
    const gone = await server.get(`/api/score/runs/${accepted.run_id}`);
    assert.equal(gone.status, 404);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
});

describe('agreement', () => {
  let labelled;
  before(async () => {
    // Ten records with token_f1 spread over 0-1; two people label them, with one disagreement on the pass mark.
    labelled = await scoredJobs([
      ['the cat sat on the mat', 'the cat sat on the mat'],
      ['the cat sat on a mat', 'the cat sat on the mat'],
      ['a cat sat', 'the cat sat on the mat'],
      ['dogs run', 'the cat sat on the mat'],
      ['refunds within 30 days', 'refunds are accepted within 30 days'],
      ['refunds accepted', 'refunds are accepted within 30 days'],
      ['no refunds', 'refunds are accepted within 30 days'],
      ['East US 2 and Japan East', 'East US 2, Sweden Central and Japan East'],
      ['Sweden', 'East US 2, Sweden Central and Japan East'],
      ['nothing at all', 'East US 2, Sweden Central and Japan East'],
    ], 'agree');
    for (const [i, job] of labelled.entries()) {
      const judge = job.scores.token_f1;
      const human = i === 3 ? 0.9 : Math.max(0, Math.min(1, Math.round((judge + (i % 2 ? 0.1 : -0.05)) * 100) / 100));
      await putLabel(job.job_id, 'alice', { scores: { token_f1: human }, rating: human >= 0.5 ? 'good' : 'bad' });
      if (i < 8) await putLabel(job.job_id, 'bob', { scores: { token_f1: i === 2 ? 0.1 : human } });
    }
  });

  async function checkFigures(page, report) {
    const value = (name) => page.locator(`#agreement-figures [data-value="${name}"]`).innerText();
    assert.equal(await value('n'), String(report.n));
    for (const name of ['kappa', 'spearman', 'pearson', 'mean_abs_error']) assert.equal(await value(name), two(report[name]), name);
    assert.equal(await value('accuracy'), `${(report.accuracy * 100).toFixed(1)}%`);
    for (const name of ['kappa', 'spearman']) {
      const ci = report.ci95[name];
      if (report[name] === null) continue;
      assert.ok(Array.isArray(ci), `${name} has an interval`);
      assert.match(await page.locator(`#agreement-figures [data-ci="${name}"]`).innerText(), new RegExp(`${two(ci[0])} – ${two(ci[1])}`));
    }
    for (const cell of ['tp', 'fp', 'fn', 'tn']) assert.equal(await page.locator(`#agreement-confusion [data-cell="${cell}"]`).innerText(), String(report.confusion[cell]), cell);
    assert.equal(await page.locator('#agreement-by-judge tbody tr').count(), report.by_judge.length);
    assert.equal(await page.locator('#agreement-by-judge tbody tr').first().locator('[data-col="n"]').innerText(), String(report.by_judge[0].n));
    const between = await page.locator('#agreement-raters-figures [data-value="kappa_between_raters"]').innerText();
    if (report.raters.kappa_between_raters === null) assert.match(between, /^— \(.+\)$/);
    else assert.equal(between, two(report.raters.kappa_between_raters));
    const rows = page.locator('#agreement-disagreements-table tbody tr');
    assert.equal(await rows.count(), report.disagreements.length);
    assert.equal(await rows.first().getAttribute('data-job'), report.disagreements[0].job_id);
    assert.equal(await rows.first().locator('[data-col="judge"]').innerText(), two(report.disagreements[0].judge));
    assert.equal(await rows.first().locator('[data-col="human"]').innerText(), two(report.disagreements[0].human));
    assert.equal(await page.locator('#agreement-scatter .scatter-dot').count(), report.disagreements.length);
  }

  test('the figures equal the API\'s, the scatter has a dot per pair, and a disagreement opens its record', async () => {
    const report = (await server.get('/api/score/agreement?metric=token_f1&tag=set:agree&threshold=0.5')).body;
    assert.equal(report.n, 10);
    assert.ok(report.kappa !== null && report.spearman !== null && report.raters.kappa_between_raters !== null, JSON.stringify(report));
    const page = await openPage(browser, { locale: 'en-US', viewport: WIDE });
    await page.goto(`${server.url}/?tag=set:agree#agreement&metric=token_f1`);
    await page.locator('#agreement-figures').waitFor();
    assert.equal(await page.locator('.view-tabs a[aria-current="page"]').getAttribute('data-tab'), 'agreement');
    assert.match(await page.locator('#agreement-scope').innerText(), /set:agree/);
    await checkFigures(page, report);
    await screenshot(page, 'agreement-en-1366', { fullPage: true });

    // The threshold input changes the figures as the API's threshold does.
    await page.locator('#agreement-threshold').fill('0.7');
    await page.locator('#agreement-apply').click();
    await page.waitForFunction(() => location.hash.includes('threshold=0.7'));
    const at07 = (await server.get('/api/score/agreement?metric=token_f1&tag=set:agree&threshold=0.7')).body;
    await page.waitForFunction((k) => document.querySelector('#agreement-figures [data-value="kappa"]')?.textContent === k, two(at07.kappa));
    await checkFigures(page, at07);

    // A disagreement opens its record over the view.
    const first = page.locator('#agreement-disagreements-table tbody tr').first();
    const jobId = await first.getAttribute('data-job');
    await first.locator('a').click();
    await page.locator('#detail .metric-card').first().waitFor();
    assert.match(page.url(), new RegExp(`#agreement&metric=token_f1&threshold=0.7&job=${jobId}$`));
    // A label given there moves the figures behind the drawer: the person agrees with the judge on this one.
    const judgeScore = (await server.get(`/api/score/jobs/${jobId}`)).body.scores.token_f1;
    await page.locator('#lbl-rater').fill('dave');
    await page.locator('#lbl-score-token_f1').fill(String(judgeScore));
    await page.locator('#label-save').click();
    await page.locator('#detail .label-item[data-rater="dave"]').waitFor();
    const after = (await server.get('/api/score/agreement?metric=token_f1&tag=set:agree&threshold=0.7')).body;
    assert.notEqual(two(after.mean_abs_error), two(at07.mean_abs_error), 'the new label changes the error');
    await page.waitForFunction((v) => document.querySelector('#agreement-figures [data-value="mean_abs_error"]')?.textContent === v, two(after.mean_abs_error));
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('#detail').open);
    assert.equal(await page.locator('#agreement-view').isVisible(), true);
    await checkFigures(page, after);

    // Chinese, the same figures.
    await page.locator('#lang-toggle').click();
    await page.locator('#agreement-title').filter({ hasText: '评审与人工一致性' }).waitFor();
    await checkFigures(page, after);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'agreement-zh-1366', { fullPage: true });
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('a figure the server could not compute reads "—" with why, never 0', async () => {
    // One pair: nothing but n, the error and accuracy can be computed.
    const [single] = await scoredJobs([['only one', 'only one pair here']], 'agree-one');
    await putLabel(single.job_id, 'alice', { scores: { token_f1: 0.4 } });
    const one = (await server.get('/api/score/agreement?metric=token_f1&tag=set:agree-one')).body;
    assert.equal(one.n, 1);
    assert.equal(one.kappa, null);
    const page = await openPage(browser, { locale: 'en-US', viewport: WIDE });
    await page.goto(`${server.url}/?tag=set:agree-one#agreement&metric=token_f1`);
    await page.locator('#agreement-figures').waitFor();
    for (const name of ['kappa', 'spearman', 'pearson']) {
      assert.equal(await page.locator(`#agreement-figures [data-value="${name}"]`).innerText(), '—', name);
      assert.equal(await page.locator(`#agreement-figures [data-reason="${name}"]`).innerText(), 'too few pairs', name);
    }
    assert.equal(await page.locator('#agreement-raters-figures [data-value="kappa_between_raters"]').innerText(), `— (${'needs two raters who labelled at least two of the same records'})`);

    // Every judge score equal (exact_match 1 on two records): correlation has no variance.
    const same = await scoredJobs([['x y', 'x y'], ['z', 'z']], 'agree-flat');
    await putLabel(same[0].job_id, 'alice', { scores: { exact_match: 0.2 } });
    await putLabel(same[1].job_id, 'alice', { scores: { exact_match: 0.9 } });
    const flat = (await server.get('/api/score/agreement?metric=exact_match&tag=set:agree-flat')).body;
    assert.equal(flat.n, 2);
    assert.equal(flat.spearman, null);
    await page.goto(`${server.url}/?tag=set:agree-flat#agreement&metric=exact_match`);
    await page.locator('#agreement-figures [data-reason="spearman"]').waitFor();
    assert.equal(await page.locator('#agreement-figures [data-reason="spearman"]').innerText(), 'no variance');
    assert.equal(await page.locator('#agreement-figures [data-value="n"]').innerText(), '2');

    // No pairs at all: a state saying how to get some.
    await page.goto(`${server.url}/?tag=set:nothing-here#agreement&metric=token_f1`);
    await page.locator('#agreement-empty').waitFor();
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('the good/bad rating is a metric too, and over 20 pairs the scatter says it shows the 20 largest disagreements', async () => {
    const page = await openPage(browser, { locale: 'en-US', viewport: WIDE });
    await page.goto(`${server.url}/?tag=set:agree#agreement&metric=token_f1`);
    await page.locator('#agreement-figures').waitFor();
    await page.locator('#agreement-metric').selectOption('rating');
    await page.waitForFunction(() => location.hash.includes('metric=rating'));
    const rating = (await server.get('/api/score/agreement?metric=rating&tag=set:agree&threshold=0.5')).body;
    assert.equal(rating.n, 10);
    await page.waitForFunction((n) => document.querySelector('#agreement-disagreements-table tbody tr:first-child')?.dataset.job === n, rating.disagreements[0].job_id);
    await checkFigures(page, rating);

    const many = await scoredJobs(Array.from({ length: 22 }, (_, i) => [`word${i} shared text`, `word${i} shared text here`]), 'agree-many');
    for (const [i, job] of many.entries()) await putLabel(job.job_id, 'alice', { scores: { token_f1: (i % 10) / 10 } });
    const big = (await server.get('/api/score/agreement?metric=token_f1&tag=set:agree-many')).body;
    assert.equal(big.n, 22);
    assert.equal(big.disagreements.length, 20);
    await page.goto(`${server.url}/?tag=set:agree-many#agreement&metric=token_f1`);
    await page.locator('#agreement-scatter svg').waitFor();
    await checkFigures(page, big);
    assert.match(await page.locator('#agreement-results .chart-desc').first().innerText(), /^The 20 largest disagreements of 22 pairs/);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('a bad threshold is a 400 shown by the field it names', async () => {
    const page = await openPage(browser, { locale: 'en-US', viewport: WIDE });
    await page.goto(`${server.url}/#agreement&metric=token_f1&threshold=2`);
    const error = page.locator('#agreement-control-error');
    await error.waitFor();
    const problem = (await server.get('/api/score/agreement?metric=token_f1&threshold=2')).body;
    assert.match(await error.innerText(), new RegExp(`^threshold: ${problem.errors.threshold[0].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    await page.context().close();
  });
});

describe('on a phone', () => {
  for (const locale of ['zh-CN', 'en-US']) {
    test(`${locale}: agreement, a labelled record and the confirm fit 390 px`, async () => {
      const lang = locale.slice(0, 2);
      const page = await openPage(browser, { locale, viewport: { width: 390, height: 844 } });
      await page.goto(`${server.url}/?tag=set:agree#agreement&metric=token_f1`);
      await page.locator('#agreement-scatter svg').waitFor();
      await assertFits(page, `${locale} agreement`);
      await screenshot(page, `agreement-${lang}-390`, { fullPage: true });

      const { body } = await server.get('/api/score/jobs?tag=set:agree&limit=1');
      await page.goto(`${server.url}/?tag=set:agree#agreement&metric=token_f1&job=${body.jobs[0].job_id}`);
      await page.locator('#detail .label-panel .label-item').first().waitFor();
      // The drawer slides in; once it has settled it must fit the screen.
      await page.waitForFunction(() => {
        const box = document.querySelector('#detail').getBoundingClientRect();
        return box.width > 0 && box.left >= 0 && box.right <= 390;
      }, null, { timeout: 10_000 });
      await assertFits(page, `${locale} labelled record`);
      await page.locator('#detail .label-panel').scrollIntoViewIfNeeded();
      await screenshot(page, `labels-detail-${lang}-390`);
      await page.locator('#detail-delete').click();
      await page.locator('#confirm-yes').waitFor();
      await assertFits(page, `${locale} confirm`);
      await screenshot(page, `delete-confirm-${lang}-390`);
      await page.locator('#confirm-no').click();
      assert.deepEqual(page.errors, []);
      await page.context().close();
    });
  }
});
