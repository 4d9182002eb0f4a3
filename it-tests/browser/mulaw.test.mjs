// The softphone's codec and resampler, checked in Node (node --test mulaw.test.mjs): the bytes the page sends must be
// the G.711 μ-law that Twilio sends. Expected bytes were computed with Python's audioop (Sun's g711.c algorithm).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeByte, encodeSample, Downsampler, floatToMulaw, mulawToFloat } from '../../application/src/main/resources/web/mulaw.js';

const ENCODED = [[0, 255], [1, 255], [-1, 126], [4, 254], [-4, 126], [31, 251], [-31, 123], [100, 242], [-100, 114],
  [1000, 206], [-1000, 78], [4095, 175], [-4096, 47], [8000, 160], [-8000, 32], [12345, 151], [-12345, 23],
  [20000, 140], [-20000, 12], [32124, 128], [-32124, 0], [32767, 128], [-32768, 0]];
const DECODED = [[0x00, -32124], [0x01, -31100], [0x0f, -16764], [0x10, -15996], [0x7e, -8], [0x7f, 0], [0x80, 32124],
  [0x81, 31100], [0xa0, 7932], [0xf0, 120], [0xfe, 8], [0xff, 0]];

test('linear samples encode to the G.711 mu-law bytes Twilio uses', () => {
  for (const [linear, byte] of ENCODED) {
    assert.equal(encodeSample(linear), byte, `encode(${linear})`);
  }
});

test('mu-law bytes decode to the G.711 linear values', () => {
  for (const [byte, linear] of DECODED) {
    assert.equal(decodeByte(byte), linear, `decode(0x${byte.toString(16)})`);
  }
});

test('every byte survives decode then encode unchanged except negative zero', () => {
  for (let byte = 0; byte < 256; byte++) {
    const again = encodeSample(decodeByte(byte));
    assert.equal(again, byte === 0x7f ? 0xff : byte, `byte 0x${byte.toString(16)}`);
  }
});

test('float samples round-trip through mu-law within one quantisation step', () => {
  const samples = Float32Array.from([0, 0.01, -0.01, 0.25, -0.25, 0.5, -0.5, 0.9, -0.9]);
  const back = mulawToFloat(floatToMulaw(samples));
  samples.forEach((value, i) => assert.ok(Math.abs(back[i] - value) <= Math.max(0.001, Math.abs(value) * 0.07),
    `${value} came back as ${back[i]}`));
});

function tone(frequency, rate, seconds, amplitude = 0.5) {
  return Float32Array.from({ length: Math.round(rate * seconds) }, (_, i) => amplitude * Math.sin(2 * Math.PI * frequency * i / rate));
}

function rms(samples, skip) {
  let sum = 0;
  for (let i = skip; i < samples.length; i++) sum += samples[i] * samples[i];
  return Math.sqrt(sum / (samples.length - skip));
}

function zeroCrossings(samples, skip) {
  let count = 0;
  for (let i = skip + 1; i < samples.length; i++) if ((samples[i - 1] < 0) !== (samples[i] < 0)) count++;
  return count;
}

for (const rate of [48000, 44100, 16000]) {
  test(`a 1 kHz tone at ${rate} Hz comes out at 8 kHz with its pitch and loudness`, () => {
    const down = new Downsampler(rate);
    const input = tone(1000, rate, 1);
    const out = [];
    // In 128-sample render quanta, as an AudioWorklet gets them.
    for (let i = 0; i < input.length; i += 128) out.push(...down.push(input.subarray(i, i + 128)));
    assert.ok(Math.abs(out.length - 8000) <= 1, `${out.length} samples for one second`);
    const settled = 100;
    assert.ok(Math.abs(rms(out, settled) - 0.5 / Math.SQRT2) < 0.02, `rms ${rms(out, settled)}`);
    const crossings = zeroCrossings(out, settled) / ((out.length - settled) / 8000);
    assert.ok(Math.abs(crossings - 2000) < 20, `${crossings} zero crossings a second`);
  });
}

test('a 6 kHz tone, above the telephone band, is filtered out instead of folding back as a 2 kHz alias', () => {
  const down = new Downsampler(48000);
  const out = down.push(tone(6000, 48000, 1));
  assert.ok(rms(out, 100) < 0.5 / Math.SQRT2 / 30, `rms ${rms(out, 100)} (input rms ${0.5 / Math.SQRT2})`);
});
