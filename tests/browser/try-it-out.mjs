// Swagger UI as a new user meets it: for every operation on /docs/, "Try it out" with the values it
// prefills, then "Execute". Prints, as JSON on stdout, each operation's method, path, the URL the UI
// sent and the status it showed. It judges nothing; tests/api/browser/swagger.rs asserts.
//
// Usage: node try-it-out.mjs '{"chromium": "...", "app": "http://127.0.0.1:port"}'
import { chromium } from 'playwright-core';
import { FLAGS } from './flags.mjs';

const config = JSON.parse(process.argv[2] ?? '{}');
const TIMEOUT = 20_000;

const browser = await chromium.launch({ executablePath: config.chromium, args: FLAGS });
const results = [];
try {
  const page = await browser.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const consoleErrors = [];
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(`${config.app}/docs/`, { waitUntil: 'networkidle' });
  await page.locator('.opblock').first().waitFor();
  const blocks = await page.locator('.opblock').all();
  for (const block of blocks) {
    const method = (await block.locator('.opblock-summary-method').first().textContent()).trim();
    const path = await block.locator('.opblock-summary-path').first().getAttribute('data-path');
    const entry = { method, path };
    try {
      await block.locator('.opblock-summary-control').first().click();
      await block.locator('button.try-out__btn').click();
      await block.locator('button.execute').click();
      const status = block.locator('.live-responses-table tr.response .response-col_status').first();
      await status.waitFor();
      entry.status = (await status.textContent()).trim();
      entry.url = ((await block.locator('.request-url pre').first().textContent().catch(() => '')) ?? '').trim();
      await block.locator('.opblock-summary-control').first().click();
    } catch (e) {
      entry.error = String(e).split('\n')[0];
    }
    results.push(entry);
  }
  process.stdout.write(JSON.stringify({ operations: results, pageErrors: consoleErrors }));
} finally {
  await browser.close();
}
