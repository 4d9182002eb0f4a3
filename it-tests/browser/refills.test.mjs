// Drives Debian's Chromium (headless) through the dashboard's refill panel of a running server, while
// BrowserDashboardRefillsTest has put a verified caller's refill and renewal request in the dispensary: the refill is
// moved to ready and picked up by clicking, the renewal request is marked sent, and the patient's file must show the
// fill. Writes what the page showed to <out>/refills-result.json and screenshots to <out>/dashboard-refills.png (the
// page) and <out>/dashboard-refills-panel.png (the panel); exits non-zero, with a screenshot, if a step times out.
//
//   node refills.test.mjs --url http://127.0.0.1:PORT --refill-id N --renewal-id N --patient-id N --rx RX
//        --search NAME --filled-on YYYY-MM-DD [--out target/browser] [--chromium /usr/bin/chromium]
//        [--staff-token TOKEN]
import { chromium } from 'playwright-core';
import { mkdirSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    url: { type: 'string' },
    'refill-id': { type: 'string' },
    'renewal-id': { type: 'string' },
    'patient-id': { type: 'string' },
    rx: { type: 'string' },
    search: { type: 'string' },
    'filled-on': { type: 'string' },
    out: { type: 'string', default: 'target/browser' },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
    'staff-token': { type: 'string' },
  },
});
for (const required of ['url', 'refill-id', 'renewal-id', 'patient-id', 'rx', 'search', 'filled-on']) {
  if (!args[required]) {
    console.error(`missing --${required}; see the usage at the top of refills.test.mjs`);
    process.exit(2);
  }
}
mkdirSync(args.out, { recursive: true });

const STEP = 30_000;
const result = { steps: [], console: [], pageErrors: [], statusesSeen: [] };
const profile = mkdtempSync(join(tmpdir(), 'dashboard-chromium-'));
let step = 'launch';

const context = await chromium.launchPersistentContext(profile, {
  executablePath: args.chromium,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 900 },
  ...(args['staff-token'] ? { httpCredentials: { username: 'staff', password: args['staff-token'] } } : {}),
});

try {
  const page = await context.newPage();
  page.on('console', (message) => result.console.push(`${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => result.pageErrors.push(error.message));
  const refillRow = `#refills tr.refill[data-refill-id="${args['refill-id']}"]`;

  await run('the dashboard shows the refill asked for on the phone, pending', async () => {
    await page.goto(`${args.url}/dashboard`);
    await statusIs(page, refillRow, 'pending');
  });
  result.refillRowBefore = await page.locator(refillRow).textContent();

  await run('"ready" moves it to ready', async () => {
    await page.locator(`${refillRow} button.move-ready`).click();
    await statusIs(page, refillRow, 'ready');
  });
  await run('"picked up" moves it to picked up, and no button is left on it', async () => {
    await page.locator(`${refillRow} button.move-picked_up`).click();
    await statusIs(page, refillRow, 'picked up');
    await page.waitForFunction((row) => document.querySelectorAll(`${row} td.actions button`).length === 0, refillRow,
      { timeout: STEP });
  });
  result.refillRowAfter = await page.locator(refillRow).textContent();

  const renewalRow = `#renewals tr.renewal[data-renewal-id="${args['renewal-id']}"]`;
  await run('"mark sent" takes the renewal request off the list', async () => {
    await page.waitForSelector(renewalRow, { timeout: STEP });
    result.renewalRow = await page.locator(renewalRow).textContent();
    await page.locator(`${renewalRow} button.mark-sent`).click();
    await page.waitForSelector(renewalRow, { state: 'detached', timeout: STEP });
  });

  const patientRow = `#patients tr.patient[data-patient-id="${args['patient-id']}"]`;
  const filled = `#prescriptions tr[data-rx-number="${args.rx}"] td.last-filled`;
  await run('the patient is found by name and their file shows the fill', async () => {
    await page.fill('#patient-search input[name="name"]', args.search);
    await page.click('#patient-search button[type="submit"]');
    await page.waitForSelector(patientRow, { timeout: STEP });
    await page.locator(`${patientRow} button.open-patient`).click();
    await page.waitForFunction(([cell, date]) => document.querySelector(cell)?.textContent === date,
      [filled, args['filled-on']], { timeout: STEP });
  });
  result.patientRow = await page.locator(patientRow).textContent();
  result.patientName = await page.locator('#patient-name').textContent();
  result.lastFilled = await page.locator(filled).textContent();
  result.refillsLeft = await page.locator(`#prescriptions tr[data-rx-number="${args.rx}"] td.refills`).textContent();
  result.queue = await page.evaluate(() => [...document.querySelectorAll('#refills tr.refill')].map((row) => ({
    id: row.dataset.refillId, status: row.querySelector('td.status').textContent, text: row.textContent,
  })));
  result.renewals = await page.evaluate(() => [...document.querySelectorAll('#renewals tr.renewal')]
    .map((row) => row.dataset.renewalId));
  result.refillsStatus = await page.locator('#refills-status').textContent();

  await page.screenshot({ path: join(args.out, 'dashboard-refills.png'), fullPage: true });
  await page.locator('#refills-panel').screenshot({ path: join(args.out, 'dashboard-refills-panel.png') });
  result.ok = true;
} catch (error) {
  result.ok = false;
  result.failedStep = step;
  result.error = String(error && error.stack || error);
  for (const [index, page] of context.pages().entries()) {
    await page.screenshot({ path: join(args.out, `refills-failure-${index}.png`), fullPage: true }).catch(() => {});
    result[`failureState${index}`] = await page.evaluate(() => window.dashboard).catch(() => null);
  }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
  writeFileSync(join(args.out, 'refills-result.json'), JSON.stringify(result, null, 2));
  console.log(JSON.stringify({ ok: result.ok, failedStep: result.failedStep, error: result.error }));
  process.exit(result.ok ? 0 : 1);
}

// Waits until the row's status cell says `status`, noting each status the page showed on the way.
async function statusIs(page, row, status) {
  await page.waitForFunction(([selector, wanted]) => document.querySelector(`${selector} td.status`)?.textContent
    === wanted, [row, status], { timeout: STEP });
  result.statusesSeen.push(status);
}

async function run(name, action) {
  step = name;
  const started = Date.now();
  await action();
  result.steps.push({ name, ms: Date.now() - started });
}
