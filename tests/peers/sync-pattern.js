// The flash/beep sync pattern of Support/SyncPattern.cs, generated in JS for wrtc's nonstandard sources:
// video 640x360 I420 at 30 fps, black with one all-white frame at every whole second and a moving grey bar (so the
// encoder always has content); audio 48 kHz mono 16-bit in 10 ms chunks, a 50 ms 1 kHz beep at every whole second.
'use strict';

const WIDTH = 640;
const HEIGHT = 360;
const FPS = 30;
const SAMPLE_RATE = 48000;
const SAMPLES_PER_CHUNK = 480; // 10 ms
const BEEP_CHUNKS = 5; // 50 ms

// Studio-range luma (BT.601): 16 is black, 235 white; chroma 128 is grey.
const Y_BLACK = 16;
const Y_WHITE = 235;
const Y_BAR = 120;
const BAR_WIDTH = 48;
const ySize = WIDTH * HEIGHT;
const cSize = (WIDTH / 2) * (HEIGHT / 2);

// wrtc copies the frame inside onFrame, so two buffers are reused instead of allocating 345,600 bytes per frame.
const whiteFrame = new Uint8Array(ySize + 2 * cSize);
whiteFrame.fill(Y_WHITE, 0, ySize);
whiteFrame.fill(128, ySize);
const darkFrame = new Uint8Array(ySize + 2 * cSize);
darkFrame.fill(128, ySize);

function makeVideoFrame(n) {
  if (n % FPS === 0) return { width: WIDTH, height: HEIGHT, data: whiteFrame };
  const y = darkFrame.subarray(0, ySize);
  y.fill(Y_BLACK);
  // A bar sweeping across in 2 s, with a diagonal stripe pattern inside so the motion search has texture.
  const x0 = Math.floor(((n % (2 * FPS)) / (2 * FPS)) * (WIDTH - BAR_WIDTH));
  for (let row = HEIGHT / 4; row < (3 * HEIGHT) / 4; row++) {
    const base = row * WIDTH + x0;
    for (let col = 0; col < BAR_WIDTH; col++) y[base + col] = ((row + col) & 8) ? Y_BAR : Y_BAR - 40;
  }
  return { width: WIDTH, height: HEIGHT, data: darkFrame };
}

const silence = new Int16Array(SAMPLES_PER_CHUNK);

// Chunk k covers [k * 10 ms, (k + 1) * 10 ms); the sine runs on absolute sample time like ffmpeg's aevalsrc pattern.
function makeAudioChunk(k) {
  if (k % 100 >= BEEP_CHUNKS) return silence;
  const samples = new Int16Array(SAMPLES_PER_CHUNK);
  const first = k * SAMPLES_PER_CHUNK;
  for (let i = 0; i < SAMPLES_PER_CHUNK; i++) {
    samples[i] = Math.round(0.5 * 32767 * Math.sin((2 * Math.PI * 1000 * (first + i)) / SAMPLE_RATE));
  }
  return samples;
}

module.exports = { WIDTH, HEIGHT, FPS, SAMPLE_RATE, SAMPLES_PER_CHUNK, makeVideoFrame, makeAudioChunk };
