// Drives Debian's Chromium (headless) through the dashboard's Outbound calls panel and its list of numbers not to
// call, as staff use them, while BrowserOutboundCallsTest runs the servers and checks the staff API afterwards. One
// scenario a run:
//   queue   — marks refill --ready-refill ready with the refill panel's button, waits for its call to be listed
//             (queued, next attempt --next-attempt), cancels the queued call --cancel with a slow press of its
//             "cancel" button, adds --opt-out in the opt-out form as staff type it and waits for the call about
//             --opted-out-subject (that number's) to show opted out, submits --bad-number and reads the refusal,
//             then opens the pickup call's patient's file from their name in its row;
//   failed  — waits for the calls Twilio refused to show failed with "try again", presses it (slowly) on --requeue
//             and waits for that row to show queued again, next attempt --next-attempt;
//   empty   — reads the panel of a server with nothing queued (--url) and of one with calls off (--calls-off-url).
// Each row is kept as its cells' text (white space as one space), its buttons and its classes. Writes what the page
// showed to <out>/outbound-<scenario>-result.json and screenshots of the panel to <out>/outbound-*.png (for queue,
// <out>/outbound-calls-panel.png is the panel alone once a call is cancelled and a number listed); exits non-zero,
// with a screenshot, if a step times out.
//
//   node outbound.test.mjs --scenario queue|failed|empty --url http://127.0.0.1:PORT [--out target/browser]
//        [--chromium /usr/bin/chromium] [--staff-token TOKEN] [--time-zone ZONE]
//        queue:  --ready-refill N --next-attempt TEXT --cancel N --opt-out NUMBER --opted-out-subject TEXT
//                --bad-number TEXT
//        failed: --requeue N --next-attempt TEXT
//        empty:  --calls-off-url http://127.0.0.1:PORT
import { chromium } from 'playwright-core';
import { mkdirSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    scenario: { type: 'string' },
    url: { type: 'string' },
    'ready-refill': { type: 'string' },
    'next-attempt': { type: 'string' },
    cancel: { type: 'string' },
    'opt-out': { type: 'string' },
    'opted-out-subject': { type: 'string' },
    'bad-number': { type: 'string' },
    requeue: { type: 'string' },
    'calls-off-url': { type: 'string' },
    out: { type: 'string', default: 'target/browser' },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
    'staff-token': { type: 'string' },
    'time-zone': { type: 'string', default: 'America/New_York' },
  },
});
const REQUIRED = {
  queue: ['ready-refill', 'next-attempt', 'cancel', 'opt-out', 'opted-out-subject', 'bad-number'],
  failed: ['requeue', 'next-attempt'],
  empty: ['calls-off-url'],
};
if (!REQUIRED[args.scenario]) {
  console.error('--scenario must be queue, failed or empty; see the usage at the top of outbound.test.mjs');
  process.exit(2);
}
for (const required of ['url', ...REQUIRED[args.scenario]]) {
  if (!args[required]) {
    console.error(`missing --${required}; see the usage at the top of outbound.test.mjs`);
    process.exit(2);
  }
}
mkdirSync(args.out, { recursive: true });

const STEP = 30_000;
/** How long the slow presses hold the mouse button down: longer than the dashboard's one-second refresh. */
const SLOW_PRESS_MS = 1_300;
const result = { scenario: args.scenario, steps: [], console: [], pageErrors: [] };
const profile = mkdtempSync(join(tmpdir(), 'outbound-chromium-'));
let step = 'launch';

const context = await chromium.launchPersistentContext(profile, {
  executablePath: args.chromium,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 800 },
  // The dashboard shows times in the browser's zone and language: the pharmacy's zone, US English.
  timezoneId: args['time-zone'],
  locale: 'en-US',
  ...(args['staff-token'] ? { httpCredentials: { username: 'staff', password: args['staff-token'] } } : {}),
});

try {
  const dashboard = await context.newPage();
  watch(dashboard, 'dashboard');
  if (args.scenario === 'queue') {
    await queue(dashboard);
  } else if (args.scenario === 'failed') {
    await failed(dashboard);
  } else {
    await empty(dashboard);
  }
  result.ok = true;
} catch (error) {
  result.ok = false;
  result.failedStep = step;
  result.error = String(error && error.stack || error);
  for (const [index, page] of context.pages().entries()) {
    await page.screenshot({ path: join(args.out, `outbound-${args.scenario}-failure-${index}.png`), fullPage: true })
      .catch(() => {});
    result[`failureState${index}`] = await page.evaluate(() => ({ dashboard: window.dashboard,
      panel: document.getElementById('outbound-panel')?.innerText })).catch(() => null);
  }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
  writeFileSync(join(args.out, `outbound-${args.scenario}-result.json`), JSON.stringify(result, null, 2));
  console.log(JSON.stringify({ ok: result.ok, failedStep: result.failedStep, error: result.error }));
  process.exit(result.ok ? 0 : 1);
}

async function queue(page) {
  const refillRow = `#refills tr.refill[data-refill-id="${args['ready-refill']}"]`;
  await run('the dashboard lists the reminders queued at start, and the refill asked for on the phone', async () => {
    await page.goto(`${args.url}/dashboard`);
    await page.waitForFunction(() => document.querySelectorAll('#outbound tr.notification').length >= 2
      && ![...document.querySelectorAll('#outbound td.patient')].some((cell) => cell.textContent.startsWith('#')),
    null, { timeout: STEP });
    await page.waitForSelector(`${refillRow} button.move-ready`, { timeout: STEP });
  });
  result.rowsAtStart = await rows(page, '#outbound');

  await run('"ready" on the refill queues its pickup call, listed at once', async () => {
    await page.locator(`${refillRow} button.move-ready`).click();
    await page.waitForFunction((refill) => [...document.querySelectorAll('#outbound tr.notification')]
      .some((row) => row.querySelector('td.subject')?.textContent === `refill #${refill}`),
    args['ready-refill'], { timeout: STEP });
  });
  result.refillsStatus = await page.locator('#refills-status').textContent();
  const pickup = await page.evaluate((refill) => [...document.querySelectorAll('#outbound tr.notification')]
    .find((row) => row.querySelector('td.subject').textContent === `refill #${refill}`).dataset.notificationId,
  args['ready-refill']);
  result.pickupId = pickup;
  await run('the pickup call waits for the calling hours (queued, next attempt then)', () =>
    rowShows(page, pickup, 'queued', args['next-attempt']));
  result.rowsQueued = await rows(page, '#outbound');
  result.queuedCount = await page.locator('#queued-calls').textContent();
  await showPanel(page);
  await page.screenshot({ path: join(args.out, 'outbound-queue.png') });

  await run('a slow press of "cancel" takes the queued call back: cancelled, no button left', async () => {
    await slowPress(page, `#outbound tr.notification[data-notification-id="${args.cancel}"] button.cancel`);
    await rowShows(page, args.cancel, 'cancelled', '');
  });
  result.cancelledRow = await row(page, args.cancel);
  result.countAfterCancel = await page.locator('#queued-calls').textContent();

  await run('the opt-out form lists the number, masked, and its queued call ends as opted out', async () => {
    await page.fill('#opt-out-form input[name="number"]', args['opt-out']);
    await page.click('#opt-out-form button[type="submit"]');
    await page.waitForSelector('#opt-outs tr.opt-out', { timeout: STEP });
    await page.waitForFunction((subject) => [...document.querySelectorAll('#outbound tr.notification')]
      .find((candidate) => candidate.querySelector('td.subject').textContent === subject)
      ?.querySelector('td.status').textContent === 'opted out', args['opted-out-subject'], { timeout: STEP });
  });
  result.statusAfterOptOut = await status(page);
  result.inputAfterOptOut = await page.inputValue('#opt-out-form input[name="number"]');
  result.optOuts = await rows(page, '#opt-outs');
  result.rowsAfterOptOut = await rows(page, '#outbound');
  result.countAfterOptOut = await page.locator('#queued-calls').textContent();
  result.panelText = await panelText(page);
  await showPanel(page);
  await page.screenshot({ path: join(args.out, 'outbound-queue-done.png') });
  // Just the panel, for the README.
  await page.locator('#outbound-panel').screenshot({ path: join(args.out, 'outbound-calls-panel.png') });

  await run('a number that is not one is refused with the reason, and the list stays as it was', async () => {
    await page.fill('#opt-out-form input[name="number"]', args['bad-number']);
    await page.click('#opt-out-form button[type="submit"]');
    await page.waitForFunction((before) => document.getElementById('outbound-status').textContent !== before,
      result.statusAfterOptOut.text, { timeout: STEP });
  });
  result.statusAfterBadNumber = await status(page);
  result.inputAfterBadNumber = await page.inputValue('#opt-out-form input[name="number"]');
  // Two more refreshes: nothing the refusal did may show up later either.
  await settle(page);
  result.optOutsAfterBadNumber = await rows(page, '#opt-outs');
  result.panelTextAtEnd = await panelText(page);

  await run('the patient\'s name on a call opens their file where staff can see it', async () => {
    // A shorter window, as on a busy day when the refills panel (where the file opens) is screens above this one.
    await page.setViewportSize({ width: 1280, height: 400 });
    await showPanel(page);
    await page.locator(`#outbound tr.notification[data-notification-id="${pickup}"] button.open-patient`).click();
    await page.waitForFunction(() => {
      const file = document.getElementById('patient-file');
      const name = document.getElementById('patient-name').getBoundingClientRect();
      // Scrolled to, its top may land a fraction of a pixel above the window's.
      return !file.hidden && name.top > -1 && name.bottom < window.innerHeight + 1;
    }, null, { timeout: STEP });
  });
  result.patientFileName = await page.locator('#patient-name').textContent();
}

async function failed(page) {
  await run('the calls Twilio refused are listed failed, each with "try again"', async () => {
    await page.goto(`${args.url}/dashboard`);
    await page.waitForFunction(() => {
      const listed = [...document.querySelectorAll('#outbound tr.notification')];
      return listed.length >= 2 && listed.every((row) => row.querySelector('td.status').textContent === 'failed'
        && row.querySelector('button.requeue') && !row.querySelector('td.patient').textContent.startsWith('#'));
    }, null, { timeout: STEP });
  });
  result.rowsFailed = await rows(page, '#outbound');
  result.countFailed = await page.locator('#queued-calls').textContent();
  await showPanel(page);
  await page.screenshot({ path: join(args.out, 'outbound-failed.png') });

  await run('a slow press of "try again" queues it again, for the next moment the rules allow', async () => {
    await slowPress(page, `#outbound tr.notification[data-notification-id="${args.requeue}"] button.requeue`);
    await rowShows(page, args.requeue, 'queued', args['next-attempt']);
  });
  await settle(page);
  result.rowsAfterRequeue = await rows(page, '#outbound');
  result.countAfterRequeue = await page.locator('#queued-calls').textContent();
  result.status = await status(page);
  result.panelText = await panelText(page);
  await showPanel(page);
  await page.screenshot({ path: join(args.out, 'outbound-failed-requeued.png') });
}

async function empty(page) {
  for (const [name, url] of [['callsOn', args.url], ['callsOff', args['calls-off-url']]]) {
    await run(`the panel of a server with nothing queued (${name})`, async () => {
      await page.goto(`${url}/dashboard`);
      await page.waitForFunction(() => window.dashboard.outboundRefreshes >= 2, null, { timeout: STEP });
    });
    result[name] = {
      outbound: await rows(page, '#outbound'),
      optOuts: await rows(page, '#opt-outs'),
      outboundColumns: await page.locator('#outbound thead th').count(),
      optOutColumns: await page.locator('#opt-outs thead th').count(),
      outboundSpan: await page.locator('#outbound td.empty').getAttribute('colspan'),
      optOutSpan: await page.locator('#opt-outs td.empty').getAttribute('colspan'),
      count: await page.locator('#queued-calls').textContent(),
      status: await status(page),
      errors: await page.evaluate(() => window.dashboard.outboundErrors),
    };
    await showPanel(page);
    await page.screenshot({ path: join(args.out, `outbound-empty-${name === 'callsOn' ? 'on' : 'off'}.png`) });
  }
}

// Presses like a hesitant person: the mouse button held down across a refresh of the dashboard, then let go.
async function slowPress(page, selector) {
  const button = page.locator(selector);
  await button.scrollIntoViewIfNeeded({ timeout: STEP });
  const box = await button.boundingBox();
  if (!box) {
    throw new Error(`${selector} is not on the page`);
  }
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  const refreshes = await page.evaluate(() => window.dashboard.outboundRefreshes);
  await page.waitForTimeout(SLOW_PRESS_MS);
  result.refreshesDuringPress = (await page.evaluate(() => window.dashboard.outboundRefreshes)) - refreshes;
  await page.mouse.up();
}

// Waits until the notification's row shows `state` and, when given, `next` as its next attempt (white space as one
// space: Chromium writes "8:00:00 AM" with a narrow no-break space).
async function rowShows(page, id, state, next) {
  await page.waitForFunction(([selector, wantedState, wantedNext]) => {
    const row = document.querySelector(selector);
    return row?.querySelector('td.status').textContent === wantedState
      && row.querySelectorAll('td')[7].textContent.replace(/\s+/g, ' ') === wantedNext;
  }, [`#outbound tr.notification[data-notification-id="${id}"]`, state, next], { timeout: STEP });
}

// Lets two more refreshes of the panel happen.
async function settle(page) {
  const now = await page.evaluate(() => window.dashboard.outboundRefreshes);
  await page.waitForFunction((before) => window.dashboard.outboundRefreshes >= before + 2, now, { timeout: STEP });
}

async function rows(page, table) {
  return page.evaluate((selector) => [...document.querySelectorAll(`${selector} tbody tr`)].map((tr) => ({
    id: tr.dataset.notificationId ?? null,
    classes: tr.className,
    cells: [...tr.querySelectorAll('td')].map((td) => td.textContent.replace(/\s+/g, ' ')),
    buttons: [...tr.querySelectorAll('button:not(.open-patient)')].map((button) => button.textContent),
  })), table);
}

async function row(page, id) {
  return (await rows(page, '#outbound')).find((candidate) => candidate.id === id) ?? null;
}

async function status(page) {
  return page.evaluate(() => {
    const line = document.getElementById('outbound-status');
    return { text: line.textContent, problem: line.classList.contains('stale') };
  });
}

// All the panel says, its status line included (where the number staff just typed is said back, masked).
async function panelText(page) {
  return page.evaluate(() => document.getElementById('outbound-panel').textContent);
}

// Scrolls the outbound panel to the top of the window, for the screenshots.
async function showPanel(page) {
  await page.evaluate(() => window.scrollTo(0, document.getElementById('outbound-panel').offsetTop - 16));
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
