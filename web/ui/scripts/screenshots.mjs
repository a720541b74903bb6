// Drives the built UI in headless Chromium against a running server (the
// mock: `npm run mock`, or a real gust) and saves screenshots, for a person to
// look at. It also measures the page's main-thread time per second while live
// updates arrive.
//
//   node scripts/screenshots.mjs [--url http://127.0.0.1:8089/] [--out /tmp/gust-ui]
//        [--chromium /usr/bin/chromium] [--start] [--measure WINDOWS]
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => {
    if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1] && !all[i + 1].startsWith('--') ? all[i + 1] : 'true']);
    return acc;
  }, []),
);
const url = args.url ?? 'http://127.0.0.1:8089/';
const out = args.out ?? '/tmp/gust-ui';
mkdirSync(out, { recursive: true });

const browser = await chromium.launch({
  executablePath: args.chromium ?? '/usr/bin/chromium',
  headless: true,
  chromiumSandbox: false,
  args: ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
});
const timeout = setTimeout(() => {
  console.error('screenshots: timed out');
  process.exit(2);
}, 120_000);
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, colorScheme: 'light' });
  const page = await context.newPage();
  const external = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.hostname !== '127.0.0.1' && u.protocol !== 'data:') external.push(r.url());
  });
  page.on('console', (m) => console.log(`console.${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => console.log(`pageerror: ${e.message}`));
  const shot = async (name) => {
    await page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
    console.log(`saved ${join(out, `${name}.png`)}`);
  };

  await page.goto(url);
  await page.waitForFunction(() => document.getElementById('status')?.textContent !== 'connecting');
  await page.waitForTimeout(500);
  await shot('01-initial');

  if (args.start === 'true') {
    await page.fill('#user-count-input', '40');
    await page.fill('#spawn-rate-input', '10');
    await page.click('[data-testid="advanced-options"] summary');
    await shot('02-start-form');
    await page.click('#start-button');
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'running', null, { timeout: 20_000 });
    await page.waitForTimeout(4000);
  }
  await shot('03-stats');
  await page.click('#tab-charts');
  await page.waitForTimeout(1500);
  await shot('04-charts');

  // Zoom by dragging across the first chart.
  const over = await page.locator('#chart-rps .u-over').boundingBox();
  if (over) {
    await page.mouse.move(over.x + over.width * 0.5, over.y + 50);
    await page.mouse.down();
    await page.mouse.move(over.x + over.width * 0.8, over.y + 50, { steps: 5 });
    await page.mouse.up();
    await page.waitForTimeout(2500);
    await shot('05-charts-zoomed');
  }

  await page.click('#theme-toggle');
  await page.waitForTimeout(800);
  await shot('06-charts-dark');
  await page.click('#tab-stats');
  await page.waitForTimeout(500);
  await shot('07-stats-dark');
  for (const tab of ['failures', 'exceptions', 'ratios', 'downloads', 'logs']) {
    await page.click(`#tab-${tab}`);
    await page.waitForTimeout(700);
    await shot(`08-${tab}-dark`);
  }
  await page.click('#edit-button');
  await page.waitForTimeout(300);
  await shot('09-edit-form-dark');
  await page.click('#edit-cancel');

  if (args.measure) {
    // The machine may be shared, so measure many short windows and report
    // the minimum (closest to the uncontended cost) and the median.
    const windows = Number(args.measure);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const metrics = async () =>
      Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    for (const tab of ['stats', 'charts']) {
      await page.click(`#tab-${tab}`);
      await page.waitForTimeout(1000);
      const samples = { ScriptDuration: [], LayoutDuration: [], TaskDuration: [] };
      for (let w = 0; w < windows; w++) {
        const a = await metrics();
        await page.waitForTimeout(2000);
        const b = await metrics();
        for (const k of Object.keys(samples)) samples[k].push(((b[k] - a[k]) / 2) * 1000);
      }
      const stat = (xs) => {
        const s = [...xs].sort((x, y) => x - y);
        return `min ${s[0].toFixed(1)} / median ${s[Math.floor(s.length / 2)].toFixed(1)} ms`;
      };
      const rows = await page.evaluate(() => document.querySelectorAll('[data-testid="stats-row"]').length);
      const heap = (await metrics()).JSHeapUsedSize / 1e6;
      console.log(
        `measure ${tab} (rows=${rows}, main-thread time per second over ${windows}x2 s): ` +
          `script ${stat(samples.ScriptDuration)}; layout ${stat(samples.LayoutDuration)}; all tasks ${stat(samples.TaskDuration)}; heap ${heap.toFixed(1)} MB`,
      );
    }
  }
  console.log(external.length ? `EXTERNAL REQUESTS: ${external.join(', ')}` : 'no requests outside 127.0.0.1');
} finally {
  clearTimeout(timeout);
  await browser.close();
}
