// Drives Debian's Chromium (headless) against bibliotheca's /health/ui and prints what it saw as
// one JSON line; StatusPageBrowserIT starts the service and judges the output.
// usage: node status-page.mjs <base url> <token> <screenshot path>
import { chromium } from 'playwright-core';

const [base, token, shot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const result = {};
try {
  // an operator with a token
  const context = await browser.newContext({
    extraHTTPHeaders: { Authorization: 'Bearer ' + token },
    viewport: { width: 1100, height: 1400 },
  });
  const page = await context.newPage();
  const requests = [];
  const console = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => console.push(m.text()));
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation',
      (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
  });
  await page.goto(base + '/health/ui', { waitUntil: 'load' });
  result.title = await page.title();
  result.text = await page.locator('main').innerText();
  const first = Number(await page.locator('[data-cd]').first().getAttribute('data-cd'));
  // the countdown runs in the page: wait for it to move below the first reading
  await page.waitForFunction((n) => {
    const e = document.querySelector('[data-cd]');
    return e && Number(e.getAttribute('data-cd')) < n;
  }, first, { timeout: 15000 });
  const second = Number(await page.locator('[data-cd]').first().getAttribute('data-cd'));
  result.cooldowns = [first, second];
  // the page refreshes itself from the server
  const polled = await page.waitForRequest((r) => r.url().includes('format=json'),
    { timeout: 15000 });
  result.poll = polled.url();
  await page.waitForResponse((r) => r.url().includes('format=json'), { timeout: 15000 });
  result.textAfterPoll = await page.locator('main').innerText();
  await page.screenshot({ path: shot, fullPage: true });
  result.requests = requests;
  result.violations = await page.evaluate(() => window.__violations);
  result.console = console;
  // anyone else
  const stranger = await browser.newContext();
  const other = await stranger.newPage();
  await other.goto(base + '/health/ui', { waitUntil: 'load' });
  result.strangerText = await other.locator('main').innerText();
  result.strangerHtml = await other.content();
} catch (e) {
  result.error = String(e && e.stack || e);
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(result) + '\n');
