// Empty, unreachable and key-protected APIs, and a phone-sized screen.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort, startServer } from './support/server.mjs';
import { launchBrowser, openPage, screenshot } from './support/browser.mjs';
import { makeRecords, newestFirst, writeRecords } from './support/records.mjs';

const TOKEN = 'site-test-token';
const records = makeRecords({ count: 12, days: 5, seed: 7 });
let empty;
let protectedServer;
let browser;

before(async () => {
  [empty, protectedServer, browser] = await Promise.all([
    startServer(),
    startServer({ seed: (dir) => writeRecords(dir, records), env: { ScoreJobs__ApiToken: TOKEN } }),
    launchBrowser(),
  ]);
});

after(async () => {
  await browser?.close();
  await Promise.all([empty?.stop(), protectedServer?.stop()]);
});

test('an empty store says how to add the first record', async () => {
  const page = await openPage(browser, { locale: 'en-US' });
  await page.goto(empty.url);
  await page.locator('#state .state-title').waitFor();
  assert.equal(await page.locator('#state .state-title').innerText(), 'No score records yet');
  const example = await page.locator('#state pre').innerText();
  assert.ok(example.includes(`${empty.url}/api/score/async`), example);
  assert.equal(await page.locator('#pager').isHidden(), true);
  assert.equal(await page.locator('[data-kpi="total"]').innerText(), '0');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('an unreachable API says what to check and offers settings', async () => {
  const port = await freePort();
  const dead = `http://127.0.0.1:${port}`;
  const page = await openPage(browser, { locale: 'zh-CN' });
  await page.goto(`${empty.url}/?api=${encodeURIComponent(dead)}`);
  const alert = page.locator('#state [role="alert"]');
  await alert.waitFor();
  const text = await alert.innerText();
  assert.ok(text.includes(dead), text);
  assert.ok(text.includes('连接设置'), text);
  // The badge follows its own call to the API, which may end after the page's: wait for it rather than race it.
  await page.locator('#health.health-down').waitFor();
  assert.equal(await page.locator('#health').innerText(), '无法连接');
  await screenshot(page, 'error-unreachable');
  await page.locator('#state button', { hasText: '打开连接设置' }).click();
  assert.equal(await page.locator('#settings').evaluate((d) => d.open), true);
  assert.ok((await page.locator('#settings-override').innerText()).includes(dead));
  await page.context().close();
});

test('a key-protected API asks for the key, and the settings panel supplies it', async () => {
  const page = await openPage(browser, { locale: 'en-US' });
  await page.goto(protectedServer.url);
  const alert = page.locator('#state [role="alert"]');
  await alert.waitFor();
  assert.match(await alert.innerText(), /refused the request \(401\).*bearer token/);

  await page.locator('#state button', { hasText: 'Open connection settings' }).click();
  await page.check('#settings input[name="keyKind"][value="bearer"]');
  await page.fill('#s-key', 'wrong');
  await page.click('#settings-test');
  await page.locator('#settings-result.bad').waitFor();
  await page.fill('#s-key', TOKEN);
  await page.click('#settings-test');
  await page.locator('#settings-result.ok').waitFor();
  assert.match(await page.locator('#settings-result').innerText(), /storage local folder.*needs a key/);
  await Promise.all([page.waitForNavigation(), page.click('#settings-save')]);

  const ids = newestFirst(records).map((r) => r.job_id);
  await page.waitForFunction((n) => document.querySelectorAll('#records-body tr.row:not(.row-skeleton)').length === n, ids.length);
  assert.deepEqual(await page.locator('#records-body tr.row').evaluateAll((rows) => rows.map((r) => r.dataset.jobId)), ids);
  const saved = JSON.parse(await page.evaluate(() => localStorage.getItem('scorejobs.settings')));
  assert.deepEqual(saved, { apiBase: '', keyKind: 'bearer', key: TOKEN, keyOrigin: protectedServer.url });
  const html = await (await fetch(`${protectedServer.url}/`)).text();
  assert.ok(!html.includes(TOKEN));
  await page.context().close();
});

test('a phone-sized screen shows records as cards without sideways scrolling', async () => {
  const page = await openPage(browser, { locale: 'zh-CN', viewport: { width: 375, height: 812 } });
  await page.addInitScript((token) => localStorage.setItem('scorejobs.settings', JSON.stringify({ apiBase: '', keyKind: 'bearer', key: token })), TOKEN);
  await page.goto(protectedServer.url);
  await page.locator('#records-body tr.row:not(.row-skeleton)').first().waitFor();
  await page.locator('[data-kpi="total"]').waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 375);
  assert.equal(await page.locator('#records-table thead').evaluate((el) => el.getBoundingClientRect().height <= 1), true);
  const row = page.locator('#records-body tr.row').first();
  assert.equal(await row.evaluate((el) => getComputedStyle(el).display), 'grid');
  assert.ok((await row.boundingBox()).width <= 375);
  assert.equal(await page.locator('#filters-extra').isHidden(), true);
  await page.click('#filters-more');
  assert.equal(await page.locator('#filters-extra').isVisible(), true);
  await page.click('#filters-more');
  await screenshot(page, 'phone');
  await page.locator('#records').scrollIntoViewIfNeeded();
  await page.evaluate(() => document.querySelector('#records').scrollIntoView());
  await screenshot(page, 'phone-records');
  await row.locator('.row-link').click();
  await page.locator('#detail .metric-card').first().waitFor();
  // The drawer slides in; once it has settled it must fit the screen.
  await page.waitForFunction(() => {
    const box = document.querySelector('#detail').getBoundingClientRect();
    return box.width > 0 && box.left >= 0 && box.right <= 375;
  }, null, { timeout: 10_000 });
  await screenshot(page, 'phone-detail');
  await page.context().close();
});
