// The records page as a Dify user meets it, in Chinese and English: contexts as documents (old records' Python
// dict text too), offline reasons rendered from their codes, translated badges, the embedding model, prompt
// versions as a list, a connection badge honest about 401 and 503, cancelled in the status filter, and a
// source filter (live calls by default, dataset runs on request) that the overview follows. Also no sideways
// scroll at 390 px, and screenshots at 1366 and 390 px in both languages.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './support/server.mjs';
import { startRecordingServer } from './support/recording-server.mjs';
import { launchBrowser, openPage, screenshot } from './support/browser.mjs';
import { assertFits } from './support/fit.mjs';
import { record, writeRecords } from './support/records.mjs';
import { submitRun, waitForRun } from './support/runs.mjs';

const TOKEN = 'dify-page-token';
const now = Date.now();
const ago = (minutes) => new Date(now - minutes * 60000);

const documented = record({ created: ago(30), question: '退货政策是多少天？', answer: '30 天内可以退货。', metrics: ['faithfulness', 'answer_relevancy'], scores: { faithfulness: 0.9, answer_relevancy: 0.8 } });
documented.details.answer_relevancy.model = 'gpt-4o-mini + text-embedding-3-small';
documented.prompt_version = 'answer_relevancy/v2,faithfulness/v1,rubric:helpfulness_for_support_agents/0123456789ab';

const difyText = "[{'metadata': {'_source': 'knowledge', 'dataset_id': 'ds-7f3a', 'document_name': 'returns.md', 'score': 0.91, 'doc_metadata': None}, 'title': 'returns.md', 'content': 'Refunds are accepted within 30 days of purchase.'}, "
  + "{'metadata': {'_source': 'knowledge', 'dataset_id': 'ds-7f3a', 'document_name': 'shipping.md', 'score': 0.42}, 'title': 'shipping.md', 'content': 'Orders ship in 3 days; it\\'s free over $50.'}]";
const legacy = record({ created: ago(40), question: 'What is the refund window?', answer: '30 days.', metrics: ['faithfulness'], scores: { faithfulness: 0.7 }, contexts: [difyText] });
const cancelled = record({ created: ago(50), question: 'Cancelled one?', answer: 'n/a', metrics: ['token_f1'], scores: { token_f1: null }, status: 'cancelled' });

let server;
let locked;
let down;
let browser;
let live = [];
let runJobIds = [];
let runId;

async function waitForJob(id) {
  for (let i = 0; i < 400; i++) {
    const { body } = await server.get(`/api/score/jobs/${id}`);
    if (['completed', 'failed'].includes(body.status)) return body;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`job ${id} did not finish`);
}

before(async () => {
  [server, locked, down, browser] = await Promise.all([
    startServer({ seed: (dir) => writeRecords(dir, [documented, legacy, cancelled]) }),
    startServer({ env: { ScoreJobs__ApiToken: TOKEN } }),
    startRecordingServer({ status: 503 }),
    launchBrowser(),
  ]);
  const offline = ['token_f1', 'rouge_l', 'exact_match', 'bleu', 'string_similarity'];
  for (const [question, answer, truth] of [['How long is the refund window?', 'Refunds within thirty days of purchase.', 'Refunds are accepted within 30 days of purchase.'], ['年假怎么计算？', '年假按司龄计算。', '年假按司龄计算，入职满三个月后按比例享有。']]) {
    const accepted = await server.post({ question, answer, ground_truth: truth, metrics: offline });
    live.push(await waitForJob(accepted.job_id));
  }
  const run = await submitRun(server, [1, 2, 3].map((i) => ({ id: `s${i}`, question: `Run question ${i}?`, answer: 'Retrieval-augmented generation.', ground_truth: 'Retrieval-augmented generation.' })), { name: 'nightly', metrics: ['token_f1'] });
  await waitForRun(server, run.run_id);
  runId = run.run_id;
  runJobIds = (await server.get(`/api/score/jobs?run_id=${run.run_id}`)).body.jobs.map((j) => j.job_id);
  assert.equal(runJobIds.length, 3);
});

after(async () => {
  await browser?.close();
  await Promise.all([server?.stop(), locked?.stop(), down?.stop()]);
});

const LANGS = [
  { locale: 'zh-CN', lang: 'zh' },
  { locale: 'en-US', lang: 'en' },
];

const liveIds = () => [...live.map((j) => j.job_id), documented.job_id, legacy.job_id, cancelled.job_id].sort();

async function open(options, hash = '', query = '') {
  const page = await openPage(browser, options);
  await page.goto(`${server.url}/${query}${hash}`);
  await page.locator('#records-body tr.row:not(.row-skeleton)').first().waitFor();
  return page;
}

async function rowIds(page, want) {
  await page.waitForFunction((n) => document.querySelector('#records-table').getAttribute('aria-busy') !== 'true'
    && document.querySelectorAll('#records-body tr.row:not(.row-skeleton)').length === n, want.length, { timeout: 20000 }).catch(() => {});
  return (await page.locator('#records-body tr.row').evaluateAll((rows) => rows.map((r) => r.dataset.jobId))).sort();
}

async function kpiTotal(page, n) {
  await page.waitForFunction((want) => document.querySelector('[data-kpi="total"]')?.textContent === want, String(n), { timeout: 20000 }).catch(() => {});
  return page.locator('[data-kpi="total"]').innerText();
}

async function openDetail(page, jobId) {
  await page.evaluate((id) => { location.hash = `#job=${id}`; }, jobId);
  await page.locator(`#detail[open] .metric-card`).first().waitFor();
  await page.waitForFunction((id) => document.querySelector('#detail-sub code')?.textContent === id, jobId);
}

const fact = (page, label) => page.locator('#detail .fact', { has: page.locator('dt', { hasText: label }) }).locator('dd');

describe('the detail for a Dify user', () => {
  for (const { locale, lang } of LANGS) {
    test(`contexts read as documents with their titles, metadata folded away (${lang})`, async () => {
      const page = await open({ locale }, `#job=${legacy.job_id}`);
      await page.locator('#detail[open] .contexts li').first().waitFor();
      assert.equal(await page.locator('#detail .contexts > li').count(), 2);
      assert.deepEqual(await page.locator('#detail .context-title').allInnerTexts(), ['returns.md', 'shipping.md']);
      assert.deepEqual(await page.locator('#detail .contexts > li > details > .prose').allInnerTexts(),
        ['Refunds are accepted within 30 days of purchase.', "Orders ship in 3 days; it's free over $50."]);
      assert.equal(await page.locator('#detail .context-meta').first().evaluate((d) => d.open), false);
      assert.equal(await page.locator('#detail .context-meta summary').first().innerText(), lang === 'zh' ? '元数据' : 'Metadata');
      assert.ok(!(await page.locator('#detail .contexts').innerText()).includes("'metadata'"), 'no dict text on show');
      assert.match(await page.locator('#d-contexts').innerText(), /\(2\)|（2）/);
      await page.locator('#detail .context-meta summary').first().click();
      assert.match(await page.locator('#detail .context-meta pre').first().innerText(), /"dataset_id": "ds-7f3a"/);
      assert.deepEqual(page.errors, []);
      await page.context().close();
    });

    test(`the embedding model used and the prompt versions as a list (${lang})`, async () => {
      const page = await open({ locale }, `#job=${documented.job_id}`);
      await page.locator('#detail[open] .metric-card').first().waitFor();
      assert.equal(await fact(page, lang === 'zh' ? '嵌入模型' : 'Embedding model').innerText(), 'text-embedding-3-small');
      assert.equal(await fact(page, lang === 'zh' ? '评审模型' : 'Judge model').innerText(), 'gpt-4o-mini');
      const versions = page.locator('#detail .prompt-versions li');
      assert.deepEqual(await versions.allInnerTexts(), documented.prompt_version.split(','));
      const lines = await versions.locator('code').evaluateAll((codes) => codes.map((c) => new Set([...c.getClientRects()].map((r) => Math.round(r.top))).size));
      assert.deepEqual(lines, [1, 1, 1], 'a version is never broken across lines');
      await page.context().close();
    });

    test(`offline reasons are rendered from their codes in the page's language (${lang})`, async () => {
      const job = live[0];
      const page = await open({ locale }, `#job=${job.job_id}`);
      await page.locator('#detail[open] .metric-card[data-metric="token_f1"]').waitFor();
      for (const [metric, d] of Object.entries(job.details)) {
        assert.ok(d.reason_code, `${metric} has a reason code`);
        const shown = await page.locator(`#detail .metric-card[data-metric="${metric}"] .metric-reason`).innerText();
        if (lang === 'en') assert.equal(shown, d.reason, `${metric}: the English rendering of the code says what the server said`);
        else assert.match(shown, /[\u4e00-\u9fff]/, `${metric}: "${shown}" is Chinese`);
      }
      // A run's worst samples say their reasons the same way.
      await page.keyboard.press('Escape');
      await page.goto(`${server.url}/#run=${runId}`);
      const why = page.locator('#run-worst .worst-why').first();
      await why.waitFor().catch(async (e) => {
        throw new Error(`${e.message}\nurl ${page.url()}\n#run-worst: ${await page.locator('#run-worst').innerHTML().catch(() => '?')}\nrun view hidden: ${await page.locator('#run-view').getAttribute('hidden')}\nerrors: ${JSON.stringify(page.errors)}`);
      });
      const runJob = (await server.get(`/api/score/jobs/${runJobIds[0]}`)).body;
      if (lang === 'en') assert.equal(await why.innerText(), runJob.details.token_f1.reason);
      else assert.match(await why.innerText(), /^参考答案的 \d+ 个词元中有 \d+ 个出现在答案中/);
      await page.context().close();
    });
  }
});

describe('the overview and the filters', () => {
  for (const { locale, lang } of LANGS) {
    test(`live calls by default; dataset runs and all on request, the overview following (${lang})`, async () => {
      const page = await open({ locale });
      const labels = await page.locator('#f-source label').allInnerTexts();
      assert.deepEqual(labels, lang === 'zh' ? ['实时调用', '数据集运行', '全部来源'] : ['Live calls', 'Dataset runs', 'All sources']);
      assert.equal(await page.locator('#f-source input[value="live"]').isChecked(), true);
      assert.deepEqual(await rowIds(page, liveIds()), liveIds());
      assert.equal(await kpiTotal(page, liveIds().length), String(liveIds().length));

      await page.locator('#f-source label', { hasText: lang === 'zh' ? '数据集运行' : 'Dataset runs' }).click();
      assert.deepEqual(await rowIds(page, runJobIds), [...runJobIds].sort());
      assert.equal(await kpiTotal(page, 3), '3');
      assert.match(page.url(), /[?&]source=run/);

      await page.locator('#f-source label', { hasText: lang === 'zh' ? '全部来源' : 'All sources' }).click();
      assert.equal(await kpiTotal(page, liveIds().length + 3), String(liveIds().length + 3));
      await page.reload();
      await page.locator('#records-body tr.row:not(.row-skeleton)').first().waitFor();
      assert.equal(await page.locator('#f-source input[value="all"]').isChecked(), true, 'the choice is kept in the address');
      assert.deepEqual(page.errors, []);
      await page.context().close();
    });

    test(`cancelled is in the status filter (${lang})`, async () => {
      const page = await open({ locale });
      const label = page.locator('#f-status label', { hasText: lang === 'zh' ? '已取消' : 'Cancelled' });
      await label.click();
      assert.deepEqual(await rowIds(page, [cancelled.job_id]), [cancelled.job_id]);
      assert.match(page.url(), /[?&]status=cancelled/);
      await page.context().close();
    });
  }
});

describe('the connection badge', () => {
  for (const { locale, lang } of LANGS) {
    test(`green with the storage in words; red on 401; amber on 503 (${lang})`, async () => {
      const page = await open({ locale, viewport: { width: 1366, height: 900 } });
      await page.locator('#health.health-up').waitFor();
      assert.match(await page.locator('#health').innerText(), lang === 'zh' ? /已连接.*本地文件夹/s : /Connected.*local folder/s);
      await page.context().close();

      const refused = await openPage(browser, { locale, viewport: { width: 1366, height: 900 } });
      await refused.goto(locked.url);
      await refused.locator('#health.health-down').waitFor();
      assert.equal(await refused.locator('#health').innerText(), lang === 'zh' ? '密钥被拒绝（401）' : 'Key refused (401)');
      await refused.context().close();

      const unavailable = await openPage(browser, { locale, viewport: { width: 1366, height: 900 } });
      await unavailable.goto(`${server.url}/?api=${encodeURIComponent(down.url)}`);
      await unavailable.locator('#health.health-warn').waitFor();
      assert.equal(await unavailable.locator('#health').innerText(), lang === 'zh' ? '服务暂不可用（503）' : 'Unavailable (503)');
      await unavailable.context().close();
    });
  }
});

describe('screens', () => {
  for (const { locale, lang } of LANGS) {
    for (const width of [1366, 390]) {
      test(`overview with the source filter and the detail fit ${width} px (${lang})`, async () => {
        const page = await open({ locale, viewport: { width, height: width > 500 ? 900 : 844 } }, '', '?source=all');
        await page.locator('[data-kpi="total"]').waitFor();
        await kpiTotal(page, liveIds().length + 3);
        await page.waitForTimeout(300);
        await assertFits(page, `${lang} ${width}: overview`);
        await screenshot(page, `dify-overview-${lang}-${width}`, { fullPage: width < 500 });
        await screenshot(page.locator('#filters'), `dify-filters-${lang}-${width}`);
        for (const [name, id] of [['documents', legacy.job_id], ['models', documented.job_id], ['reasons', live[1].job_id]]) {
          await openDetail(page, id);
          await page.waitForFunction(() => {
            const box = document.querySelector('#detail').getBoundingClientRect();
            return box.width > 0 && box.left >= 0 && box.right <= window.innerWidth;
          }, null, { timeout: 10000 });
          await assertFits(page, `${lang} ${width}: detail ${name}`);
          if (name === 'documents') await page.locator('#d-contexts').evaluate((el) => el.scrollIntoView({ block: 'start' }));
          await screenshot(page, `dify-detail-${name}-${lang}-${width}`);
          await page.keyboard.press('Escape');
          // Closing goes back in history; the next record is opened once that has landed.
          await page.waitForFunction(() => !document.querySelector('#detail').open && !location.hash.includes('job='));
        }
        await page.context().close();
      });
    }
  }
});
