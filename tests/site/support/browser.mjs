// Debian's chromium driven by playwright-core, headless, and where screenshots go.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const artifacts = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../artifacts');

export async function launchBrowser() {
  if (!existsSync(chromiumPath)) {
    throw new Error(`${chromiumPath} is missing: run "bash tests/site/setup.sh" (apt-get install chromium) first`);
  }
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    throw new Error('playwright-core is missing: run "bash tests/site/setup.sh" (npm ci --prefix tests/site) first');
  }
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A page in a fresh context (own localStorage) with the given browser locale and viewport. */
export async function openPage(browser, { locale = 'zh-CN', viewport = { width: 1440, height: 1000 }, timezoneId = 'Asia/Shanghai', colorScheme = 'light' } = {}) {
  const context = await browser.newContext({ locale, viewport, timezoneId, colorScheme, acceptDownloads: true, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.errors = errors;
  return page;
}

/** Saves a PNG of a page or a locator to tests/site/artifacts/NAME.png. */
export async function screenshot(target, name, options = {}) {
  await mkdir(artifacts, { recursive: true });
  const file = path.join(artifacts, `${name}.png`);
  await target.screenshot({ path: file, ...options });
  return file;
}
