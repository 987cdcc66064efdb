// A saved key is bound to the origin it was saved for: a link with ?api= to another origin (here a recording
// server on another loopback port, standing in for a hostile site) gets no key, the page says so and offers to
// connect explicitly, and the key still goes to its own origin. Settings saved before keys were bound migrate.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './support/server.mjs';
import { startRecordingServer } from './support/recording-server.mjs';
import { launchBrowser, openPage, screenshot } from './support/browser.mjs';
import { assertFits } from './support/fit.mjs';
import { makeRecords, writeRecords } from './support/records.mjs';

const TOKEN = 'origin-bound-token-3b7f';
const records = makeRecords({ count: 5, days: 2, seed: 11 });
let own;
let hostile;
let browser;

before(async () => {
  [own, hostile, browser] = await Promise.all([
    startServer({ seed: (dir) => writeRecords(dir, records), env: { ScoreJobs__ApiToken: TOKEN } }),
    startRecordingServer(),
    launchBrowser(),
  ]);
});

after(async () => {
  await browser?.close();
  await Promise.all([own?.stop(), hostile?.stop()]);
});

async function pageWithSaved(saved, locale = 'en-US') {
  const page = await openPage(browser, { locale });
  await page.addInitScript((value) => localStorage.setItem('scorejobs.settings', JSON.stringify(value)), saved);
  return page;
}

/** Every header of every request the hostile origin saw that carries the key or asks leave to. */
function leaks() {
  return hostile.requests.filter((r) => Object.entries(r.headers).some(([name, value]) =>
    name === 'authorization' || name === 'x-functions-key' || String(value).includes(TOKEN)
    || (name === 'access-control-request-headers' && /authorization|x-functions-key/i.test(value))));
}

async function openAtHostile(page) {
  const before = hostile.requests.length;
  await page.goto(`${own.url}/?api=${encodeURIComponent(hostile.url)}`);
  await page.locator('#key-notice:not([hidden])').waitFor();
  await page.waitForFunction(() => document.querySelector('#state .state-title') || document.querySelector('#records-body tr.row:not(.row-skeleton)'));
  await page.waitForFunction(() => !document.querySelector('#health').hidden);
  assert.ok(hostile.requests.slice(before).some((r) => r.url.startsWith('/api/score/jobs')), 'the page did read the other origin');
}

describe('a saved key stays with its origin', () => {
  for (const keyKind of ['bearer', 'functions']) {
    test(`?api= to another origin sends no ${keyKind} key and says why (English)`, async () => {
      const page = await pageWithSaved({ apiBase: '', keyKind, key: TOKEN, keyOrigin: own.url });
      await openAtHostile(page);
      assert.deepEqual(leaks(), []);
      const notice = await page.locator('#key-notice').innerText();
      assert.ok(notice.includes(hostile.url) && notice.includes(own.url), notice);
      assert.match(notice, /was not sent/);
      assert.deepEqual(page.errors, []);
      await page.context().close();
    });
  }

  test('the notice offers to connect explicitly, in the settings dialog (Chinese)', async () => {
    const page = await pageWithSaved({ apiBase: '', keyKind: 'bearer', key: TOKEN, keyOrigin: own.url }, 'zh-CN');
    await openAtHostile(page);
    assert.match(await page.locator('#key-notice').innerText(), /没有发送给它/);
    await page.locator('#key-notice button', { hasText: '明确连接' }).click();
    await page.locator('#settings[open]').waitFor();
    const override = await page.locator('#settings-override').innerText();
    assert.ok(override.includes(hostile.url) && override.includes('没有发送密钥'), override);
    assert.equal(await page.inputValue('#s-base'), '', 'the form still shows what is saved');
    await page.click('#settings-connect');
    assert.equal(await page.inputValue('#s-base'), hostile.url);
    assert.equal(await page.inputValue('#s-key'), '');
    assert.equal(await page.locator('#settings input[name="keyKind"][value="none"]').isChecked(), true);
    await page.click('#settings-test');
    await page.locator('#settings-result.ok').waitFor();
    assert.deepEqual(leaks(), [], 'testing the other API sends no key either');
    await page.context().close();
  });

  for (const locale of ['zh-CN', 'en-US']) {
    test(`the notice fits a 390 px phone (${locale})`, async () => {
      const page = await openPage(browser, { locale, viewport: { width: 390, height: 844 } });
      await page.addInitScript((value) => localStorage.setItem('scorejobs.settings', JSON.stringify(value)), { apiBase: '', keyKind: 'bearer', key: TOKEN, keyOrigin: own.url });
      await openAtHostile(page);
      await assertFits(page, `${locale}: key notice`);
      await screenshot(page, `key-notice-${locale}-390`);
      await page.locator('#key-notice button').click();
      await page.locator('#settings[open]').waitFor();
      await assertFits(page, `${locale}: settings with the notice`);
      assert.deepEqual(leaks(), []);
      await page.context().close();
    });
  }

  test('pointing the settings form at another origin empties the saved key from it', async () => {
    const page = await pageWithSaved({ apiBase: '', keyKind: 'bearer', key: TOKEN, keyOrigin: own.url });
    await page.goto(own.url);
    await page.locator('#records-body tr.row:not(.row-skeleton)').first().waitFor();
    await page.click('#settings-open');
    assert.equal(await page.inputValue('#s-key'), TOKEN);
    await page.fill('#s-base', `${own.url}/api`);
    assert.equal(await page.inputValue('#s-key'), TOKEN, 'the same origin keeps it');
    await page.fill('#s-base', hostile.url);
    assert.equal(await page.inputValue('#s-key'), '');
    await page.click('#settings-test');
    await page.locator('#settings-result.ok').waitFor();
    assert.deepEqual(leaks(), []);
    await page.context().close();
  });

  test('the key still goes to the origin it was saved for', async () => {
    const page = await pageWithSaved({ apiBase: own.url, keyKind: 'bearer', key: TOKEN, keyOrigin: own.url });
    await page.goto(`${own.url}/?api=${encodeURIComponent(`${own.url}/api/`)}`);
    await page.locator('#records-body tr.row:not(.row-skeleton)').first().waitFor();
    assert.equal(await page.locator('#records-body tr.row').count(), records.length);
    assert.equal(await page.locator('#key-notice').isHidden(), true);
    await page.context().close();
  });

  test('a setting saved before keys were bound keeps its key for its own base only', async () => {
    const legacy = { apiBase: '', keyKind: 'bearer', key: TOKEN };
    const away = await pageWithSaved(legacy);
    await openAtHostile(away);
    assert.deepEqual(leaks(), []);
    await away.context().close();

    const home = await pageWithSaved(legacy);
    await home.goto(own.url);
    await home.locator('#records-body tr.row:not(.row-skeleton)').first().waitFor();
    assert.equal(await home.locator('#records-body tr.row').count(), records.length);
    await home.context().close();

    const explicit = await pageWithSaved({ apiBase: `${own.url}/api`, keyKind: 'bearer', key: TOKEN });
    await explicit.goto(`${own.url}/?api=${encodeURIComponent(hostile.url)}`);
    await explicit.locator('#key-notice:not([hidden])').waitFor();
    assert.deepEqual(leaks(), []);
    await explicit.goto(own.url);
    await explicit.locator('#records-body tr.row:not(.row-skeleton)').first().waitFor();
    await explicit.context().close();
  });
});
