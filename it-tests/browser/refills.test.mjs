// Drives Debian's Chromium (headless, fake microphone fed from a WAV file) through a refill from end to end, while
// BrowserRefillCallTest plays the voice agent: a call from the softphone page in which the agent verifies the caller
// and requests a refill of --rx, then the dashboard, where that refill is found pending, moved to ready and picked up
// with its buttons, the renewal request --renewal-id is marked sent, and the patient's file must show the fill.
// Writes what the pages showed to <out>/refills-result.json and screenshots to <out>/refill-softphone.png (the call),
// <out>/refill-dashboard.png (the refill panel with the refill just asked for), <out>/refill-dashboard-done.png (the
// same once picked up) and <out>/refill-dashboard-full.png; exits non-zero, with a screenshot, if a step times out.
//
//   node refills.test.mjs --url http://127.0.0.1:PORT --wav caller.wav --lines N --rx RX --patient-id N
//        --search NAME --filled-before YYYY-MM-DD --renewal-id N [--out target/browser]
//        [--chromium /usr/bin/chromium] [--staff-token TOKEN]
import { chromium } from 'playwright-core';
import { mkdirSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    url: { type: 'string' },
    wav: { type: 'string' },
    lines: { type: 'string' },
    rx: { type: 'string' },
    'patient-id': { type: 'string' },
    search: { type: 'string' },
    'filled-before': { type: 'string' },
    'renewal-id': { type: 'string' },
    out: { type: 'string', default: 'target/browser' },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
    'staff-token': { type: 'string' },
  },
});
for (const required of ['url', 'wav', 'lines', 'rx', 'patient-id', 'search', 'filled-before', 'renewal-id']) {
  if (!args[required]) {
    console.error(`missing --${required}; see the usage at the top of refills.test.mjs`);
    process.exit(2);
  }
}
mkdirSync(args.out, { recursive: true });

const STEP = 30_000;
const result = { steps: [], console: [], pageErrors: [], statusesSeen: [] };
const profile = mkdtempSync(join(tmpdir(), 'refills-chromium-'));
let step = 'launch';

// The flags this machine needs (no network but the loopback), plus the fake microphone and speakers.
const context = await chromium.launchPersistentContext(profile, {
  executablePath: args.chromium,
  headless: true,
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync',
    '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
    `--use-file-for-fake-audio-capture=${args.wav}`, '--autoplay-policy=no-user-gesture-required',
  ],
  viewport: { width: 1280, height: 800 },
  // The dashboard shows times in the browser's zone: the pharmacy's, as the agent says them on the phone.
  timezoneId: 'America/New_York',
  ...(args['staff-token'] ? { httpCredentials: { username: 'staff', password: args['staff-token'] } } : {}),
});

try {
  const phone = await context.newPage();
  watch(phone, 'softphone');

  await run('open the softphone and call', async () => {
    await phone.goto(`${args.url}/`);
    await phone.click('#call');
    await phone.waitForFunction(() => window.softphone.state === 'in-call', null, { timeout: STEP });
  });
  result.callSid = await phone.evaluate(() => window.softphone.callSid);

  await run('the conversation and both tool calls appear on the softphone page', () => phone.waitForFunction(
    (lines) => document.querySelectorAll('#transcript .line').length >= lines
      && document.querySelector('#tools .tool-call[data-tool="request_refill"]')
      && window.softphone.played.audible >= 8000,
    Number(args.lines), { timeout: STEP }));
  result.softphone = await phone.evaluate(() => ({
    transcript: [...document.querySelectorAll('#transcript .line')].map((line) => line.textContent),
    tools: [...document.querySelectorAll('#tools .tool-call')].map((tool) => ({
      tool: tool.dataset.tool, arguments: tool.querySelector('.tool-arguments').textContent,
      outcome: tool.querySelector('.tool-outcome').textContent, result: tool.querySelector('.tool-result').textContent,
    })),
    audible: window.softphone.played.audible,
  }));
  await phone.screenshot({ path: join(args.out, 'refill-softphone.png') });

  await run('hang up', async () => {
    await phone.click('#hangup');
    await phone.waitForFunction(() => window.softphone.endReason === 'caller_hung_up', null, { timeout: STEP });
  });
  result.endReason = await phone.evaluate(() => window.softphone.endReason);

  const dashboard = await context.newPage();
  watch(dashboard, 'dashboard');
  await run('the dashboard shows the refill asked for on the phone, pending', async () => {
    await dashboard.goto(`${args.url}/dashboard`);
    const found = await dashboard.waitForFunction((rx) => [...document.querySelectorAll('#refills tr.refill')]
      .find((row) => row.querySelector('td.rx')?.textContent === rx)
      ?.dataset.refillId, args.rx, { timeout: STEP });
    result.refillId = await found.jsonValue();
  });
  const refillRow = `#refills tr.refill[data-refill-id="${result.refillId}"]`;
  await run('the refill is pending, with the patient\'s name and drug', async () => {
    await statusIs(dashboard, refillRow, 'pending');
    await dashboard.waitForFunction((row) => !document.querySelector(`${row} td.patient`).textContent.startsWith('#')
      && document.querySelectorAll(`${row} td`)[3].textContent !== '', refillRow, { timeout: STEP });
  });
  result.refillRowBefore = await dashboard.locator(refillRow).textContent();

  await run('the ended call is listed with its two tool calls', () => dashboard.waitForFunction((sid) =>
    document.querySelectorAll(`#recent-calls [data-call-sid="${sid}"] .tool-call`).length >= 2,
  result.callSid, { timeout: STEP }));
  result.dashboardCallTools = await dashboard.evaluate((sid) => [...document
    .querySelectorAll(`#recent-calls [data-call-sid="${sid}"] .tool-call`)].map((tool) => tool.dataset.tool),
  result.callSid);

  const patientRow = `#patients tr.patient[data-patient-id="${args['patient-id']}"]`;
  const prescription = `#prescriptions tr[data-rx-number="${args.rx}"]`;
  await run('the patient is found by name and their file opened', async () => {
    await dashboard.fill('#patient-search input[name="name"]', args.search);
    await dashboard.click('#patient-search button[type="submit"]');
    await dashboard.waitForSelector(patientRow, { timeout: STEP });
    await dashboard.locator(`${patientRow} button.open-patient`).click();
    await dashboard.waitForSelector(prescription, { timeout: STEP });
  });
  const renewalRow = `#renewals tr.renewal[data-renewal-id="${args['renewal-id']}"]`;
  await dashboard.waitForSelector(renewalRow, { timeout: STEP });
  await showRefillPanel(dashboard);
  await dashboard.screenshot({ path: join(args.out, 'refill-dashboard.png') });

  await run('"ready" moves it to ready', async () => {
    await dashboard.locator(`${refillRow} button.move-ready`).click();
    await statusIs(dashboard, refillRow, 'ready');
  });
  await run('"picked up" moves it to picked up, and no button is left on it', async () => {
    await dashboard.locator(`${refillRow} button.move-picked_up`).click();
    await statusIs(dashboard, refillRow, 'picked up');
    await dashboard.waitForFunction((row) => document.querySelectorAll(`${row} td.actions button`).length === 0,
      refillRow, { timeout: STEP });
  });
  result.refillRowAfter = await dashboard.locator(refillRow).textContent();
  await run('the open file shows the fill', () => dashboard.waitForFunction(([cell, before]) => {
    const text = document.querySelector(cell)?.textContent;
    return text && text !== before;
  }, [`${prescription} td.last-filled`, args['filled-before']], { timeout: STEP }));

  await run('"mark sent" takes the renewal request off the list', async () => {
    result.renewalRow = await dashboard.locator(renewalRow).textContent();
    await dashboard.locator(`${renewalRow} button.mark-sent`).click();
    await dashboard.waitForSelector(renewalRow, { state: 'detached', timeout: STEP });
  });

  result.patientRow = await dashboard.locator(patientRow).textContent();
  result.patientName = await dashboard.locator('#patient-name').textContent();
  result.lastFilled = await dashboard.locator(`${prescription} td.last-filled`).textContent();
  result.refillsLeft = await dashboard.locator(`${prescription} td.refills`).textContent();
  result.renewals = await dashboard.evaluate(() => [...document.querySelectorAll('#renewals tr.renewal')]
    .map((row) => row.dataset.renewalId));
  result.refillsStatus = await dashboard.locator('#refills-status').textContent();

  await showRefillPanel(dashboard);
  await dashboard.screenshot({ path: join(args.out, 'refill-dashboard-done.png') });
  await dashboard.screenshot({ path: join(args.out, 'refill-dashboard-full.png'), fullPage: true });
  result.ok = true;
} catch (error) {
  result.ok = false;
  result.failedStep = step;
  result.error = String(error && error.stack || error);
  for (const [index, page] of context.pages().entries()) {
    await page.screenshot({ path: join(args.out, `refills-failure-${index}.png`), fullPage: true }).catch(() => {});
    result[`failureState${index}`] = await page.evaluate(() => window.softphone ?? window.dashboard)
      .catch(() => null);
  }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
  writeFileSync(join(args.out, 'refills-result.json'), JSON.stringify(result, null, 2));
  console.log(JSON.stringify({ ok: result.ok, failedStep: result.failedStep, error: result.error }));
  process.exit(result.ok ? 0 : 1);
}

// Scrolls the refill panel to the top of the window, for the screenshots.
async function showRefillPanel(page) {
  await page.evaluate(() => window.scrollTo(0, document.getElementById('refills-panel').offsetTop - 16));
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

function watch(page, name) {
  page.on('console', (message) => result.console.push(`${name} ${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => result.pageErrors.push(`${name}: ${error.message}`));
}
