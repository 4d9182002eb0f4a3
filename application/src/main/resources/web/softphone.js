// The browser softphone: asks the server for a call (CallSid + one-time stream token), then speaks the Twilio Media
// Streams protocol over a WebSocket — connected, start, 20 ms μ-law media frames, marks echoed once played, stop —
// exactly as Twilio would for a phone call, and shows the call's transcript and tool calls from /api/calls/{sid}.

const FRAME_MS = 20;
const POLL_MS = 500;
const POLL_AFTER_END_MS = 4000;

const $ = (id) => document.getElementById(id);

/** What the page did, for people (the stats line) and for the browser test (window.softphone). */
const stats = {
  state: 'idle',
  callSid: null,
  streamSid: null,
  sent: { frames: 0, bytes: 0, audibleFrames: 0 },
  received: { media: 0, bytes: 0, marks: 0, clears: 0 },
  played: { samples: 0, audible: 0, queued: 0 },
  marksEchoed: [],
  droppedOnClear: 0,
  playedAtClear: null,
  closed: null,
  error: null,
  transcriptLines: 0,
  toolCalls: 0,
  endReason: null,
};
window.softphone = stats;

let call = null;

$('call').addEventListener('click', () => startCall().catch(fail));
$('hangup').addEventListener('click', () => hangUp());

async function startCall() {
  if (call) {
    return;
  }
  if (!window.isSecureContext || !navigator.mediaDevices || !window.AudioWorkletNode) {
    throw new Error('This page needs a secure context for the microphone: open it as http://localhost:… or over https.');
  }
  resetView();
  setState('connecting', 'Asking the server for a line…');
  $('call').disabled = true;
  const session = await postJson('/softphone/session');
  call = { session, sequence: 0, chunk: 0, started: false, ended: false, lastRender: '' };
  stats.callSid = session.call_sid;
  $('call-info').textContent = `Call ${session.call_sid}`;

  setState('connecting', 'Opening the microphone…');
  call.media = await navigator.mediaDevices.getUserMedia({
    audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true, autoGainControl: true },
  });
  call.ctx = new AudioContext({ latencyHint: 'interactive' });
  await call.ctx.audioWorklet.addModule('/web/audio-worklet.js');
  await call.ctx.resume();
  call.capture = new AudioWorkletNode(call.ctx, 'mulaw-capture', { numberOfInputs: 1, numberOfOutputs: 1, outputChannelCount: [1] });
  call.playback = new AudioWorkletNode(call.ctx, 'mulaw-playback', { numberOfInputs: 0, numberOfOutputs: 1, outputChannelCount: [1] });
  call.ctx.createMediaStreamSource(call.media).connect(call.capture);
  // The capture node outputs silence; connecting it keeps the audio graph pulling it.
  call.capture.connect(call.ctx.destination);
  call.playback.connect(call.ctx.destination);
  call.capture.port.onmessage = (event) => captured(event.data);
  call.playback.port.onmessage = (event) => playbackReport(event.data);

  setState('connecting', 'Connecting the call…');
  call.streamSid = 'MZ' + randomHex(16);
  call.accountSid = 'AC' + randomHex(16);
  stats.streamSid = call.streamSid;
  const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${session.stream_path}`);
  call.ws = ws;
  ws.onopen = () => opened();
  ws.onmessage = (event) => serverMessage(event.data);
  ws.onclose = (event) => ended(event.code, event.reason);
  ws.onerror = () => { stats.error = stats.error || 'the WebSocket failed'; };
}

function opened() {
  send({ event: 'connected', protocol: 'Call', version: '1.0.0' });
  send({
    event: 'start',
    sequenceNumber: nextSequence(),
    start: {
      accountSid: call.accountSid,
      streamSid: call.streamSid,
      callSid: call.session.call_sid,
      tracks: ['inbound'],
      customParameters: { streamToken: call.session.stream_token, CallSid: call.session.call_sid },
      mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
    },
    streamSid: call.streamSid,
  });
  call.started = true;
  $('hangup').disabled = false;
  setState('in-call', 'In call — speak to the pharmacy assistant.');
  call.poller = setInterval(pollRecords, POLL_MS);
}

/** One 20 ms μ-law frame from the microphone: a Twilio media message, as soon as it exists. */
function captured(frame) {
  $('mic-level').value = frame.peak;
  if (!call || !call.started || call.ended || call.ws.readyState !== WebSocket.OPEN) {
    return;
  }
  call.chunk++;
  send({
    event: 'media',
    sequenceNumber: nextSequence(),
    media: { track: 'inbound', chunk: String(call.chunk), timestamp: String((call.chunk - 1) * FRAME_MS), payload: toBase64(frame.bytes) },
    streamSid: call.streamSid,
  });
  stats.sent.frames++;
  stats.sent.bytes += frame.bytes.length;
  if (frame.peak > 0.02) {
    stats.sent.audibleFrames++;
  }
}

function serverMessage(text) {
  let message;
  try {
    message = JSON.parse(text);
  } catch {
    return;
  }
  if (!call || message.streamSid !== call.streamSid) {
    return;
  }
  switch (message.event) {
    case 'media': {
      const bytes = fromBase64(message.media.payload);
      stats.received.media++;
      stats.received.bytes += bytes.length;
      call.playback.port.postMessage({ type: 'audio', bytes }, [bytes.buffer]);
      break;
    }
    case 'mark':
      stats.received.marks++;
      call.playback.port.postMessage({ type: 'mark', name: message.mark.name });
      break;
    case 'clear':
      stats.received.clears++;
      call.playback.port.postMessage({ type: 'clear' });
      break;
    default:
      break;
  }
}

function playbackReport(report) {
  if (report.type === 'stats') {
    const audible = report.audible - stats.played.audible;
    const played = report.played - stats.played.samples;
    $('agent-level').value = played > 0 ? Math.min(1, audible / played) : 0;
    stats.played = { samples: report.played, audible: report.audible, queued: report.queued };
    showAudioStats();
  } else if (report.type === 'mark') {
    // Twilio echoes a mark once the audio before it has played (or was cleared): so does the page.
    stats.marksEchoed.push({ name: report.name, played: report.played });
    if (call && !call.ended && call.ws.readyState === WebSocket.OPEN) {
      send({ event: 'mark', sequenceNumber: nextSequence(), streamSid: call.streamSid, mark: { name: report.name } });
    }
  } else if (report.type === 'cleared') {
    stats.droppedOnClear += report.dropped;
    stats.playedAtClear = report.played;
  }
}

function hangUp() {
  if (!call || call.ended) {
    return;
  }
  if (call.started && call.ws.readyState === WebSocket.OPEN) {
    send({
      event: 'stop',
      sequenceNumber: nextSequence(),
      stop: { accountSid: call.accountSid, callSid: call.session.call_sid },
      streamSid: call.streamSid,
    });
    call.ws.close(1000, 'caller hung up');
  }
  ended(1000, 'you hung up');
}

function ended(code, reason) {
  if (!call || call.ended) {
    return;
  }
  call.ended = true;
  stats.closed = { code, reason };
  setState('ended', `Call ended${reason ? ': ' + reason.toLowerCase().replaceAll('_', ' ') : ''} (${code}).`);
  $('hangup').disabled = true;
  $('call').disabled = false;
  const finished = call;
  finished.media?.getTracks().forEach((track) => track.stop());
  // Let the agent's last words play out, then release the audio device.
  const closeAudio = () => finished.ctx?.close().catch(() => {});
  const started = Date.now();
  const drain = setInterval(() => {
    if (stats.played.queued === 0 || Date.now() - started > 5000) {
      clearInterval(drain);
      closeAudio();
    }
  }, 100);
  setTimeout(() => {
    clearInterval(finished.poller);
    pollRecords(finished);
    if (call === finished) {
      call = null;
    }
  }, POLL_AFTER_END_MS);
}

async function pollRecords(which = call) {
  if (!which || !which.session) {
    return;
  }
  let record;
  try {
    const response = await fetch(`/api/calls/${encodeURIComponent(which.session.call_sid)}`, { cache: 'no-store' });
    if (!response.ok) {
      return; // 404 until the first record is written
    }
    record = await response.json();
  } catch {
    return;
  }
  // The words, not just how many: lines said before a name was known are masked again once it is.
  const fingerprint = JSON.stringify([record.transcript.map((line) => line.text), record.tool_calls.length,
    record.end_reason]);
  if (fingerprint === which.lastRender) {
    return;
  }
  which.lastRender = fingerprint;
  renderTranscript(record.transcript);
  renderTools(record.tool_calls);
  if (record.end_reason) {
    stats.endReason = record.end_reason.toLowerCase();
    $('call-info').textContent = `Call ${record.call_sid} — ended: ${stats.endReason.replaceAll('_', ' ')}`;
  }
}

function renderTranscript(lines) {
  const list = $('transcript');
  list.replaceChildren(...lines.map((line) => {
    const item = element('li', `line ${line.speaker}`);
    item.append(element('span', 'speaker', line.speaker === 'agent' ? 'Agent' : 'You'), element('span', 'text', line.text));
    return item;
  }));
  stats.transcriptLines = lines.length;
  list.lastElementChild?.scrollIntoView({ block: 'nearest' });
}

function renderTools(calls) {
  $('tools').replaceChildren(...calls.map((tool) => {
    const item = element('li', `tool-call ${tool.succeeded ? 'succeeded' : 'failed'}`);
    item.dataset.tool = tool.tool;
    const head = element('div', 'tool-head');
    head.append(element('span', 'tool-name', tool.tool), element('span', 'tool-arguments', compactJson(tool.arguments)),
      element('span', 'tool-outcome', `${tool.succeeded ? 'ok' : 'failed'} · ${tool.duration_ms} ms`));
    item.append(head, element('pre', 'tool-result', prettyJson(tool.result)));
    return item;
  }));
  stats.toolCalls = calls.length;
}

function showAudioStats() {
  const sent = (stats.sent.frames * FRAME_MS / 1000).toFixed(1);
  const played = (stats.played.samples / 8000).toFixed(1);
  $('audio-stats').textContent = `sent ${sent} s of audio in ${stats.sent.frames} frames · agent audio played ${played} s`
    + ` · marks echoed ${stats.marksEchoed.length} · barge-ins ${stats.received.clears}`;
}

function resetView() {
  Object.assign(stats, {
    callSid: null, streamSid: null, closed: null, error: null, endReason: null, transcriptLines: 0, toolCalls: 0,
    sent: { frames: 0, bytes: 0, audibleFrames: 0 }, received: { media: 0, bytes: 0, marks: 0, clears: 0 },
    played: { samples: 0, audible: 0, queued: 0 }, marksEchoed: [], droppedOnClear: 0, playedAtClear: null,
  });
  $('transcript').replaceChildren();
  $('tools').replaceChildren();
  $('call-info').textContent = '';
  $('audio-stats').textContent = '';
}

function fail(error) {
  stats.error = error.message;
  setState('error', error.message);
  if (call) {
    call.media?.getTracks().forEach((track) => track.stop());
    call.ctx?.close().catch(() => {});
    if (call.ws && call.ws.readyState <= WebSocket.OPEN) {
      call.ws.close(1000, 'page error');
    }
    clearInterval(call.poller);
    call = null;
  }
  $('call').disabled = false;
  $('hangup').disabled = true;
}

function setState(state, text) {
  stats.state = state;
  const status = $('status');
  status.dataset.state = state;
  status.textContent = text;
}

async function postJson(path) {
  const response = await fetch(path, { method: 'POST', cache: 'no-store' });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new Error(body.detail || `The server answered ${response.status} to ${path}.`);
  }
  return body;
}

function send(message) {
  call.ws.send(JSON.stringify(message));
}

function nextSequence() {
  call.sequence++;
  return String(call.sequence);
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) {
    node.textContent = text; // never innerHTML: transcripts and tool results are untrusted text
  }
  return node;
}

function compactJson(text) {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text;
  }
}

function prettyJson(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function toBase64(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i++) {
    binary += String.fromCharCode(bytes[i]);
  }
  return btoa(binary);
}

function fromBase64(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes;
}

function randomHex(bytes) {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
}
