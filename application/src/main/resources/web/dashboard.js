// The staff dashboard: calls in progress, recent calls with their transcript, tool calls and end reason, and the
// orders with their status, refreshed every second from the staff JSON API (/api/calls, /api/orders).

const REFRESH_MS = 1000;
const RECENT_CALLS = 20;
const DETAILED_RECENT_CALLS = 5;
const ORDERS = 25;
/** The moves the counter allows (PharmacyCounter decides; this only offers the buttons). */
const NEXT_STATUSES = { pending: ['ready', 'cancelled'], ready: ['picked_up', 'cancelled'] };

const $ = (id) => document.getElementById(id);
const details = new Map(); // call_sid -> full record, kept once a call has ended
window.dashboard = { refreshes: 0, errors: 0 };

refresh();
setInterval(refresh, REFRESH_MS);

async function refresh() {
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
  body.replaceChildren(...orders.map((order) => {
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
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    $('refreshed').textContent = body.detail ?? `Could not change order ${id}.`;
    $('refreshed').classList.add('stale');
  }
  await refresh();
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
    throw new Error(`${path} answered ${response.status}`);
  }
  return response.json();
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
