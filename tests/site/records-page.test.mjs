// The records page against the real server, seeded with 60 records written before it starts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launchBrowser, openPage, screenshot } from './support/browser.mjs';
import { makeRecords, newestFirst, writeRecords } from './support/records.mjs';
import { startServer } from './support/server.mjs';

const records = makeRecords({ count: 60, days: 14 });
const ordered = newestFirst(records);
let server;
let browser;

before(async () => {
  server = await startServer({ seed: (dir) => writeRecords(dir, records) });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function open(options = {}, query = '') {
  const page = await openPage(browser, options);
  await page.goto(`${server.url}/${query}`);
  await page.locator('#records-body tr.row:not(.row-skeleton)').first().waitFor();
  return page;
}

const rowIds = (page) => page.locator('#records-body tr.row').evaluateAll((rows) => rows.map((r) => r.dataset.jobId));

/** Waits until the table, no longer busy, shows exactly these records in this order. */
async function expectRows(page, ids, message) {
  try {
    await page.waitForFunction((want) => {
      if (document.querySelector('#records-table').getAttribute('aria-busy') === 'true') return false;
      const got = [...document.querySelectorAll('#records-body tr.row')].map((r) => r.dataset.jobId);
      return got.length === want.length && got.every((id, i) => id === want[i]);
    }, ids, { timeout: 20000 });
  } catch {
    assert.deepEqual(await rowIds(page), ids, message);
  }
}

describe('records list', () => {
  test('renders the newest records first with status badges, paged', async () => {
    const page = await open();
    await expectRows(page, ordered.slice(0, 50).map((r) => r.job_id), 'the first page holds the 50 newest, newest first');
    const first = page.locator('#records-body tr.row').first();
    assert.match(await first.locator('.badge').innerText(), /已完成|失败/);
    assert.equal(await first.locator('.row-link').innerText(), ordered[0].request_summary.question);
    await page.locator('#pager-range', { hasText: '60' }).waitFor();
    assert.equal(await page.locator('#pager-range').innerText(), '第 1–50 条，共 60 条');

    await page.click('#page-next');
    await expectRows(page, ordered.slice(50).map((r) => r.job_id), 'the second page holds the last 10');
    assert.equal(await page.locator('#page-next').isDisabled(), true);
    await page.click('#page-prev');
    await expectRows(page, ordered.slice(0, 50).map((r) => r.job_id), 'back on the first page');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('shows times in the browser time zone', async () => {
    const page = await open({ timezoneId: 'America/New_York', locale: 'en-US' });
    const created = new Date(ordered[0].created_at);
    const expected = new Intl.DateTimeFormat('en', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(created);
    assert.equal(await page.locator('#records-body tr.row').first().locator('time').innerText(), expected);
    assert.match(await page.locator('#tz-note').innerText(), /America\/New_York/);
    await page.context().close();
  });

  test('overview counts, mean and charts follow the records', async () => {
    const page = await open();
    await page.locator('[data-kpi="total"]').waitFor();
    const failed = records.filter((r) => r.status === 'failed').length;
    assert.equal(await page.locator('[data-kpi="total"]').innerText(), '60');
    assert.equal(await page.locator('[data-kpi="failed"]').innerText(), String(failed));
    assert.equal(await page.locator('[data-kpi="completed"]').innerText(), String(60 - failed));
    const scored = records.map((r) => r.weighted_score).filter((s) => s !== null);
    const mean = scored.reduce((a, b) => a + b, 0) / scored.length;
    assert.equal(await page.locator('[data-kpi="mean"]').innerText(), mean.toFixed(2));
    assert.equal(await page.locator('#chart-histogram svg rect.bar').count(), 10);
    assert.ok(await page.locator('#chart-trend svg rect.bar-count').count() >= 14);
    assert.ok(await page.locator('#chart-trend svg path.line-score').count() === 1);
    assert.ok(await page.locator('#chart-metrics .hbar').count() >= 5);
    await screenshot(page, 'list-zh');
    await screenshot(page.locator('.overview'), 'charts');
    await page.context().close();
  });
});

describe('filters', () => {
  test('status filter narrows the list and is kept in the address', async () => {
    const page = await open();
    await page.locator('#f-status label', { hasText: '失败' }).click();
    const failed = ordered.filter((r) => r.status === 'failed').map((r) => r.job_id);
    await expectRows(page, failed, 'only the failed records remain');
    assert.match(page.url(), /status=failed/);
    await page.context().close();
  });

  test('search narrows the list to matching questions', async () => {
    const page = await open();
    await page.fill('#f-q', '退货政策');
    const expected = ordered.filter((r) => r.request_summary.question.includes('退货政策')).map((r) => r.job_id);
    assert.ok(expected.length > 0 && expected.length < 50);
    await expectRows(page, expected, 'only the matching questions remain');
    await page.context().close();
  });

  test('a tag filter narrows the list, typed or clicked on a row', async () => {
    const page = await open();
    const expected = ordered.filter((r) => r.request_summary.metadata.app === 'hr-bot').map((r) => r.job_id);
    await page.fill('#f-tag', 'app:hr-bot');
    await page.press('#f-tag', 'Enter');
    await expectRows(page, expected, 'only records tagged app:hr-bot remain');
    assert.equal(await page.locator('#f-tags .chip-tag').innerText().then((s) => s.replace('×', '').trim()), 'app:hr-bot');

    await page.locator('#f-tags .chip-remove').click();
    await expectRows(page, ordered.slice(0, 50).map((r) => r.job_id), 'removing the tag restores the list');
    await page.locator('#records-body tr.row').first().locator('.row-tags button', { hasText: 'env:' }).click();
    const env = ordered[0].request_summary.metadata.env;
    const byEnv = ordered.filter((r) => r.request_summary.metadata.env === env).map((r) => r.job_id).slice(0, 50);
    await expectRows(page, byEnv, 'the clicked tag filters the list');
    await page.context().close();
  });

  test('filters that match nothing say how to recover', async () => {
    const page = await open();
    await page.fill('#f-q', 'no question contains this text');
    await page.locator('#state .state-title').waitFor();
    assert.equal(await page.locator('#state .state-title').innerText(), '没有符合筛选条件的记录');
    await page.locator('#state button', { hasText: '清除筛选' }).click();
    await expectRows(page, ordered.slice(0, 50).map((r) => r.job_id), 'clearing the filters restores the list');
    assert.equal(await page.inputValue('#f-q'), '');
    await page.context().close();
  });
});

describe('detail', () => {
  test('shows the full record with each metric\'s reason', async () => {
    const page = await open();
    const target = ordered.find((r) => r.status === 'completed' && r.request_summary.metrics.includes('overall_quality'));
    await page.locator(`tr[data-job-id="${target.job_id}"] .row-link`).click();
    const dialog = page.locator('#detail');
    await dialog.locator('.metric-card').first().waitFor();
    assert.ok(page.url().endsWith(`#job=${target.job_id}`));
    for (const metric of target.request_summary.metrics) {
      const card = dialog.locator(`.metric-card[data-metric="${metric}"]`);
      assert.equal(await card.locator('.metric-reason').innerText(), target.details[metric].reason);
      assert.equal(await card.locator('.score-value').innerText(), target.scores[metric].toFixed(2));
    }
    const body = await dialog.locator('#detail-body').innerText();
    assert.ok(body.includes(target.request.question));
    assert.ok(body.includes(target.request.answer));
    assert.ok(body.includes(target.request.contexts[0]));
    assert.ok(body.includes('gpt-4o-mini'));
    assert.ok(body.includes(String(target.usage.total_tokens.toLocaleString('zh-CN'))));
    await screenshot(page, 'detail');

    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('#detail').open && !location.hash);
    await page.context().close();
  });

  test('a failed record shows why', async () => {
    const target = ordered.find((r) => r.status === 'failed');
    const page = await open({}, `#job=${target.job_id}`);
    const dialog = page.locator('#detail');
    await dialog.locator('.callout-error').waitFor();
    assert.ok((await dialog.locator('.callout-error').innerText()).includes(target.error));
    assert.ok((await dialog.locator('.metric-error').first().innerText()).includes('限流'));
    await page.context().close();
  });

  test('is reachable with the keyboard alone', async () => {
    const page = await open();
    await page.focus('#records-body tr.row .row-link');
    await page.keyboard.press('Enter');
    await page.locator('#detail .metric-card').first().waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.closest('#detail') !== null), true);
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('#detail').open);
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('row-link')), true);
    await page.context().close();
  });
});

describe('export', () => {
  test('CSV holds the filtered rows, one column per metric, with a BOM', async () => {
    const page = await open({}, '?tag=app:helpdesk');
    const expected = ordered.filter((r) => r.request_summary.metadata.app === 'helpdesk');
    await expectRows(page, expected.map((r) => r.job_id), 'the tag in the address applies');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    assert.match(download.suggestedFilename(), /^score-records-\d{8}-\d{4}\.csv$/);
    const text = await readFile(await download.path(), 'utf8');
    assert.equal(text.charCodeAt(0), 0xfeff);
    const lines = text.slice(1).trimEnd().split('\r\n');
    const header = lines[0].split(',');
    const metrics = [...new Set(expected.flatMap((r) => r.request_summary.metrics))];
    for (const column of ['job_id', 'status', 'created_at', 'question', 'weighted_score', ...metrics, 'metadata']) {
      assert.ok(header.includes(column), `CSV header lacks ${column}`);
    }
    assert.equal(lines.length - 1, expected.length);
    const ids = lines.slice(1).map((l) => l.split(',')[0]);
    assert.deepEqual(ids, expected.map((r) => r.job_id));
    const firstCompleted = expected.find((r) => r.status === 'completed');
    const row = lines[1 + expected.indexOf(firstCompleted)].split(',');
    assert.equal(Number(row[header.indexOf('faithfulness')]), firstCompleted.scores.faithfulness);
    assert.ok(text.includes(firstCompleted.request_summary.question));
    await page.locator('#toast').filter({ hasText: `${expected.length}` }).waitFor();
    await page.context().close();
  });

  test('JSON holds the filtered rows and the filters', async () => {
    const page = await open({}, '?status=failed');
    const expected = ordered.filter((r) => r.status === 'failed');
    await expectRows(page, expected.map((r) => r.job_id), 'the status in the address applies');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
    assert.match(download.suggestedFilename(), /\.json$/);
    const body = JSON.parse(await readFile(await download.path(), 'utf8'));
    assert.equal(body.count, expected.length);
    assert.equal(body.capped, false);
    assert.equal(body.filters.status, 'failed');
    assert.deepEqual(body.jobs.map((j) => j.job_id), expected.map((r) => r.job_id));
    await page.context().close();
  });
});

describe('language', () => {
  test('Chinese first for a Chinese browser, English for others', async () => {
    const zh = await open({ locale: 'zh-CN' });
    assert.equal(await zh.getAttribute('html', 'lang'), 'zh-CN');
    assert.equal(await zh.title(), '评分记录 · ScoreJobs');
    await zh.context().close();
    const en = await open({ locale: 'en-US' });
    assert.equal(await en.getAttribute('html', 'lang'), 'en');
    assert.equal(await en.locator('#records-title [data-i18n]').innerText(), 'Records');
    await screenshot(en, 'list-en');
    await en.context().close();
  });

  test('the switch flips every label and is remembered', async () => {
    const page = await open({ locale: 'zh-CN' });
    assert.equal(await page.locator('th.col-status').innerText(), '状态');
    await page.click('#lang-toggle');
    assert.equal(await page.locator('th.col-status').innerText(), 'Status');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.match(await page.locator('#records-body .badge').first().innerText(), /Completed|Failed/);
    assert.equal(await page.locator('[data-kpi="total"]').evaluate((el) => el.closest('.kpi').querySelector('.kpi-label').textContent), 'Records');
    await page.reload();
    await page.locator('#records-body tr.row').first().waitFor();
    assert.equal(await page.locator('th.col-status').innerText(), 'Status');
    await page.click('#lang-toggle');
    assert.equal(await page.locator('th.col-status').innerText(), '状态');
    await page.context().close();
  });
});
