// The staff dashboard: calls in progress, the callers waiting to be called back, recent calls with their transcript,
// tool calls and end reason, the orders with their status, the refill queue, the renewal requests to send and a
// patient search, and the pharmacy's own calls to patients with the numbers not to call, refreshed every second from
// the staff JSON API (/api/calls, /api/callbacks, /api/orders, /api/refills, /api/renewal-requests, /api/patients,
// /api/outbound, /api/opt-outs); and charts, drawn here as plain SVG (no library, so the page works offline), of the
// calls per hour from /api/calls and of the latency histograms and tool outcomes the server counts at /observe/metrics.

const REFRESH_MS = 1000;
const RECENT_CALLS = 20;
const DETAILED_RECENT_CALLS = 5;
const ORDERS = 25;
/** The moves the counter allows (PharmacyCounter decides; this only offers the buttons). */
const NEXT_STATUSES = { pending: ['ready', 'cancelled'], ready: ['picked_up', 'cancelled'] };
/** The same for refills (the dispensary decides; the queue moves the same way). */
const NEXT_REFILL_STATUSES = { pending: ['ready', 'cancelled'], ready: ['picked_up', 'cancelled'] };
const REFILLS = 25;
const RENEWALS = 25;
const PATIENTS_FOUND = 20;
const CALLBACKS = 50;
/** Why nobody took the call, as staff say it (the front desk decides; this only names its codes). */
const CALLBACK_REASONS = { closed: 'pharmacy closed', nobody_answered: 'nobody answered', no_pharmacist: 'no pharmacist line' };
const OUTBOUND = 50;
const OPT_OUTS = 50;
/** Why the pharmacy calls, as staff say it (the domain decides; this only names its codes). */
const OUTBOUND_KINDS = { ready_for_pickup: 'ready for pickup', refill_reminder: 'refill reminder' };
/** How staff's and patients' opt-outs came in. */
const OPT_OUT_SOURCES = { staff: 'by staff', call: 'on a call', keypad: 'pressed 9 on a call' };
/** The only links a recording may be: anything else (javascript:, data:) is shown as text, never followed. */
const LINK_PROTOCOLS = ['https:', 'http:'];
/** How long a refusal (say, a move the queue does not allow) stays on screen before the next refresh clears it. */
const PROBLEM_SHOWN_MS = 6000;

/** The charts change slowly, and the metrics page is long: read less often than the queues. */
const CHARTS_REFRESH_MS = 10000;
/** The most calls /api/calls gives at once (ReviewCallsUseCase.MAX_PAGE): the calls-per-hour chart counts these. */
const CHART_CALLS = 200;
const CHART_HOURS = 24;
const SVG = 'http://www.w3.org/2000/svg';
/** The histograms the server keeps (HelidonCallMetrics), by chart, in Prometheus' names. */
const HISTOGRAMS = [
  { id: 'chart-caller-latency', name: 'pharmacy_bridge_latency_seconds', labels: { direction: 'caller_to_agent' } },
  { id: 'chart-agent-latency', name: 'pharmacy_bridge_latency_seconds', labels: { direction: 'agent_to_caller' } },
  { id: 'chart-agent-response', name: 'pharmacy_agent_response_latency_seconds', labels: {} },
];
const TOOL_CALLS = 'pharmacy_tool_call_duration_seconds_count';

const $ = (id) => document.getElementById(id);
const details = new Map(); // call_sid -> full record, kept once a call has ended
const patientFiles = new Map(); // patient id -> their file (name, prescriptions), or null if it could not be read
let openPatient = null; // the id of the patient whose file is shown, refreshed with the queue
let problemUntil = 0;
let callbackProblemUntil = 0;
let outboundProblemUntil = 0;
window.dashboard = { refreshes: 0, errors: 0, refillRefreshes: 0, refillErrors: 0, callbackRefreshes: 0, callbackErrors: 0,
  outboundRefreshes: 0, outboundErrors: 0, chartRefreshes: 0, chartErrors: 0 };

$('patient-search').addEventListener('submit', (event) => {
  event.preventDefault();
  searchPatients();
});
$('opt-out-form').addEventListener('submit', (event) => {
  event.preventDefault();
  addOptOut();
});
refresh();
setInterval(refresh, REFRESH_MS);
refreshCharts();
setInterval(refreshCharts, CHARTS_REFRESH_MS);

async function refresh() {
  await Promise.all([refreshCallsAndOrders(), refreshRefills(), refreshCallbacks(), refreshOutbound()]);
}

async function refreshCallsAndOrders() {
  try {
    const [calls, orders] = await Promise.all([getJson(`/api/calls?limit=${RECENT_CALLS}`), getJson(`/api/orders?limit=${ORDERS}`)]);
    const active = calls.calls.filter((call) => call.in_progress);
    const recent = calls.calls.filter((call) => !call.in_progress);
    const wanted = [...active, ...recent.slice(0, DETAILED_RECENT_CALLS)]
      .filter((call) => call.in_progress || !details.has(call.call_sid) || !details.get(call.call_sid).end_reason);
    await Promise.all(wanted.map(async (call) => details.set(call.call_sid, await getJson(`/api/calls/${encodeURIComponent(call.call_sid)}`))));
    renderCalls($('active-calls'), active, 'No calls right now.');
    renderCalls($('recent-calls'), recent, 'No calls yet.');
    $('active-count').textContent = String(active.length);
    renderOrders(orders.orders);
    $('refreshed').textContent = `Updated ${new Date().toLocaleTimeString()}`;
    $('refreshed').classList.remove('stale');
    window.dashboard.refreshes++;
  } catch (error) {
    window.dashboard.errors++;
    $('refreshed').textContent = `Could not refresh: ${error.message}`;
    $('refreshed').classList.add('stale');
  }
}

function renderCalls(container, calls, emptyText) {
  if (calls.length === 0) {
    container.replaceChildren(element('p', 'empty', emptyText));
    return;
  }
  container.replaceChildren(...calls.map((summary) => callCard(details.get(summary.call_sid) ?? summary)));
}

function callCard(call) {
  const card = element('article', `call ${call.in_progress ? 'in-progress' : 'ended'}`);
  card.dataset.callSid = call.call_sid;
  const head = element('header', 'call-head');
  head.append(
    element('span', 'call-sid', call.call_sid),
    element('span', 'caller', call.caller_number === 'softphone' ? 'softphone' : call.caller),
    element('span', 'started', call.started_at ? new Date(call.started_at).toLocaleTimeString() : ''),
    element('span', 'duration', duration(call)),
    element('span', 'end-reason', call.in_progress ? 'in progress' : (call.end_reason ?? '').toLowerCase().replaceAll('_', ' ')));
  card.append(head);
  if (call.transcript) {
    const transcript = element('ol', 'transcript');
    transcript.append(...call.transcript.map((line) => {
      const item = element('li', `line ${line.speaker}`);
      item.append(element('span', 'speaker', line.speaker === 'agent' ? 'Agent' : 'Caller'), element('span', 'text', line.text));
      return item;
    }));
    const tools = element('ol', 'tools');
    tools.append(...call.tool_calls.map((tool) => {
      const item = element('li', `tool-call ${tool.succeeded ? 'succeeded' : 'failed'}`);
      item.dataset.tool = tool.tool;
      item.append(element('span', 'tool-name', tool.tool), element('span', 'tool-arguments', tool.arguments),
        element('span', 'tool-outcome', `${tool.succeeded ? 'ok' : 'failed'} · ${tool.duration_ms} ms`),
        element('span', 'tool-result', tool.result));
      return item;
    }));
    card.append(transcript, tools);
  }
  return card;
}

function renderOrders(orders) {
  const body = $('orders').tBodies[0];
  if (orders.length === 0) {
    replaceRows(body, [emptyRow(8, 'No orders yet.')]);
    return;
  }
  replaceRows(body, orders.map((order) => {
    const row = element('tr', `order ${order.status}`);
    row.dataset.orderId = String(order.id);
    const actions = element('td', 'actions');
    for (const next of NEXT_STATUSES[order.status] ?? []) {
      const button = element('button', `move-${next}`, next.replaceAll('_', ' '));
      button.type = 'button';
      button.addEventListener('click', () => move(order.id, next, button));
      actions.append(button);
    }
    row.append(cell(String(order.id)), cell(order.customer_name), cell(`${order.drug}`), cell(String(order.quantity)),
      cell(Number(order.total_price).toFixed(2)), cell(order.status.replaceAll('_', ' '), 'status'),
      cell(new Date(order.created_at).toLocaleString()), actions);
    return row;
  }));
}

async function move(id, status, button) {
  button.disabled = true;
  const response = await fetch(`/api/orders/${id}`, {
    method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ status }),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    $('refreshed').textContent = body.detail ?? `Could not change order ${id}.`;
    $('refreshed').classList.add('stale');
  } else if (body.pickup_call && !body.pickup_call.queued) {
    outboundProblem(`Order ${id} is ready; no call: ${body.pickup_call.reason}`);
  }
  await refresh();
}

/** The refill queue and the renewal requests, with the names and drugs from the patients' files. */
async function refreshRefills() {
  try {
    const [queue, renewals] = await Promise.all([getJson(`/api/refills?limit=${REFILLS}`),
      getJson(`/api/renewal-requests?limit=${RENEWALS}`)]);
    const unknown = new Set([...queue.refills, ...renewals.renewal_requests].map((item) => item.patient_id)
      .filter((id) => !patientFiles.has(id)));
    if (openPatient !== null) {
      unknown.add(openPatient); // the open file shows fills and refills left, which staff just changed
    }
    await Promise.all([...unknown].map(loadPatientFile));
    renderRefills(queue.refills);
    renderRenewals(renewals.renewal_requests);
    renderPatientFile();
    $('open-refills').textContent = String(queue.refills.filter((refill) => refill.status === 'pending'
      || refill.status === 'ready').length);
    if (Date.now() > problemUntil) {
      $('refills-status').textContent = '';
      $('refills-status').classList.remove('stale');
    }
    window.dashboard.refillRefreshes++;
  } catch (error) {
    window.dashboard.refillErrors++;
    refillsProblem(error.message);
  }
}

async function loadPatientFile(id) {
  try {
    patientFiles.set(id, await getJson(`/api/patients/${encodeURIComponent(id)}`));
  } catch {
    patientFiles.set(id, null);
  }
}

function renderRefills(refills) {
  replaceRows($('refills').tBodies[0], refills.length === 0 ? [emptyRow(8, 'No refills asked for yet.')]
    : refills.map((refill) => {
      const row = element('tr', `refill ${refill.status}`);
      row.dataset.refillId = String(refill.id);
      const actions = element('td', 'actions');
      for (const next of NEXT_REFILL_STATUSES[refill.status] ?? []) {
        const button = element('button', `move-${next}`, next.replaceAll('_', ' '));
        button.type = 'button';
        button.addEventListener('click', () => change(`/api/refills/${refill.id}`, { status: next }, button,
          `Could not change refill ${refill.id}.`));
        actions.append(button);
      }
      const prescription = patientFiles.get(refill.patient_id)?.prescriptions
        .find((candidate) => candidate.rx_number === refill.rx_number);
      row.append(cell(String(refill.id)), cell(refill.rx_number, 'rx'), patientCell(refill.patient_id),
        cell(prescription ? `${prescription.drug} ${prescription.strength}` : ''),
        cell(refill.status.replaceAll('_', ' '), 'status'), cell(new Date(refill.requested_at).toLocaleString()),
        cell(new Date(refill.ready_by).toLocaleString()), actions);
      return row;
    }));
}

function renderRenewals(requests) {
  replaceRows($('renewals').tBodies[0], requests.length === 0 ? [emptyRow(7, 'Nothing to send.')]
    : requests.map((request) => {
      const row = element('tr', 'renewal');
      row.dataset.renewalId = String(request.id);
      const actions = element('td', 'actions');
      const button = element('button', 'mark-sent', 'mark sent');
      button.type = 'button';
      button.addEventListener('click', () => change(`/api/renewal-requests/${request.id}`, { open: false }, button,
        `Could not mark renewal request ${request.id} sent.`));
      actions.append(button);
      row.append(cell(String(request.id)), cell(request.rx_number, 'rx'), patientCell(request.patient_id),
        cell(request.prescriber), cell(request.reason.replaceAll('_', ' ')),
        cell(new Date(request.requested_at).toLocaleString()), actions);
      return row;
    }));
}

/** The patient's name, as a button that opens their file; their id until the file is read. */
function patientCell(id) {
  const file = patientFiles.get(id);
  const td = element('td', 'patient');
  const button = element('button', 'link open-patient', file ? `${file.first_name} ${file.last_name}` : `#${id}`);
  button.type = 'button';
  button.addEventListener('click', () => openFile(id));
  td.append(button);
  return td;
}

async function searchPatients() {
  const form = new FormData($('patient-search'));
  const query = new URLSearchParams({ limit: String(PATIENTS_FOUND) });
  for (const name of ['name', 'phone']) {
    const value = String(form.get(name) ?? '').trim();
    if (value) {
      query.set(name, value);
    }
  }
  try {
    const found = await getJson(`/api/patients?${query}`);
    $('patients').tBodies[0].replaceChildren(...(found.patients.length === 0 ? [emptyRow(5, 'No patient found.')]
      : found.patients.map((patient) => {
        const row = element('tr', 'patient');
        row.dataset.patientId = String(patient.id);
        const actions = element('td', 'actions');
        const button = element('button', 'open-patient', 'prescriptions');
        button.type = 'button';
        button.addEventListener('click', () => openFile(patient.id));
        actions.append(button);
        row.append(cell(String(patient.id)), cell(`${patient.first_name} ${patient.last_name}`),
          cell(patient.date_of_birth), cell(patient.phone_numbers.join(', ')), actions);
        return row;
      })));
  } catch (error) {
    refillsProblem(error.message);
  }
}

/** Opens a patient's file and brings it into view: a name in the outbound panel is screens below the file. */
async function openFile(id) {
  openPatient = id;
  await loadPatientFile(id);
  renderPatientFile();
  if (!$('patient-file').hidden) {
    $('patient-name').scrollIntoView({ block: 'nearest' });
  }
}

function renderPatientFile() {
  const file = openPatient === null ? undefined : patientFiles.get(openPatient);
  $('patient-file').hidden = !file;
  if (!file) {
    return;
  }
  $('patient-name').textContent = `${file.first_name} ${file.last_name} · born ${file.date_of_birth}`
    + (file.phone_numbers.length ? ` · ${file.phone_numbers.join(', ')}` : '');
  replaceRows($('prescriptions').tBodies[0], file.prescriptions.length === 0
    ? [emptyRow(10, 'No prescriptions on file.')]
    : file.prescriptions.map((rx) => {
      const row = element('tr', `prescription ${rx.status}`);
      row.dataset.rxNumber = rx.rx_number;
      row.append(cell(rx.rx_number, 'rx'), cell(`${rx.drug} ${rx.strength}`), cell(rx.directions),
        cell(rx.prescriber), cell(rx.written_on), cell(`${rx.refills_remaining} of ${rx.refills_authorized}`, 'refills'),
        cell(String(rx.days_supply)), cell(rx.last_filled_on ?? 'never', 'last-filled'), cell(rx.schedule),
        cell(rx.status, 'status'));
      return row;
    }));
}

/** A PATCH from one of the refill panel's buttons; the dispensary's refusal, if any, is shown as it said it. */
async function change(path, body, button, fallback) {
  button.disabled = true;
  const response = await fetch(path, {
    method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  }).catch(() => null);
  const answer = response ? await response.json().catch(() => ({})) : {};
  if (!response || !response.ok) {
    refillsProblem(answer.detail ?? fallback);
  } else if (answer.pickup_call && !answer.pickup_call.queued) {
    refillsProblem(`Ready; no call to the patient: ${answer.pickup_call.reason}`);
  }
  await refreshRefills();
}

function refillsProblem(text) {
  problemUntil = Date.now() + PROBLEM_SHOWN_MS;
  $('refills-status').textContent = text;
  $('refills-status').classList.add('stale');
}

/** The callers who left a message because nobody could take their call, oldest last, until staff call them back. */
async function refreshCallbacks() {
  try {
    const open = await getJson(`/api/callbacks?limit=${CALLBACKS}`);
    renderCallbacks(open.callbacks);
    $('open-callbacks').textContent = open.count < open.limit ? String(open.count) : `${open.count}+`;
    if (Date.now() > callbackProblemUntil) {
      $('callbacks-status').textContent = '';
      $('callbacks-status').classList.remove('stale');
    }
    window.dashboard.callbackRefreshes++;
  } catch (error) {
    window.dashboard.callbackErrors++;
    callbacksProblem(error.message);
  }
}

function renderCallbacks(callbacks) {
  replaceRows($('callbacks').tBodies[0], callbacks.length === 0 ? [emptyRow(7, 'Nobody is waiting for a call back.')]
    : callbacks.map((callback) => {
      const row = element('tr', `callback ${callback.reason}`);
      row.dataset.callbackId = String(callback.id);
      const actions = element('td', 'actions');
      const button = element('button', 'called-back', 'called back');
      button.type = 'button';
      button.addEventListener('click', () => markCalledBack(callback.id, button));
      actions.append(button);
      row.append(cell(String(callback.id)), cell(new Date(callback.requested_at).toLocaleString()),
        cell(callback.caller_number || 'unknown number', 'caller'),
        cell(CALLBACK_REASONS[callback.reason] ?? callback.reason.replaceAll('_', ' '), 'reason'),
        cell(callback.summary, 'summary'), recordingCell(callback), actions);
      return row;
    }));
}

/** A link to the caller's message when its address is http(s), opened apart from this page; its length otherwise. */
function recordingCell(callback) {
  const td = element('td', 'recording');
  if (callback.recording_url === null) {
    td.textContent = 'no message';
    return td;
  }
  const length = `${callback.recording_seconds} s`;
  let address = null;
  try {
    address = new URL(callback.recording_url);
  } catch {
    address = null;
  }
  if (address === null || !LINK_PROTOCOLS.includes(address.protocol)) {
    td.textContent = `${length} (no playable link)`;
    return td;
  }
  const link = element('a', 'recording-link', `listen · ${length}`);
  link.href = address.href;
  link.target = '_blank';
  link.rel = 'noopener noreferrer';
  td.append(link);
  return td;
}

async function markCalledBack(id, button) {
  button.disabled = true;
  const response = await fetch(`/api/callbacks/${id}`, {
    method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ open: false }),
  }).catch(() => null);
  if (!response || !response.ok) {
    const answer = response ? await response.json().catch(() => ({})) : {};
    callbacksProblem(answer.detail ?? `Could not mark callback ${id} called back.`);
  }
  await refreshCallbacks();
}

function callbacksProblem(text) {
  callbackProblemUntil = Date.now() + PROBLEM_SHOWN_MS;
  $('callbacks-status').textContent = text;
  $('callbacks-status').classList.add('stale');
}

/** The pharmacy's calls to patients, newest first, and the numbers it must not call. */
async function refreshOutbound() {
  try {
    const [queue, optOuts] = await Promise.all([getJson(`/api/outbound?limit=${OUTBOUND}`),
      getJson(`/api/opt-outs?limit=${OPT_OUTS}`)]);
    const unknown = new Set(queue.notifications.map((call) => call.patient_id)
      .filter((id) => id !== null && !patientFiles.has(id)));
    await Promise.all([...unknown].map(loadPatientFile));
    renderOutbound(queue.notifications);
    renderOptOuts(optOuts.opt_outs);
    $('queued-calls').textContent = String(queue.notifications.filter((call) => call.state === 'queued'
      || call.state === 'calling').length);
    if (Date.now() > outboundProblemUntil) {
      $('outbound-status').textContent = queue.calls_enabled ? ''
        : 'Calls to patients are off (OUTBOUND_CALLS=false): nothing here is dialled.';
      $('outbound-status').classList.remove('stale');
    }
    window.dashboard.outboundRefreshes++;
  } catch (error) {
    window.dashboard.outboundErrors++;
    outboundProblem(error.message);
  }
}

function renderOutbound(calls) {
  replaceRows($('outbound').tBodies[0], calls.length === 0 ? [emptyRow(10, 'No calls to patients yet.')]
    : calls.map((call) => {
      const row = element('tr', `notification ${call.state}`);
      row.dataset.notificationId = String(call.id);
      const actions = element('td', 'actions');
      if (call.state === 'queued') {
        actions.append(outboundButton(call, 'cancel', 'cancel'));
      }
      if (call.state === 'failed') {
        actions.append(outboundButton(call, 'requeue', 'try again'));
      }
      row.append(cell(String(call.id)), cell(OUTBOUND_KINDS[call.kind] ?? call.kind.replaceAll('_', ' '), 'kind'),
        cell(subject(call.subject), 'subject'),
        call.patient_id === null ? cell('not a patient', 'patient') : patientCell(call.patient_id),
        cell(call.phone, 'phone'), cell(call.state.replaceAll('_', ' '), 'status'), cell(String(call.attempts)),
        cell(call.state === 'queued' ? new Date(call.next_attempt_at).toLocaleString() : ''),
        cell(call.last_outcome === null ? '' : call.last_outcome.replaceAll('_', ' '), 'outcome'), actions);
      return row;
    }));
}

/** What a call is about, from its subject key: a refill, an order, or one fill of a prescription running out. */
function subject(key) {
  const [type, id, filled] = key.split(':');
  if (type === 'refill') {
    return `refill #${id}`;
  }
  if (type === 'order') {
    return `order #${id}`;
  }
  return type === 'rx' ? `Rx ${id}, filled ${filled}` : key;
}

function outboundButton(call, action, label) {
  const button = element('button', action, label);
  button.type = 'button';
  button.addEventListener('click', () => changeOutbound(call.id, action, button));
  return button;
}

async function changeOutbound(id, action, button) {
  button.disabled = true;
  const response = await fetch(`/api/outbound/${id}/${action}`, { method: 'POST' }).catch(() => null);
  if (!response || !response.ok) {
    const answer = response ? await response.json().catch(() => ({})) : {};
    outboundProblem(answer.detail ?? `Could not ${action} call ${id}.`);
  }
  await refreshOutbound();
}

function renderOptOuts(optOuts) {
  replaceRows($('opt-outs').tBodies[0], optOuts.length === 0 ? [emptyRow(3, 'No number has asked for no more calls.')]
    : optOuts.map((optOut) => {
      const row = element('tr', 'opt-out');
      row.append(cell(optOut.phone, 'phone'), cell(new Date(optOut.opted_out_at).toLocaleString()),
        cell(OPT_OUT_SOURCES[optOut.source] ?? optOut.source, 'source'));
      return row;
    }));
}

async function addOptOut() {
  const form = $('opt-out-form');
  const number = String(new FormData(form).get('number') ?? '').trim();
  const response = await fetch('/api/opt-outs', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ number }),
  }).catch(() => null);
  const answer = response ? await response.json().catch(() => ({})) : {};
  if (!response || !response.ok) {
    outboundProblem(answer.detail ?? 'Could not add the number.');
  } else {
    form.reset();
    // Masked like every number on the page (the server masks it): a screen over a counter is seen by more than the one
    // who typed it.
    const shown = answer.phone ?? '';
    outboundProblem(answer.listed_now ? `${shown} gets no more calls.` : `${shown} was on the list already.`, false);
  }
  await refreshOutbound();
}

/** A line under the panel's title for a while: a refusal (red), or what a change did. */
function outboundProblem(text, problem = true) {
  outboundProblemUntil = Date.now() + PROBLEM_SHOWN_MS;
  $('outbound-status').textContent = text;
  $('outbound-status').classList.toggle('stale', problem);
}

/** The charts: calls per hour from the call records, the rest from the server's metrics (each may fail alone). */
async function refreshCharts() {
  const [calls, metrics] = await Promise.allSettled([getJson(`/api/calls?limit=${CHART_CALLS}`),
    getText('/observe/metrics')]);
  const problems = [];
  if (calls.status === 'fulfilled') {
    const bars = callsPerHour(calls.value.calls, new Date());
    const note = calls.value.calls.length >= CHART_CALLS ? ` (the latest ${CHART_CALLS} calls only)` : '';
    drawBars($('chart-calls-per-hour'), `Calls per hour, last ${CHART_HOURS} hours${note}`, bars, 'calls',
      'No calls in the last 24 hours.');
  } else {
    problems.push(calls.reason.message);
  }
  if (metrics.status === 'fulfilled') {
    const samples = prometheusSamples(metrics.value);
    for (const chart of HISTOGRAMS) {
      drawBars($(chart.id), $(chart.id).querySelector('figcaption').textContent,
        histogram(samples, chart.name, chart.labels), 'times', 'Nothing measured yet.');
    }
    drawToolOutcomes($('chart-tool-outcomes'), toolOutcomes(samples));
  } else {
    problems.push(`metrics: ${metrics.reason.message}`);
  }
  $('charts-status').textContent = problems.length ? `Could not draw every chart: ${problems.join('; ')}` : '';
  $('charts-status').classList.toggle('stale', problems.length > 0);
  window.dashboard[problems.length ? 'chartErrors' : 'chartRefreshes']++;
}

/** The calls started in each of the last 24 hours (by this browser's clock and zone), oldest hour first. */
function callsPerHour(calls, now) {
  const lastHour = new Date(now);
  lastHour.setMinutes(0, 0, 0);
  const bars = [];
  for (let i = CHART_HOURS - 1; i >= 0; i--) {
    const start = new Date(lastHour.getTime() - i * 3600_000);
    bars.push({ label: `${String(start.getHours()).padStart(2, '0')}:00`, start: start.getTime(), value: 0 });
  }
  for (const call of calls) {
    const at = call.started_at ? new Date(call.started_at).getTime() : NaN;
    const bar = bars.find((candidate) => at >= candidate.start && at < candidate.start + 3600_000);
    if (bar) {
      bar.value++;
    }
  }
  return bars.map(({ label, value }) => ({ label, value }));
}

/** Prometheus' text format, as {name, labels, value} samples. */
function prometheusSamples(text) {
  const samples = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) {
      continue;
    }
    const labels = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[key] = value;
    }
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

/** A histogram's buckets as bars: how many fell in each bucket (Prometheus counts them cumulatively). */
function histogram(samples, name, labels) {
  // Series that differ in a label the chart does not name (the agent's, say) are added up bucket by bucket.
  const byBound = new Map();
  for (const sample of samples.filter((candidate) => candidate.name === `${name}_bucket`
    && Object.entries(labels).every(([key, value]) => candidate.labels[key] === value))) {
    const bucket = byBound.get(sample.labels.le) ?? { bound: sample.labels.le,
      le: sample.labels.le === '+Inf' ? Infinity : Number(sample.labels.le), total: 0 };
    bucket.total += sample.value;
    byBound.set(sample.labels.le, bucket);
  }
  const buckets = [...byBound.values()].sort((a, b) => a.le - b.le);
  return buckets.map((bucket, i) => ({
    label: bucket.le === Infinity ? `> ${seconds(buckets[i - 1]?.le ?? 0)}` : `≤ ${seconds(bucket.le)}`,
    value: Math.max(0, Math.round(bucket.total - (i ? buckets[i - 1].total : 0))),
    bound: bucket.bound,
  }));
}

/** A bucket's bound as people read it: µs, ms or s. */
function seconds(value) {
  if (value < 0.001) {
    return `${Math.round(value * 1e6)} µs`;
  }
  return value < 1 ? `${Math.round(value * 1000)} ms` : `${Number(value.toFixed(1))} s`;
}

/** Per tool that ran at least once, its calls that succeeded and failed, by name. */
function toolOutcomes(samples) {
  const tools = new Map();
  for (const sample of samples.filter((candidate) => candidate.name === TOOL_CALLS && candidate.labels.tool)) {
    const tool = tools.get(sample.labels.tool) ?? { tool: sample.labels.tool, succeeded: 0, failed: 0 };
    if (sample.labels.outcome === 'succeeded' || sample.labels.outcome === 'failed') {
      tool[sample.labels.outcome] += Math.round(sample.value);
    }
    tools.set(tool.tool, tool);
  }
  return [...tools.values()].filter((tool) => tool.succeeded + tool.failed > 0)
    .sort((a, b) => a.tool.localeCompare(b.tool));
}

/**
 * Vertical bars, one per {label, value}, with the numbers said in the SVG's title and aria-label for those who do
 * not see it; the empty text instead when every value is 0. Redrawn only when the numbers changed.
 */
function drawBars(figure, title, bars, unit, emptyText) {
  const said = `${title}: ${bars.some((bar) => bar.value > 0)
    ? bars.filter((bar) => bar.value > 0).map((bar) => `${bar.label}: ${bar.value}`).join(', ') : 'none'}`;
  if (figure.dataset.said === said) {
    return;
  }
  figure.dataset.said = said;
  const caption = element('figcaption', '', title);
  if (!bars.some((bar) => bar.value > 0)) {
    figure.replaceChildren(caption, element('p', 'empty', emptyText));
    return;
  }
  const width = 44;
  const height = 100;
  const max = Math.max(...bars.map((bar) => bar.value));
  const svg = svgElement('svg', { viewBox: `0 0 ${bars.length * width} ${height + 34}`, role: 'img',
    'aria-label': said });
  svg.append(svgElement('title', {}, said));
  svg.append(svgElement('line', { class: 'axis', x1: 0, y1: height + 14, x2: bars.length * width, y2: height + 14 }));
  const labelEvery = bars.length > 12 ? 3 : 1;
  bars.forEach((bar, i) => {
    const group = svgElement('g', { class: 'bar', 'data-label': bar.label, 'data-value': bar.value,
      ...(bar.bound ? { 'data-le': bar.bound } : {}) });
    const tall = bar.value === 0 ? 0 : Math.max(1, Math.round((bar.value / max) * height));
    group.append(svgElement('title', {}, `${bar.label}: ${bar.value} ${unit}`),
      svgElement('rect', { x: i * width + 3, y: height + 14 - tall, width: width - 6, height: tall }));
    if (bar.value > 0) {
      group.append(svgElement('text', { class: 'value', x: i * width + width / 2, y: height + 10 - tall,
        'text-anchor': 'middle' }, String(bar.value)));
    }
    if (i % labelEvery === 0) {
      group.append(svgElement('text', { x: i * width + width / 2, y: height + 28, 'text-anchor': 'middle' },
        bar.label.replace('≤ ', '')));
    }
    svg.append(group);
  });
  figure.replaceChildren(caption, svg);
}

/** One horizontal bar per tool: its successes, then its failures in red, with the numbers said as text too. */
function drawToolOutcomes(figure, tools) {
  const title = 'Tool calls, succeeded and failed';
  const said = `${title}: ${tools.length ? tools.map((tool) => `${tool.tool}: ${tool.succeeded} succeeded, `
    + `${tool.failed} failed`).join('; ') : 'none'}`;
  if (figure.dataset.said === said) {
    return;
  }
  figure.dataset.said = said;
  const caption = element('figcaption', '', title);
  if (tools.length === 0) {
    figure.replaceChildren(caption, element('p', 'empty', 'No tool has run yet.'));
    return;
  }
  const row = 20;
  const nameWidth = 130;
  const barWidth = 170;
  const max = Math.max(...tools.map((tool) => tool.succeeded + tool.failed));
  const svg = svgElement('svg', { viewBox: `0 0 ${nameWidth + barWidth + 60} ${tools.length * row + 4}`, role: 'img',
    'aria-label': said });
  svg.append(svgElement('title', {}, said));
  tools.forEach((tool, i) => {
    const y = i * row + 2;
    const ok = Math.round((tool.succeeded / max) * barWidth);
    const bad = Math.round((tool.failed / max) * barWidth);
    const group = svgElement('g', { class: 'bar tool', 'data-tool': tool.tool, 'data-succeeded': tool.succeeded,
      'data-failed': tool.failed });
    group.append(svgElement('title', {}, `${tool.tool}: ${tool.succeeded} succeeded, ${tool.failed} failed`),
      svgElement('text', { x: nameWidth - 6, y: y + 13, 'text-anchor': 'end' }, tool.tool),
      svgElement('rect', { class: 'succeeded', x: nameWidth, y, width: ok, height: row - 6 }),
      svgElement('rect', { class: 'failed', x: nameWidth + ok, y, width: bad, height: row - 6 }),
      svgElement('text', { class: 'value', x: nameWidth + ok + bad + 4, y: y + 13 },
        [tool.succeeded ? `${tool.succeeded} ok` : '', tool.failed ? `${tool.failed} failed` : ''].filter(Boolean).join(' · ')));
    svg.append(group);
  });
  figure.replaceChildren(caption, svg);
}

function svgElement(tag, attributes, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    node.setAttribute(name, String(value));
  }
  if (text !== undefined) {
    node.textContent = text; // tool names come from the server's metrics: text, never markup
  }
  return node;
}

/**
 * Puts `rows` in the table body unless it shows exactly that already. The panels refresh every second, and rows
 * rebuilt each time would replace a button under the pointer between press and release (the click is lost), move
 * keyboard focus off it and undo a selection; a body whose buttons were disabled by a click is rebuilt.
 */
function replaceRows(body, rows) {
  if (body.innerHTML !== rows.map((row) => row.outerHTML).join('')) {
    body.replaceChildren(...rows);
  }
}

function emptyRow(columns, text) {
  const row = element('tr', 'none');
  const td = cell(text, 'empty');
  td.colSpan = columns;
  row.append(td);
  return row;
}

function duration(call) {
  if (!call.started_at) {
    return '';
  }
  const end = call.ended_at ? new Date(call.ended_at) : new Date();
  const seconds = Math.max(0, Math.round((end - new Date(call.started_at)) / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

async function getJson(path) {
  const response = await fetch(path, { cache: 'no-store' });
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    throw new Error(body.detail ?? `${path} answered ${response.status}`);
  }
  return response.json();
}

async function getText(path) {
  const response = await fetch(path, { cache: 'no-store', headers: { Accept: 'text/plain' } });
  if (!response.ok) {
    throw new Error(`${path} answered ${response.status}`);
  }
  return response.text();
}

function cell(text, className = '') {
  return element('td', className, text);
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) {
    node.textContent = text; // never innerHTML: names, transcripts and tool results are untrusted text
  }
  return node;
}
