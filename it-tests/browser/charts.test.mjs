// Opens the dashboard in Debian's Chromium (headless) and reads its Charts panel for BrowserChartsTest: per chart its
// caption, the text alternative its SVG carries (aria-label), and its bars (label, value, the histogram bucket's
// bound) or tool rows (succeeded, failed), or the text it shows when there is nothing to draw. Writes them to
// <out>/charts-<name>-result.json and a screenshot of the panel to <out>/dashboard-charts-<name>.png; exits non-zero,
// with a screenshot of the page, if the charts are not drawn in time.
//
//   node charts.test.mjs --url http://127.0.0.1:PORT --name NAME [--out target/browser]
//        [--chromium /usr/bin/chromium] [--staff-token TOKEN] [--time-zone UTC]
import { chromium } from 'playwright-core';
import { mkdirSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    url: { type: 'string' },
    name: { type: 'string' },
    out: { type: 'string', default: 'target/browser' },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
    'staff-token': { type: 'string' },
    'time-zone': { type: 'string', default: 'UTC' },
  },
});
for (const required of ['url', 'name']) {
  if (!args[required]) {
    console.error(`missing --${required}; see the usage at the top of charts.test.mjs`);
    process.exit(2);
  }
}
mkdirSync(args.out, { recursive: true });

const STEP = 30_000;
const result = { name: args.name, console: [], pageErrors: [] };
const profile = mkdtempSync(join(tmpdir(), 'charts-chromium-'));

const context = await chromium.launchPersistentContext(profile, {
  executablePath: args.chromium,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 900 },
  timezoneId: args['time-zone'],
  locale: 'en-US',
  ...(args['staff-token'] ? { httpCredentials: { username: 'staff', password: args['staff-token'] } } : {}),
});

try {
  const page = await context.newPage();
  page.on('console', (message) => result.console.push(`${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => result.pageErrors.push(error.message));
  await page.goto(`${args.url}/dashboard`);
  await page.waitForFunction(() => window.dashboard.chartRefreshes + window.dashboard.chartErrors >= 1, null,
    { timeout: STEP });
  result.dashboard = await page.evaluate(() => window.dashboard);
  result.status = await page.locator('#charts-status').textContent();
  result.charts = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll('#charts-panel figure')]
    .map((figure) => [figure.id, {
      caption: figure.querySelector('figcaption').textContent,
      empty: figure.querySelector('p.empty')?.textContent ?? null,
      svgs: figure.querySelectorAll('svg').length,
      role: figure.querySelector('svg')?.getAttribute('role') ?? null,
      ariaLabel: figure.querySelector('svg')?.getAttribute('aria-label') ?? null,
      svgTitle: figure.querySelector('svg > title')?.textContent ?? null,
      bars: [...figure.querySelectorAll('g.bar:not(.tool)')].map((bar) => ({
        label: bar.dataset.label, value: Number(bar.dataset.value), le: bar.dataset.le ?? null,
        height: Number(bar.querySelector('rect').getAttribute('height')),
        title: bar.querySelector('title').textContent,
      })),
      tools: [...figure.querySelectorAll('g.bar.tool')].map((bar) => ({
        tool: bar.dataset.tool, succeeded: Number(bar.dataset.succeeded), failed: Number(bar.dataset.failed),
        succeededWidth: Number(bar.querySelector('rect.succeeded').getAttribute('width')),
        failedWidth: Number(bar.querySelector('rect.failed').getAttribute('width')),
      })),
    }])));
  await page.locator('#charts-panel').screenshot({ path: join(args.out, `dashboard-charts-${args.name}.png`) });
  result.ok = true;
} catch (error) {
  result.ok = false;
  result.error = String(error && error.stack || error);
  for (const [index, page] of context.pages().entries()) {
    await page.screenshot({ path: join(args.out, `charts-${args.name}-failure-${index}.png`), fullPage: true })
      .catch(() => {});
  }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
  writeFileSync(join(args.out, `charts-${args.name}-result.json`), JSON.stringify(result, null, 2));
  console.log(JSON.stringify({ ok: result.ok, error: result.error }));
  process.exit(result.ok ? 0 : 1);
}
