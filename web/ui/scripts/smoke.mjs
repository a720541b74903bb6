// A browser smoke test of the built UI against the mock server: it starts the
// mock (under a URL prefix, with and without websockets), drives the page in
// headless Chromium through a whole test, and fails on the first broken step.
// Needs a build (npm run build) and Chromium (apt-get install chromium).
//
//   node scripts/smoke.mjs [--chromium /usr/bin/chromium]
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const chromiumPath = process.argv.includes('--chromium') ? process.argv[process.argv.indexOf('--chromium') + 1] : '/usr/bin/chromium';

async function freePort() {
  const srv = createServer().listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const { port } = srv.address();
  srv.close();
  return port;
}

async function startMock(extra) {
  const port = await freePort();
  const child = spawn(process.execPath, [join(here, '..', 'mock', 'server.mjs'), '--port', String(port), ...extra], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => String(d).includes('mock gust API') && resolve());
    child.on('exit', (code) => reject(new Error(`mock exited with ${code}`)));
  });
  return { port, stop: () => child.kill() };
}

let step = '';
const check = (cond, what) => {
  if (!cond) throw new Error(`${step}: ${what}`);
};
const text = (page, sel) => page.locator(sel).innerText();

async function scenario(browser, name, mockArgs, fn) {
  const mock = await startMock(mockArgs);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await fn(page, `http://127.0.0.1:${mock.port}`);
    check(errors.length === 0, `page errors: ${errors.join('; ')}`);
    console.log(`ok   ${name}`);
    return true;
  } catch (err) {
    console.log(`FAIL ${name}: ${err.message}`);
    await page.screenshot({ path: `/tmp/gust-smoke-${name.replace(/\W+/g, '-')}.png`, fullPage: true }).catch(() => {});
    return false;
  } finally {
    await context.close();
    mock.stop();
  }
}

const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  chromiumSandbox: false,
  args: ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
});
const killer = setTimeout(() => {
  console.log('FAIL smoke test timed out');
  process.exit(1);
}, 180_000);

const results = [];
results.push(
  await scenario(browser, 'full test under /locust with the class picker', ['--base', '/locust', '--picker', '--names', '8'], async (page, origin) => {
    step = 'load without trailing slash';
    await page.goto(`${origin}/locust`);
    check(page.url() === `${origin}/locust/`, `redirected to ${page.url()}`);
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
    check(await page.isVisible('#start-form'), 'start form hidden in ready state');
    check((await text(page, '#connection')) === 'live', 'connection not live');
    check((await page.inputValue('#user-count-input')) === '50', 'users not prefilled from ui-config');

    step = 'class picker';
    check((await page.locator('#user-class-list input').count()) === 3, 'class checkboxes missing');
    await page.uncheck('#select-all-classes');
    await page.click('#start-button');
    await page.waitForSelector('#start-error:not([hidden])');
    check((await text(page, '#start-error')).includes('at least one'), 'no class error');
    await page.check('[data-testid="user-class-ApiUser"]');

    step = 'start';
    await page.fill('#user-count-input', '6');
    await page.fill('#spawn-rate-input', '3');
    await page.click('#start-button');
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'running');
    check(await page.isHidden('#start-panel'), 'start form still shown');
    await page.waitForFunction(() => document.getElementById('user-count')?.textContent === '6');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="stats-row"]:not([data-aggregated])').length > 0);
    const last = page.locator('[data-testid="stats-row"]').last();
    check((await last.getAttribute('data-name')) === 'Aggregated', 'Aggregated row is not last');
    const first = page.locator('[data-testid="stats-row"]').first();
    check(((await first.getAttribute('data-method')) ?? '') !== '', 'row without data-method');

    step = 'sort';
    await page.click('[data-testid="stats-header-num_requests"]');
    const counts = await page.$$eval('[data-testid="stats-row"]:not([data-aggregated]) [data-col="num_requests"]', (tds) => tds.map((t) => Number(t.textContent)));
    check(counts.every((c, i) => i === 0 || c >= counts[i - 1]), `not ascending: ${counts}`);

    step = 'edit';
    await page.click('#edit-button');
    check(await page.isVisible('#edit-form'), 'edit form hidden');
    check((await page.inputValue('#edit-user-count-input')) === '6', 'edit form not prefilled with the last users');
    await page.fill('#edit-user-count-input', '2');
    await page.click('#edit-submit');
    await page.waitForSelector('#edit-panel', { state: 'hidden' });

    step = 'charts';
    await page.click('#tab-charts');
    for (const id of ['chart-rps', 'chart-response-times', 'chart-users']) {
      await page.waitForSelector(`[data-testid="${id}"] canvas`);
    }

    step = 'tabs';
    for (const tab of ['failures', 'exceptions', 'ratios', 'downloads', 'logs']) {
      await page.click(`[data-testid="tab-${tab}"]`);
      check(await page.isVisible(`#panel-${tab}`), `${tab} panel hidden`);
    }
    await page.waitForSelector('[data-testid="logs-master"]');
    const href = await page.getAttribute('[data-testid="download-requests-csv"]', 'href');
    const resolved = await page.$eval('[data-testid="download-requests-csv"]', (a) => a.href);
    check(href === './stats/requests/csv' && resolved === `${origin}/locust/stats/requests/csv`, `download link ${resolved}`);

    step = 'stop and new test';
    await page.click('#stop-button');
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'stopped');
    check(await page.isVisible('#new-test-button'), 'New test button hidden');
    check(await page.isHidden('#start-panel'), 'start form shown before New test');
    await page.click('#new-test-button');
    check(await page.isVisible('#start-form'), 'New test did not open the form');
    await page.click('#reset-button');

    step = 'theme';
    const before = await page.getAttribute('html', 'data-theme');
    await page.click('#theme-toggle');
    const after = await page.getAttribute('html', 'data-theme');
    check(before !== after, 'theme did not change');
    await page.reload();
    check((await page.getAttribute('html', 'data-theme')) === after, 'theme not remembered');
  }),
);

results.push(
  await scenario(browser, 'polling fallback without websocket', ['--no-ws'], async (page, origin) => {
    step = 'load';
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => document.getElementById('connection')?.textContent?.includes('polling'));
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
    step = 'start while polling';
    await page.fill('#user-count-input', '4');
    await page.fill('#spawn-rate-input', '4');
    await page.click('#start-button');
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'running');
    await page.waitForFunction(() => Number(document.getElementById('user-count')?.textContent) === 4);
  }),
);

results.push(
  await scenario(browser, 'shape hides the common options', ['--shape'], async (page, origin) => {
    step = 'load';
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
    check(await page.isHidden('#user-count-input'), 'users field shown with a shape');
    check(await page.isHidden('#spawn-rate-input'), 'spawn rate field shown with a shape');
    await page.click('#start-button');
    await page.waitForFunction(() => document.getElementById('status')?.textContent !== 'ready');
  }),
);

clearTimeout(killer);
await browser.close();
const failed = results.filter((r) => !r).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
