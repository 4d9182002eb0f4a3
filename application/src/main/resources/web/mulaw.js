// G.711 μ-law at 8 kHz, the audio of Twilio Media Streams, and the resampling between it and the browser's rate.
// An ES module: the audio worklet imports it, and so do the codec tests under it-tests/browser.

const BIAS = 0x84;
/** Upper ends of the eight μ-law segments, on the 14-bit scale. */
const SEGMENT_ENDS = [0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff, 0x1fff];

/** One 16-bit linear sample to its μ-law byte (ITU-T G.711 as in Sun's g711.c, which Python's audioop also uses). */
export function encodeSample(sample) {
  let pcm = Math.max(-32768, Math.min(32767, Math.round(sample))) >> 2;
  let mask = 0xff;
  if (pcm < 0) {
    pcm = -pcm;
    mask = 0x7f;
  }
  pcm = Math.min(pcm, 8159) + (BIAS >> 2);
  let segment = 0;
  while (segment < 8 && pcm > SEGMENT_ENDS[segment]) {
    segment++;
  }
  if (segment >= 8) {
    return 0x7f ^ mask;
  }
  return ((segment << 4) | ((pcm >> (segment + 1)) & 0x0f)) ^ mask;
}

/** One μ-law byte to its 16-bit linear sample. */
export function decodeByte(byte) {
  const u = ~byte & 0xff;
  const exponent = (u >> 4) & 0x07;
  const magnitude = ((((u & 0x0f) << 3) + BIAS) << exponent) - BIAS;
  // 0 - magnitude, not -magnitude: negative zero would be a different number to Object.is.
  return u & 0x80 ? 0 - magnitude : magnitude;
}

const DECODED = new Float32Array(256);
for (let i = 0; i < 256; i++) {
  DECODED[i] = decodeByte(i) / 32768;
}

/** The byte μ-law uses for silence. */
export const SILENCE = 0xff;

/** μ-law bytes to samples in [-1, 1). */
export function mulawToFloat(bytes) {
  const out = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    out[i] = DECODED[bytes[i]];
  }
  return out;
}

/** Samples in [-1, 1] to μ-law bytes. */
export function floatToMulaw(samples) {
  const out = new Uint8Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    out[i] = encodeSample(samples[i] * 32767);
  }
  return out;
}

/**
 * Streams samples from the browser's rate down to 8 kHz: a windowed-sinc low-pass below 4 kHz (no aliasing of the
 * upper voice band into the telephone band), then linear interpolation at the exact rate ratio.
 */
export class Downsampler {
  constructor(inputRate, outputRate = 8000, taps = 63) {
    this.step = inputRate / outputRate;
    this.kernel = lowPass(Math.min(3600, outputRate * 0.45) / inputRate, taps);
    this.history = new Float32Array(taps);
    this.filled = 0;
    this.position = 0; // input index (relative to the next input sample) of the next output sample
    this.previous = 0;
    this.passThrough = inputRate === outputRate;
  }

  /** The 8 kHz samples that the given input samples complete; keeps the rest for the next call. */
  push(input) {
    if (this.passThrough) {
      return Float32Array.from(input);
    }
    const out = [];
    const { kernel, history } = this;
    const taps = kernel.length;
    for (let i = 0; i < input.length; i++) {
      history.copyWithin(0, 1);
      history[taps - 1] = input[i];
      let filtered = 0;
      for (let k = 0; k < taps; k++) {
        filtered += kernel[k] * history[k];
      }
      // Output samples that fall between the previous filtered sample (at -1) and this one (at 0).
      while (this.position <= 0) {
        const t = this.position + 1;
        out.push(this.previous + (filtered - this.previous) * t);
        this.position += this.step;
      }
      this.position -= 1;
      this.previous = filtered;
    }
    return Float32Array.from(out);
  }
}

function lowPass(cutoff, taps) {
  const kernel = new Float32Array(taps);
  const middle = (taps - 1) / 2;
  let sum = 0;
  for (let i = 0; i < taps; i++) {
    const x = i - middle;
    const sinc = x === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * x) / (Math.PI * x);
    const window = 0.54 - 0.46 * Math.cos((2 * Math.PI * i) / (taps - 1));
    kernel[i] = sinc * window;
    sum += kernel[i];
  }
  for (let i = 0; i < taps; i++) {
    kernel[i] /= sum;
  }
  return kernel;
}
