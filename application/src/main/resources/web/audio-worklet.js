// The softphone's audio thread: the microphone becomes 20 ms μ-law frames, and the agent's μ-law is played back
// through a small jitter buffer, with Twilio's mark and clear behaviour. Loaded with audioWorklet.addModule().
import { Downsampler, encodeSample, mulawToFloat } from './mulaw.js';

const FRAME_BYTES = 160; // 20 ms at 8 kHz, as Twilio sends it
const STATS_EVERY_QUANTA = 8;

/** Microphone → 8 kHz μ-law, posted to the page one 160-byte frame at a time, with the frame's peak level. */
class MulawCapture extends AudioWorkletProcessor {
  constructor() {
    super();
    this.down = new Downsampler(sampleRate);
    this.frame = new Uint8Array(FRAME_BYTES);
    this.filled = 0;
    this.peak = 0;
  }

  process(inputs) {
    const input = inputs[0];
    if (!input || input.length === 0) {
      return true;
    }
    const samples = this.down.push(input[0]);
    for (let i = 0; i < samples.length; i++) {
      const sample = Math.max(-1, Math.min(1, samples[i]));
      this.peak = Math.max(this.peak, Math.abs(sample));
      this.frame[this.filled++] = encodeSample(sample * 32767);
      if (this.filled === FRAME_BYTES) {
        this.port.postMessage({ type: 'frame', bytes: this.frame, peak: this.peak }, [this.frame.buffer]);
        this.frame = new Uint8Array(FRAME_BYTES);
        this.filled = 0;
        this.peak = 0;
      }
    }
    return true;
  }
}

/**
 * The agent's 8 kHz audio → the speakers. Playback starts once JITTER_MS is queued (or the oldest audio has waited
 * that long), an underrun re-buffers, a mark is echoed when everything queued before it has played (at once if
 * nothing is queued), and clear drops everything queued and echoes every pending mark — as Twilio does.
 */
class MulawPlayback extends AudioWorkletProcessor {
  static JITTER_MS = 60;

  constructor() {
    super();
    this.queue = []; // {samples: Float32Array, offset} or {mark: name}
    this.queuedSamples = 0;
    this.step = 8000 / sampleRate;
    this.position = 0; // fractional position within the current 8 kHz sample pair
    this.current = 0;
    this.next = 0;
    this.buffering = true;
    this.waitingSince = -1;
    this.played = 0;
    this.audible = 0;
    this.quanta = 0;
    this.port.onmessage = (event) => this.receive(event.data);
  }

  receive(message) {
    if (message.type === 'audio') {
      if (this.queuedSamples === 0 && this.waitingSince < 0) {
        this.waitingSince = currentTime;
      }
      const samples = mulawToFloat(message.bytes);
      this.queue.push({ samples, offset: 0 });
      this.queuedSamples += samples.length;
    } else if (message.type === 'mark') {
      if (this.queuedSamples === 0) {
        this.port.postMessage({ type: 'mark', name: message.name, played: this.played });
      } else {
        this.queue.push({ mark: message.name });
      }
    } else if (message.type === 'clear') {
      const dropped = this.queuedSamples;
      for (const item of this.queue) {
        if (item.mark !== undefined) {
          this.port.postMessage({ type: 'mark', name: item.mark, played: this.played });
        }
      }
      this.queue = [];
      this.queuedSamples = 0;
      this.buffering = true;
      this.waitingSince = -1;
      this.port.postMessage({ type: 'cleared', dropped, played: this.played });
    }
  }

  /** The next 8 kHz sample, echoing marks that it passes; null when nothing is queued. */
  take() {
    while (this.queue.length > 0) {
      const head = this.queue[0];
      if (head.mark !== undefined) {
        this.queue.shift();
        this.port.postMessage({ type: 'mark', name: head.mark, played: this.played });
        continue;
      }
      if (head.offset < head.samples.length) {
        this.queuedSamples--;
        return head.samples[head.offset++];
      }
      this.queue.shift();
    }
    return null;
  }

  process(inputs, outputs) {
    const output = outputs[0][0];
    if (this.buffering) {
      const waited = this.waitingSince >= 0 ? (currentTime - this.waitingSince) * 1000 : 0;
      if (this.queuedSamples >= MulawPlayback.JITTER_MS * 8 || (this.queuedSamples > 0 && waited >= MulawPlayback.JITTER_MS)) {
        this.buffering = false;
      } else {
        // A mark behind no audio at all (e.g. after an underrun) is due now.
        if (this.queuedSamples === 0) {
          this.take();
        }
        output.fill(0);
        this.report();
        return true;
      }
    }
    for (let i = 0; i < output.length; i++) {
      this.position += this.step;
      while (this.position >= 1) {
        const sample = this.take();
        if (sample === null) {
          // Underrun: silence from here, and buffer again before the next audio plays.
          output.fill(0, i);
          this.buffering = true;
          this.waitingSince = -1;
          this.position = 0;
          this.report();
          return true;
        }
        this.position -= 1;
        this.current = this.next;
        this.next = sample;
        this.played++;
        if (Math.abs(sample) > 0.01) {
          this.audible++;
        }
      }
      output[i] = this.current + (this.next - this.current) * this.position;
    }
    for (let channel = 1; channel < outputs[0].length; channel++) {
      outputs[0][channel].set(output);
    }
    this.report();
    return true;
  }

  report() {
    if (++this.quanta % STATS_EVERY_QUANTA === 0) {
      this.port.postMessage({ type: 'stats', played: this.played, audible: this.audible, queued: this.queuedSamples });
    }
  }
}

registerProcessor('mulaw-capture', MulawCapture);
registerProcessor('mulaw-playback', MulawPlayback);
