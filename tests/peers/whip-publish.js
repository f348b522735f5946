#!/usr/bin/env node
// WHIP publisher (RFC 9725) built on @roamhq/wrtc (libwebrtc): a second, non-browser WebRTC implementation for the
// interop tests. It sends the flash/beep sync pattern (Support/SyncPattern.cs) from JS-generated frames and samples.
//
//   node whip-publish.js --url URL --token TOKEN --seconds N [--video vp8|vp9|av1|none] [--audio on|off]
//                        [--connect-timeout S]
//
// Exit codes: 0 published and DELETEd; 2 not connected in time (or ICE/DTLS failed); 3 the POST was not answered with
// 201 (status and body on stderr) or the answer was unusable; 64 bad arguments; 1 anything else; 143 SIGTERM.
// stdout: exactly one JSON line (on 0 and on SIGTERM after connecting). Diagnostics go to stderr.
// Only the given URL's origin is ever contacted: no STUN/TURN servers, and a Location on another origin is refused.
'use strict';

const { RTCPeerConnection, RTCRtpSender, nonstandard } = require('@roamhq/wrtc');
const { makeVideoFrame, makeAudioChunk, WIDTH, HEIGHT, FPS, SAMPLES_PER_CHUNK, SAMPLE_RATE } = require('./sync-pattern');

const started = process.hrtime.bigint();
const elapsedMs = () => Number(process.hrtime.bigint() - started) / 1e6;
const log = (...a) => console.error(`[whip-publish ${elapsedMs().toFixed(0)}ms]`, ...a);

function parseArgs(argv) {
  const o = { video: 'vp8', audio: 'on', connectTimeout: 10, seconds: NaN };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = argv[i + 1];
    if (v === undefined) throw new Error(`missing value for ${k}`);
    switch (k) {
      case '--url': o.url = v; break;
      case '--token': o.token = v; break;
      case '--seconds': o.seconds = Number(v); break;
      case '--video': o.video = v.toLowerCase(); break;
      case '--audio': o.audio = v.toLowerCase(); break;
      case '--connect-timeout': o.connectTimeout = Number(v); break;
      default: throw new Error(`unknown argument ${k}`);
    }
    i++;
  }
  if (!o.url) throw new Error('--url is required');
  const u = new URL(o.url);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('--url must be http(s)');
  if (o.token === undefined) throw new Error('--token is required');
  if (!(o.seconds > 0)) throw new Error('--seconds must be > 0');
  if (!(o.connectTimeout > 0)) throw new Error('--connect-timeout must be > 0');
  if (!['vp8', 'vp9', 'av1', 'none'].includes(o.video)) throw new Error('--video must be vp8|vp9|av1|none');
  if (!['on', 'off'].includes(o.audio)) throw new Error('--audio must be on|off');
  if (o.video === 'none' && o.audio === 'off') throw new Error('nothing to send (--video none --audio off)');
  return o;
}

let opts;
try {
  opts = parseArgs(process.argv.slice(2));
} catch (e) {
  console.error(`whip-publish: ${e.message}`);
  process.exit(64);
}

const state = {
  pc: null,
  location: null,
  deleteStatus: null,
  deleting: null,
  timeline: [],
  publishing: false,
  stopPacing: null,
  tracks: [],
  exiting: false,
  offeredVideoCodecs: [],
  answer: null,
};

// Puts the requested codec first with RTCRtpTransceiver.setCodecPreferences (wrtc 0.10 has it), keeping the others
// (and rtx/red/ulpfec) after it so the answerer may still pick another one.
function preferVideoCodec(transceiver, name) {
  const mime = `VIDEO/${name.toUpperCase()}`;
  const codecs = RTCRtpSender.getCapabilities('video').codecs;
  // VP9 profile 0 is the 8-bit profile every decoder has; profile 2 is 10-bit.
  const rank = (c) => (c.mimeType.toUpperCase() !== mime ? 2 : /profile-id=2/.test(c.sdpFmtpLine || '') ? 1 : 0);
  const ordered = codecs.map((c, i) => ({ c, i })).sort((a, b) => rank(a.c) - rank(b.c) || a.i - b.i).map((x) => x.c);
  if (rank(ordered[0]) !== 0) throw new Error(`wrtc cannot send ${mime}`);
  transceiver.setCodecPreferences(ordered);
}

function waitForGathering(pc, timeoutMs) {
  if (pc.iceGatheringState === 'complete') return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => { pc.removeEventListener('icegatheringstatechange', onChange); resolve(false); }, timeoutMs);
    function onChange() {
      if (pc.iceGatheringState === 'complete') {
        clearTimeout(timer);
        pc.removeEventListener('icegatheringstatechange', onChange);
        resolve(true);
      }
    }
    pc.addEventListener('icegatheringstatechange', onChange);
  });
}

function waitForConnected(pc, timeoutMs) {
  return new Promise((resolve) => {
    const check = () => {
      if (pc.connectionState === 'connected') done('connected');
      else if (pc.connectionState === 'failed' || pc.connectionState === 'closed') done(pc.connectionState);
    };
    const timer = setTimeout(() => done('timeout'), timeoutMs);
    function done(result) {
      clearTimeout(timer);
      pc.removeEventListener('connectionstatechange', check);
      resolve(result);
    }
    pc.addEventListener('connectionstatechange', check);
    check();
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Feeds frames and 10 ms audio chunks at their wall-clock due times; if the event loop stalls it skips ahead instead
// of bursting, so media time stays real time (what a camera and microphone would do).
function startPacing(videoSource, audioSource) {
  const t0 = elapsedMs();
  let frame = 0;
  let chunk = 0;
  let timer = null;
  let stopped = false;
  const counts = { framesFed: 0, chunksFed: 0, framesSkipped: 0, chunksSkipped: 0 };
  const tick = () => {
    if (stopped) return;
    const now = elapsedMs() - t0;
    if (videoSource) {
      const due = Math.floor((now * FPS) / 1000);
      if (due - frame > 3) { counts.framesSkipped += due - frame; frame = due; }
      while (frame <= due) {
        videoSource.onFrame(makeVideoFrame(frame));
        frame++;
        counts.framesFed++;
      }
    }
    if (audioSource) {
      const due = Math.floor(now / 10);
      if (due - chunk > 10) { counts.chunksSkipped += due - chunk; chunk = due; }
      while (chunk <= due) {
        audioSource.onData({ samples: makeAudioChunk(chunk), sampleRate: SAMPLE_RATE, bitsPerSample: 16, channelCount: 1, numberOfFrames: SAMPLES_PER_CHUNK });
        chunk++;
        counts.chunksFed++;
      }
    }
    const nextVideo = videoSource ? (frame * 1000) / FPS : Infinity;
    const nextAudio = audioSource ? chunk * 10 : Infinity;
    timer = setTimeout(tick, Math.max(0, Math.min(nextVideo, nextAudio) - (elapsedMs() - t0)));
  };
  tick();
  return () => { stopped = true; clearTimeout(timer); return counts; };
}

async function collectStats(pc) {
  const report = await pc.getStats();
  const all = new Map();
  report.forEach((s) => all.set(s.id, s));
  const out = {};
  for (const s of all.values()) {
    if (s.type !== 'outbound-rtp') continue;
    const kind = s.kind || s.mediaType;
    const codec = s.codecId ? all.get(s.codecId) : undefined;
    const remote = [...all.values()].find((r) => r.type === 'remote-inbound-rtp' && r.ssrc === s.ssrc);
    const entry = {
      codec: codec ? codec.mimeType : null,
      payloadType: codec ? codec.payloadType : null,
      ssrc: s.ssrc,
      packetsSent: s.packetsSent,
      bytesSent: s.bytesSent,
      nackCount: s.nackCount,
    };
    if (kind === 'video') {
      Object.assign(entry, {
        framesEncoded: s.framesEncoded,
        framesSent: s.framesSent,
        keyFramesEncoded: s.keyFramesEncoded,
        pliCount: s.pliCount,
        firCount: s.firCount,
        frameWidth: s.frameWidth,
        frameHeight: s.frameHeight,
        encoderImplementation: s.encoderImplementation,
        qualityLimitationReason: s.qualityLimitationReason,
      });
    }
    if (s.retransmittedPacketsSent !== undefined) entry.retransmittedPacketsSent = s.retransmittedPacketsSent;
    if (s.retransmittedBytesSent !== undefined) entry.retransmittedBytesSent = s.retransmittedBytesSent;
    if (remote) entry.remote = { packetsLost: remote.packetsLost, fractionLost: remote.fractionLost, jitter: remote.jitter, roundTripTime: remote.roundTripTime };
    // Several outbound-rtp per kind only with simulcast, which this publisher does not offer.
    out[kind] = entry;
  }
  const pair = [...all.values()].find((s) => s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded');
  if (pair) {
    const local = all.get(pair.localCandidateId);
    const remote = all.get(pair.remoteCandidateId);
    out.candidatePair = {
      local: local ? `${local.address || local.ip}:${local.port}/${local.protocol}` : null,
      remote: remote ? `${remote.address || remote.ip}:${remote.port}/${remote.protocol}` : null,
      currentRoundTripTime: pair.currentRoundTripTime,
    };
  }
  return out;
}

// DELETE the WHIP session (RFC 9725 section 4.3) once, whichever path gets here first.
function deleteSession() {
  if (!state.location) return Promise.resolve(null);
  if (!state.deleting) {
    state.deleting = (async () => {
      try {
        const res = await fetch(state.location, { method: 'DELETE', headers: { Authorization: `Bearer ${opts.token}` }, signal: AbortSignal.timeout(5000) });
        await res.arrayBuffer();
        state.deleteStatus = res.status;
      } catch (e) {
        log(`DELETE ${state.location} failed: ${e.message}`);
        state.deleteStatus = `error: ${e.message}`;
      }
      return state.deleteStatus;
    })();
  }
  return state.deleting;
}

// libwebrtc's threads crash node if the process ends while a PeerConnection is still open, so every exit path stops
// the tracks, closes the PC, and then exits explicitly.
async function finish(code, json) {
  if (state.exiting) return;
  state.exiting = true;
  if (state.stopPacing) state.stopPacing();
  await deleteSession();
  if (json) {
    json.delete = { status: state.deleteStatus };
    json.timeline = state.timeline;
  }
  for (const t of state.tracks) t.stop();
  if (state.pc) state.pc.close();
  if (json) process.stdout.write(`${JSON.stringify(json)}\n`);
  await sleep(100);
  process.exit(code);
}

async function main() {
  const pc = new RTCPeerConnection({ iceServers: [], bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
  state.pc = pc;
  pc.addEventListener('connectionstatechange', () => {
    // wrtc fires the event again for unchanged states (ICE transport changes); the timeline keeps only changes.
    const last = state.timeline[state.timeline.length - 1];
    if (last && last.state === pc.connectionState) return;
    state.timeline.push({ state: pc.connectionState, ms: Math.round(elapsedMs()) });
    log(`connectionState ${pc.connectionState}`);
  });

  let videoSource = null;
  let audioSource = null;
  if (opts.video !== 'none') {
    videoSource = new nonstandard.RTCVideoSource();
    const track = videoSource.createTrack();
    state.tracks.push(track);
    const tr = pc.addTransceiver(track, { direction: 'sendonly' });
    preferVideoCodec(tr, opts.video);
  }
  if (opts.audio === 'on') {
    audioSource = new nonstandard.RTCAudioSource();
    const track = audioSource.createTrack();
    state.tracks.push(track);
    pc.addTransceiver(track, { direction: 'sendonly' });
  }

  await pc.setLocalDescription(await pc.createOffer());
  // No trickle (RFC 9725 section 4.4 leaves it optional): the POSTed offer carries every candidate.
  if (!(await waitForGathering(pc, 5000))) log('ICE gathering did not complete within 5 s; sending the candidates gathered so far');
  const offer = pc.localDescription.sdp;
  if (!/a=candidate:/.test(offer)) log('warning: the offer has no candidates');

  let res;
  let body;
  try {
    res = await fetch(opts.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/sdp', Authorization: `Bearer ${opts.token}` },
      body: offer,
      redirect: 'manual',
      signal: AbortSignal.timeout(10000),
    });
    body = await res.text();
  } catch (e) {
    console.error(`whip-publish: POST ${opts.url} failed: ${e.message}`);
    return finish(1);
  }
  if (res.status !== 201) {
    console.error(`whip-publish: POST ${opts.url} answered ${res.status} ${res.statusText}`);
    console.error(body);
    return finish(3);
  }
  const loc = res.headers.get('location');
  if (!loc) {
    console.error('whip-publish: 201 without a Location header');
    return finish(3);
  }
  const resolved = new URL(loc, opts.url);
  if (resolved.origin !== new URL(opts.url).origin) {
    console.error(`whip-publish: refusing Location on another origin: ${resolved.href}`);
    return finish(3);
  }
  state.location = resolved.href;
  const contentType = res.headers.get('content-type') || '';
  if (!/^application\/sdp\b/i.test(contentType)) log(`warning: answer Content-Type is '${contentType}', not application/sdp`);
  state.answer = body;

  try {
    await pc.setRemoteDescription({ type: 'answer', sdp: body });
  } catch (e) {
    console.error(`whip-publish: setRemoteDescription(answer) failed: ${e.message}`);
    console.error(body);
    return finish(3);
  }

  const result = await waitForConnected(pc, opts.connectTimeout * 1000);
  if (result !== 'connected') {
    const why = result === 'timeout'
      ? `not connected within ${opts.connectTimeout} s (connectionState ${pc.connectionState}, iceConnectionState ${pc.iceConnectionState})`
      : `connection ${result} before connecting (iceConnectionState ${pc.iceConnectionState})`;
    console.error(`whip-publish: ${why}`);
    return finish(2);
  }

  state.publishing = true;
  state.stopPacing = startPacing(videoSource, audioSource);
  const connectedAt = elapsedMs();
  await sleep(opts.seconds * 1000);
  if (state.exiting) return;
  const fed = state.stopPacing();
  state.stopPacing = null;
  const stats = await collectStats(pc);
  return finish(0, {
    ok: true,
    location: state.location,
    video: opts.video === 'none' ? null : stats.video || null,
    audio: opts.audio === 'off' ? null : stats.audio || null,
    candidatePair: stats.candidatePair || null,
    fed,
    publishedMs: Math.round(elapsedMs() - connectedAt),
    frameSize: `${WIDTH}x${HEIGHT}`,
  });
}

process.on('SIGTERM', async () => {
  log('SIGTERM');
  if (state.exiting) return;
  let json = null;
  if (state.publishing && state.pc) {
    if (state.stopPacing) { state.stopPacing(); state.stopPacing = null; }
    try {
      const stats = await collectStats(state.pc);
      json = { ok: false, terminated: true, location: state.location, video: stats.video || null, audio: stats.audio || null };
    } catch (e) {
      log(`getStats failed: ${e.message}`);
    }
  }
  await finish(143, json);
});

main().catch((e) => {
  console.error(`whip-publish: ${e && e.stack ? e.stack : e}`);
  finish(1);
});
