// Drives Debian's Chromium (headless, fake microphone fed from a WAV file) through the softphone and the dashboard of a
// running server, while BrowserSoftphoneTest plays the voice agent. Writes what the page did to <out>/result.json and
// screenshots to <out>/softphone.png and <out>/dashboard.png; exits non-zero, with a screenshot, if a step times out.
//
//   node softphone.test.mjs --url http://127.0.0.1:PORT --wav caller.wav --out target/browser [--chromium /usr/bin/chromium]
//        [--staff-token TOKEN]   (the server's STAFF_TOKEN, given when the browser's Basic prompt asks for it)
import { chromium } from 'playwright-core';
import { mkdirSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    url: { type: 'string' },
    wav: { type: 'string' },
    out: { type: 'string', default: 'target/browser' },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
    customer: { type: 'string', default: 'Jane Browser' },
    'staff-token': { type: 'string' },
  },
});
if (!args.url || !args.wav) {
  console.error('usage: node softphone.test.mjs --url URL --wav FILE [--out DIR] [--chromium PATH]');
  process.exit(2);
}
mkdirSync(args.out, { recursive: true });

const STEP = 30_000;
const result = { steps: [], console: [], pageErrors: [] };
const profile = mkdtempSync(join(tmpdir(), 'softphone-chromium-'));
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
  viewport: { width: 1280, height: 900 },
  ...(args['staff-token'] ? { httpCredentials: { username: 'staff', password: args['staff-token'] } } : {}),
});

try {
  const page = await context.newPage();
  watch(page, 'softphone');

  await run('open the softphone', () => page.goto(`${args.url}/`));
  await run('call', async () => {
    await page.click('#call');
    await page.waitForFunction(() => window.softphone.state === 'in-call', null, { timeout: STEP });
  });
  result.callSid = await page.evaluate(() => window.softphone.callSid);

  await run('transcript and tool calls appear on screen', () => page.waitForFunction(() =>
    document.querySelectorAll('#transcript .line').length >= 3
    && document.querySelectorAll('#tools .tool-call').length >= 2, null, { timeout: STEP }));
  await run('the agent is heard and marks are echoed once played', () => page.waitForFunction(() =>
    window.softphone.played.audible >= 8000 && window.softphone.marksEchoed.length >= 2, null, { timeout: STEP }));

  const dashboard = await context.newPage();
  watch(dashboard, 'dashboard');
  await run('the dashboard lists the call in progress', async () => {
    await dashboard.goto(`${args.url}/dashboard`);
    await dashboard.waitForFunction((sid) => document.querySelector(`#active-calls [data-call-sid="${sid}"] .tool-call`),
      result.callSid, { timeout: STEP });
  });
  result.dashboardDuringCall = await dashboard.evaluate((sid) => ({
    activeCount: document.getElementById('active-count').textContent,
    endReason: document.querySelector(`#active-calls [data-call-sid="${sid}"] .end-reason`).textContent,
  }), result.callSid);

  await run('barge-in: clear stops playback at once', () => page.waitForFunction(() =>
    window.softphone.playedAtClear !== null, null, { timeout: STEP }));
  // The audio thread's own count at the moment it dropped the queue, then again 1.5 s later.
  result.playedAtClear = await page.evaluate(() => window.softphone.playedAtClear);
  await page.waitForTimeout(1500);
  result.playedAfterClear = await page.evaluate(() => window.softphone.played.samples);

  await page.bringToFront();
  await page.screenshot({ path: join(args.out, 'softphone.png'), fullPage: true });
  result.page = await page.evaluate(() => ({
    stats: window.softphone,
    transcript: [...document.querySelectorAll('#transcript .line')].map((line) => line.textContent),
    tools: [...document.querySelectorAll('#tools .tool-call')].map((tool) => ({
      tool: tool.dataset.tool, outcome: tool.querySelector('.tool-outcome').textContent,
      result: tool.querySelector('.tool-result').textContent,
    })),
  }));

  await run('hang up', async () => {
    await page.click('#hangup');
    await page.waitForFunction(() => window.softphone.endReason === 'caller_hung_up', null, { timeout: STEP });
  });
  result.endReason = await page.evaluate(() => window.softphone.endReason);

  await run('the dashboard shows the ended call with its transcript, tool calls and end reason', async () => {
    await dashboard.bringToFront();
    await dashboard.waitForFunction((sid) => {
      const card = document.querySelector(`#recent-calls [data-call-sid="${sid}"]`);
      return card && card.querySelector('.end-reason').textContent === 'caller hung up'
        && card.querySelectorAll('.line').length >= 3 && card.querySelectorAll('.tool-call').length >= 2;
    }, result.callSid, { timeout: STEP });
  });
  await run('an order placed in the call is moved to ready from the dashboard', async () => {
    const row = dashboard.locator('#orders tr.order', { hasText: args.customer }).first();
    await row.locator('button.move-ready').click();
    await dashboard.waitForFunction((customer) => [...document.querySelectorAll('#orders tr.order')]
      .some((tr) => tr.textContent.includes(customer) && tr.querySelector('td.status').textContent === 'ready'),
    args.customer, { timeout: STEP });
  });
  result.dashboard = await dashboard.evaluate((sid) => {
    const card = document.querySelector(`#recent-calls [data-call-sid="${sid}"]`);
    return {
      endReason: card.querySelector('.end-reason').textContent,
      transcript: [...card.querySelectorAll('.line')].map((line) => line.textContent),
      tools: [...card.querySelectorAll('.tool-call')].map((tool) => tool.dataset.tool),
      activeCount: document.getElementById('active-count').textContent,
      orders: [...document.querySelectorAll('#orders tr.order')].map((tr) => ({
        id: tr.dataset.orderId, text: tr.textContent, status: tr.querySelector('td.status').textContent,
      })),
    };
  }, result.callSid);
  await dashboard.screenshot({ path: join(args.out, 'dashboard.png'), fullPage: true });
  result.ok = true;
} catch (error) {
  result.ok = false;
  result.failedStep = step;
  result.error = String(error && error.stack || error);
  for (const [index, page] of context.pages().entries()) {
    await page.screenshot({ path: join(args.out, `failure-${index}.png`), fullPage: true }).catch(() => {});
    result[`failureState${index}`] = await page.evaluate(() => window.softphone ?? window.dashboard).catch(() => null);
  }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
  writeFileSync(join(args.out, 'result.json'), JSON.stringify(result, null, 2));
  console.log(JSON.stringify({ ok: result.ok, failedStep: result.failedStep, error: result.error }));
  process.exit(result.ok ? 0 : 1);
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
