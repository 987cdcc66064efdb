// A phone-sized screen (390 px, and 360 and 430) never scrolls sideways, whatever the records hold:
// all from one day or spread over ninety, questions without spaces, long tags, long Chinese text.
// The varied records go in through POST /api/score/async and are scored by the offline metrics.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './support/server.mjs';
import { launchBrowser, openPage, screenshot } from './support/browser.mjs';
import { makeRecords, writeRecords } from './support/records.mjs';
import { assertFits } from './support/fit.mjs';

const PHONE = { width: 390, height: 844 };
const LONG_WORD = 'RetrievalAugmentedGenerationPipelineConfigurationIdentifier'.repeat(4);
const LONG_TAG_VALUE = `tenant_${'northwind-traders-emea-enterprise-'.repeat(6)}end`.slice(0, 250);
const LONG_ZH = '检索增强生成系统在企业知识库问答场景中如何降低幻觉并提升答案的可追溯性与可信度';

/** Score requests that are hard to lay out on a narrow screen, plus ordinary ones with a spread of scores. */
function variedRequests(metrics) {
  const requests = [
    {
      question: `What does ${LONG_WORD} mean?`, answer: `${LONG_WORD}is the internal name of the pipeline.`,
      contexts: [`${LONG_WORD} ${LONG_WORD}`], ground_truth: `It is the pipeline called ${LONG_WORD}.`,
      metadata: { app: 'docs-search', tenant_with_a_rather_long_tag_name_that_keeps_going_and_going: LONG_TAG_VALUE },
    },
    {
      question: `请详细说明：${LONG_ZH.repeat(4)}？`, answer: LONG_ZH.repeat(6), contexts: [LONG_ZH.repeat(10), LONG_ZH.repeat(3)],
      ground_truth: LONG_ZH.repeat(5), metadata: { 部门: '客户成功与售后服务中心华东区第三支持小组'.repeat(4), app: '人力资源助手' },
    },
    {
      question: `https://intranet.example.com/${'knowledge-base/'.repeat(20)}faq?id=42`, answer: 'See the linked page.',
      ground_truth: 'See the page.', metadata: Object.fromEntries(Array.from({ length: 14 }, (_, i) => [`tag${i}`, `value-${i}`])),
    },
    { question: 'A request without contexts, so one metric is skipped', answer: 'Skipped metrics show as chips too.', ground_truth: 'Skipped metrics are shown.', metadata: { app: 'helpdesk' } },
  ];
  const pairs = [
    ['What is the refund window?', 'Refunds are accepted within 30 days.', 'Refunds are accepted within 30 days of purchase.'],
    ['退货政策是多少天？', '30 天内可以退货。', '购买后 30 天内可以无理由退货。'],
    ['Which regions support GPT-4o?', 'East US 2 and Sweden Central.', 'GPT-4o is in East US 2, Sweden Central and Japan East.'],
    ['How are annual leave days counted?', 'By seniority.', 'Annual leave is counted by years of service, pro rata in the first year.'],
    ['年假怎么计算？', '按司龄。', '年假按司龄计算，入职满三个月后按比例享有。'],
    ['Does the API support idempotent retries?', 'Yes, with an Idempotency-Key header.', 'Yes: send an Idempotency-Key header.'],
  ];
  for (const [question, answer, truth] of pairs) requests.push({ question, answer, ground_truth: truth, contexts: [truth], metadata: { app: 'helpdesk', env: 'prod' } });
  return requests.map((r) => ({ ...r, metrics }));
}

async function seedThroughApi(server) {
  const catalog = (await server.get('/api/score/metrics')).body.metrics;
  const offline = catalog.filter((m) => !m.needs_judge && m.available).map((m) => m.name);
  assert.ok(offline.length >= 2, `offline metrics expected in ${catalog.map((m) => m.name).join(', ')}`);
  const ids = [];
  for (const request of variedRequests(offline)) ids.push((await server.post(request)).job_id);
  const deadline = Date.now() + 30000;
  for (const id of ids) {
    for (;;) {
      const { body } = await server.get(`/api/score/jobs/${id}`);
      if (body.status === 'completed' || body.status === 'failed') break;
      if (Date.now() > deadline) throw new Error(`job ${id} still ${body.status}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return ids;
}

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** Every chart drawn no wider than the box it sits in (they are redrawn after a resize). */
async function chartsSettled(page) {
  await page.waitForFunction(() => [...document.querySelectorAll('.overview .chart-body')]
    .every((body) => [...body.querySelectorAll('svg.chart')].every((svg) => Number(svg.getAttribute('width')) <= body.clientWidth)));
}

async function checkEveryView(page, { server, longId, label }) {
  await page.goto(server.url);
  await page.locator('#records-body tr.row:not(.row-skeleton)').first().waitFor();
  await page.locator('[data-kpi="total"]').waitFor();
  await page.locator('#chart-trend svg').waitFor();
  await chartsSettled(page);
  await assertFits(page, `${label}: overview and records`);
  assert.ok(await page.locator(`tr[data-job-id="${longId}"]`).count(), 'the long record is on the first page');
  await screenshot(page, `phone-fit-${label}`, { fullPage: true });

  for (const width of [360, 430]) {
    await page.setViewportSize({ width, height: PHONE.height });
    await chartsSettled(page);
    await assertFits(page, `${label}: overview and records at ${width} px`);
  }
  await page.setViewportSize(PHONE);
  await chartsSettled(page);

  await page.click('#filters-more');
  await page.locator('#filters-extra').waitFor();
  await page.fill('#f-tag', `tenant_with_a_rather_long_tag_name_that_keeps_going_and_going:${LONG_TAG_VALUE}`);
  await page.press('#f-tag', 'Enter');
  await page.waitForFunction((id) => {
    const rows = [...document.querySelectorAll('#records-body tr.row')];
    return document.querySelector('#records-table').getAttribute('aria-busy') === 'false' && rows.length === 1 && rows[0].dataset.jobId === id;
  }, longId);
  await assertFits(page, `${label}: filters open with a long tag`);
  await page.click('#f-clear');
  await page.click('#filters-more');

  await page.evaluate((id) => { location.hash = `#job=${id}`; }, longId);
  await page.locator('#detail .metric-card').first().waitFor();
  await page.waitForFunction(() => {
    const box = document.querySelector('#detail').getBoundingClientRect();
    return box.width > 0 && box.left >= 0 && box.right <= window.innerWidth;
  });
  await assertFits(page, `${label}: record detail`);
  await screenshot(page, `phone-fit-${label}-detail`);
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.querySelector('#detail').open);

  await page.click('#settings-open');
  await page.locator('#settings[open]').waitFor();
  await assertFits(page, `${label}: connection settings`);
  await page.keyboard.press('Escape');
  assert.deepEqual(page.errors, []);
}

for (const spread of ['one day', 'ninety days']) {
  describe(`phone, records from ${spread}`, () => {
    let server;
    let longId;
    before(async () => {
      server = await startServer(spread === 'one day' ? {} : { seed: (dir) => writeRecords(dir, makeRecords({ count: 150, days: 90, seed: 5 })) });
      [longId] = await seedThroughApi(server);
    });
    after(async () => { await server?.stop(); });

    for (const locale of ['en-US', 'zh-CN']) {
      test(`${locale}: no view scrolls sideways`, async () => {
        const page = await openPage(browser, { locale, viewport: PHONE });
        try {
          await checkEveryView(page, { server, longId, label: `${spread.replace(' ', '-')}-${locale}` });
        } finally {
          await page.context().close();
        }
      });
    }
  });
}
