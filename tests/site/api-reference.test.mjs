// The interactive API reference at /docs on the real server, in a browser that can reach nothing but the server:
// every script, style and font it needs comes from the server, and it renders the operations of /api/openapi.json.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openPage, screenshot } from './support/browser.mjs';
import { startServer } from './support/server.mjs';

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

test('/docs renders every operation with no internet: nothing is fetched from outside the server', async () => {
  const page = await openPage(browser, { locale: 'en-US' });
  const outside = [];
  await page.context().route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(server.url) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    outside.push(url);
    return route.abort('internetdisconnected');
  });

  await page.goto(`${server.url}/docs`);
  await page.getByText('Submit a score job · 提交异步评分任务').first().waitFor({ timeout: 30000 });

  await screenshot(page, 'api-reference');
  const document = await (await fetch(`${server.url}/api/openapi.json`)).json();
  // Only the first tag starts open in the sidebar; open the others.
  for (const tag of document.tags.slice(1)) await page.getByText(tag.name, { exact: true }).first().click();
  const summaries = Object.values(document.paths).flatMap((path) => Object.values(path).map((op) => op.summary));
  const text = await page.locator('body').innerText();
  for (const summary of summaries) assert.ok(text.includes(summary), `the reference shows "${summary}"`);
  assert.deepEqual(outside, [], 'the reference asked for nothing outside the server');
  assert.deepEqual(page.errors, [], 'no script errors');
});
