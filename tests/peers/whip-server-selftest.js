#!/usr/bin/env node
// A minimal WHIP endpoint (RFC 9725) answering with @roamhq/wrtc (recvonly), so whip-publish.js can be tested
// without the gateway. Listens on 127.0.0.1 on a port the kernel picks.
//
//   node whip-server-selftest.js --token TOKEN [--mode ok|bogus-candidate]
//       Server. First stdout line: {"event":"listening","url":"http://127.0.0.1:PORT/whip"}. Then one JSON line per
//       event: "unauthorized", "session" (after the answer), "deleted" (with what the session received).
//       Stops on SIGTERM or when stdin closes.
//       bogus-candidate: the answer's candidates are replaced by one 127.0.0.1 UDP port that is bound but never
//       answers, and the answering PeerConnection is closed, so the publisher can never connect; the "deleted"
//       line then says how many datagrams (ICE checks) reached that port.
//       no-rtx: the answer keeps only the first video codec (no rtx/red/ulpfec), like a receiver without RFC 4588;
//       NACKed packets are then resent on the media SSRC itself.
//       lossy [--loss P]: the answer's only candidate is a UDP relay in this process that drops a fraction P (0.05)
//       of the publisher's RTP packets over 400 bytes (video media; STUN, DTLS, RTCP and audio pass), so the
//       receiver NACKs; the offer's candidates are withheld from the answerer so every packet takes the relay.
//       lossy-no-rtx: both. --outage-ms M (lossy modes): from 2 s after the first media packet the relay also drops
//       every video media packet for M ms, longer than NACK can repair, so the receiver asks for a key frame (PLI).
//   node whip-server-selftest.js --selftest [--seconds N] [--video vp8|vp9|av1] [--mode ok|no-rtx|lossy|lossy-no-rtx] [--loss P]
//       Starts the server in this process, runs whip-publish.js against it for N (4) seconds, checks frames arrived,
//       the white frames came once a second, and the DELETE arrived; exit 0 or 1.
'use strict';

const http = require('http');
const dgram = require('dgram');
const path = require('path');
const { spawn } = require('child_process');
const { RTCPeerConnection, RTCRtpReceiver, nonstandard } = require('@roamhq/wrtc');

const firstVideoPt = (sdp) => { const m = /^m=video \S+ \S+ (\d+)/m.exec(sdp); return m ? m[1] : null; };

function parseArgs(argv) {
  const o = { token: null, mode: 'ok', selftest: false, seconds: 4, video: 'vp8', loss: 0.05, outageMs: 0 };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    if (k === '--selftest') { o.selftest = true; continue; }
    const v = argv[++i];
    if (v === undefined) throw new Error(`missing value for ${k}`);
    if (k === '--token') o.token = v;
    else if (k === '--mode') o.mode = v;
    else if (k === '--seconds') o.seconds = Number(v);
    else if (k === '--video') o.video = v;
    else if (k === '--loss') o.loss = Number(v);
    else if (k === '--outage-ms') o.outageMs = Number(v);
    else throw new Error(`unknown argument ${k}`);
  }
  if (!['ok', 'bogus-candidate', 'no-rtx', 'lossy', 'lossy-no-rtx'].includes(o.mode)) {
    throw new Error('--mode must be ok|bogus-candidate|no-rtx|lossy|lossy-no-rtx');
  }
  o.lossy = o.mode.startsWith('lossy');
  o.noRtx = o.mode.endsWith('no-rtx');
  if (!(o.loss >= 0 && o.loss < 1)) throw new Error('--loss must be in [0, 1)');
  if (!o.selftest && !o.token) throw new Error('--token is required');
  return o;
}

const emit = (event, fields) => process.stdout.write(`${JSON.stringify({ event, ...fields })}\n`);

function waitForGathering(pc, timeoutMs) {
  return new Promise((resolve) => {
    if (pc.iceGatheringState === 'complete') return resolve();
    const timer = setTimeout(resolve, timeoutMs);
    pc.addEventListener('icegatheringstatechange', () => {
      if (pc.iceGatheringState === 'complete') { clearTimeout(timer); resolve(); }
    });
  });
}

const readBody = (req) => new Promise((resolve, reject) => {
  const chunks = [];
  let size = 0;
  req.on('data', (c) => {
    size += c.length;
    if (size > 256 * 1024) { reject(new Error('body too large')); req.destroy(); return; }
    chunks.push(c);
  });
  req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  req.on('error', reject);
});

// The SDP of a candidate that cannot connect: a bound UDP socket that swallows every datagram.
function bogusAnswer(sdp, port) {
  const lines = sdp.split('\r\n').filter((l) => !l.startsWith('a=candidate:') && l !== 'a=end-of-candidates');
  const out = [];
  for (const l of lines) {
    out.push(l);
    if (l.startsWith('a=ice-pwd:')) out.push(`a=candidate:1 1 udp 2130706431 127.0.0.1 ${port} typ host`, 'a=end-of-candidates');
  }
  return out.join('\r\n');
}

// A one-session UDP relay between the publisher and the answerer's IPv4 host candidate. RFC 7983 demux: first byte
// 128-191 is RTP/RTCP; RTCP is small, so "over 400 bytes" selects video RTP.
async function createRelay(loss, outageMs) {
  const front = dgram.createSocket('udp4');
  const back = dgram.createSocket('udp4');
  const counts = { fromPublisher: 0, droppedMedia: 0, fromAnswerer: 0, droppedInOutage: 0 };
  let publisher = null;
  let firstMedia = null;
  const relay = { target: null, counts, close: () => { front.close(); back.close(); } };
  front.on('message', (msg, rinfo) => {
    publisher = rinfo;
    counts.fromPublisher++;
    if (msg.length > 400 && msg[0] >= 128 && msg[0] <= 191) {
      const now = Date.now();
      if (firstMedia === null) firstMedia = now;
      if (outageMs > 0 && now - firstMedia >= 2000 && now - firstMedia < 2000 + outageMs) { counts.droppedInOutage++; return; }
      if (Math.random() < loss) { counts.droppedMedia++; return; }
    }
    if (relay.target) back.send(msg, relay.target.port, relay.target.address);
  });
  back.on('message', (msg) => {
    counts.fromAnswerer++;
    if (publisher) front.send(msg, publisher.port, publisher.address);
  });
  await new Promise((r) => front.bind(0, '127.0.0.1', r));
  await new Promise((r) => back.bind(0, '127.0.0.1', r));
  relay.port = front.address().port;
  return relay;
}

function relayAnswer(sdp, relayPort) {
  const ipv4 = /^a=candidate:\S+ 1 udp \d+ 127\.0\.0\.1 (\d+) typ host/m.exec(sdp);
  if (!ipv4) throw new Error('the answer has no 127.0.0.1 UDP host candidate to relay to');
  return { target: { address: '127.0.0.1', port: Number(ipv4[1]) }, sdp: bogusAnswer(sdp, relayPort) };
}

function createServer(opts) {
  const sessions = new Map();
  let nextId = 1;
  let sink = null;
  let sinkDatagrams = 0;

  async function answer(offer, id) {
    const pc = new RTCPeerConnection({ iceServers: [] });
    const session = {
      id, pc, videoFrames: 0, whiteFrames: 0, whiteFrameIndexes: [], whiteFrameMs: [], audioSamples: 0, audioPeak: 0,
      videoSize: null, sinks: [], timeline: [],
    };
    pc.addEventListener('connectionstatechange', () => session.timeline.push(pc.connectionState));
    pc.ontrack = (e) => {
      const track = e.track;
      if (track.kind === 'video') {
        const vs = new nonstandard.RTCVideoSink(track);
        vs.onframe = ({ frame }) => {
          session.videoSize = `${frame.width}x${frame.height}`;
          // Mean luma of a sparse sample: the pattern's white frames are ~235, the others ~20.
          const y = frame.data;
          let sum = 0;
          let n = 0;
          for (let i = 0; i < frame.width * frame.height; i += 97) { sum += y[i]; n++; }
          if (sum / n > 128) {
            session.whiteFrames++;
            session.whiteFrameIndexes.push(session.videoFrames);
            // Arrival time: the encoder may drop frames under its bandwidth estimate, so indexes drift; time does not.
            session.whiteFrameMs.push(Math.round(Number(process.hrtime.bigint() / 1000000n)));
          }
          session.videoFrames++;
        };
        session.sinks.push(vs);
      } else {
        const as = new nonstandard.RTCAudioSink(track);
        as.ondata = ({ samples }) => {
          session.audioSamples += samples.length;
          for (let i = 0; i < samples.length; i++) { const a = Math.abs(samples[i]); if (a > session.audioPeak) session.audioPeak = a; }
        };
        session.sinks.push(as);
      }
    };
    const withheld = opts.lossy ? offer.split('\r\n').filter((l) => !l.startsWith('a=candidate:')).join('\r\n') : offer;
    await pc.setRemoteDescription({ type: 'offer', sdp: withheld });
    for (const t of pc.getTransceivers()) {
      t.direction = 'recvonly';
      if (opts.noRtx && t.receiver.track.kind === 'video') {
        const first = RTCRtpReceiver.getCapabilities('video').codecs.find((c) => /^video\/(VP8|VP9|AV1)$/i.test(c.mimeType)
          && new RegExp(`a=rtpmap:${firstVideoPt(offer)} ${c.mimeType.slice(6)}/`, 'i').test(offer));
        t.setCodecPreferences([first]);
      }
    }
    await pc.setLocalDescription(await pc.createAnswer());
    await waitForGathering(pc, 5000);
    let sdp = pc.localDescription.sdp;
    if (opts.mode === 'bogus-candidate') {
      sdp = bogusAnswer(sdp, sink.address().port);
      pc.close();
      session.pc = null;
    } else if (opts.lossy) {
      const relay = await createRelay(opts.loss, opts.outageMs);
      const r = relayAnswer(sdp, relay.port);
      relay.target = r.target;
      session.relay = relay;
      sdp = r.sdp;
    }
    session.answer = sdp;
    return session;
  }

  async function inboundStats(pc) {
    const out = {};
    const report = await pc.getStats();
    const all = new Map();
    report.forEach((s) => all.set(s.id, s));
    for (const s of all.values()) {
      if (s.type !== 'inbound-rtp') continue;
      const codec = s.codecId ? all.get(s.codecId) : undefined;
      out[s.kind || s.mediaType] = {
        codec: codec ? codec.mimeType : null, packetsReceived: s.packetsReceived, packetsLost: s.packetsLost,
        framesDecoded: s.framesDecoded, nackCount: s.nackCount, pliCount: s.pliCount,
      };
    }
    return out;
  }

  function authorized(req) {
    return req.headers.authorization === `Bearer ${opts.token}`;
  }

  async function handle(req, res) {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (!authorized(req) && (req.method === 'POST' || req.method === 'DELETE')) {
      emit('unauthorized', { method: req.method, path: url.pathname });
      res.writeHead(401, { 'Content-Type': 'text/plain', 'WWW-Authenticate': 'Bearer' });
      return res.end('unauthorized');
    }
    if (req.method === 'POST' && url.pathname === '/whip') {
      if (!/^application\/sdp\b/i.test(req.headers['content-type'] || '')) {
        res.writeHead(415, { 'Content-Type': 'text/plain' });
        return res.end('expected application/sdp');
      }
      const offer = await readBody(req);
      const id = String(nextId++);
      const session = await answer(offer, id);
      sessions.set(id, session);
      const answerVideo = /^m=video .*$/m.exec(session.answer);
      emit('session', { id, offerFirstVideoPt: firstVideoPt(offer), answerVideoLine: answerVideo ? answerVideo[0] : null, offerHasCandidates: /a=candidate:/.test(offer) });
      // Relative Location, as RFC 9725 section 4.2 allows.
      res.writeHead(201, { 'Content-Type': 'application/sdp', Location: `sessions/${id}` });
      return res.end(session.answer);
    }
    const m = /^\/sessions\/(\d+)$/.exec(url.pathname);
    if (req.method === 'DELETE' && m) {
      const session = sessions.get(m[1]);
      if (!session) { res.writeHead(404); return res.end(); }
      sessions.delete(m[1]);
      const stats = session.pc ? await inboundStats(session.pc) : null;
      for (const s of session.sinks) s.stop();
      if (session.pc) session.pc.close();
      if (session.relay) session.relay.close();
      emit('deleted', {
        relay: session.relay ? session.relay.counts : null,
        id: session.id, videoFrames: session.videoFrames, whiteFrames: session.whiteFrames,
        whiteFrameIndexes: session.whiteFrameIndexes, whiteFrameMs: session.whiteFrameMs, videoSize: session.videoSize, audioSamples: session.audioSamples,
        audioPeak: session.audioPeak, timeline: session.timeline, stats, bogusCandidateDatagrams: sinkDatagrams,
      });
      res.writeHead(200);
      return res.end();
    }
    res.writeHead(m ? 405 : 404, { 'Content-Type': 'text/plain' });
    return res.end('not here');
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e) => {
      console.error(`whip-server-selftest: ${e.stack || e}`);
      if (!res.headersSent) res.writeHead(500);
      res.end(String(e.message || e));
    });
  });

  return {
    async listen() {
      if (opts.mode === 'bogus-candidate') {
        sink = dgram.createSocket('udp4');
        sink.on('message', () => { sinkDatagrams++; });
        await new Promise((r) => sink.bind(0, '127.0.0.1', r));
      }
      await new Promise((r) => server.listen(0, '127.0.0.1', r));
      return `http://127.0.0.1:${server.address().port}/whip`;
    },
    async close() {
      for (const s of sessions.values()) {
        for (const k of s.sinks) k.stop();
        if (s.pc) s.pc.close();
        if (s.relay) s.relay.close();
      }
      sessions.clear();
      server.close();
      if (sink) sink.close();
    },
  };
}

async function selftest(opts) {
  opts.token = `selftest-${process.pid}`;
  const server = createServer(opts);
  const url = await server.listen();
  const publisher = spawn(process.execPath, [path.join(__dirname, 'whip-publish.js'), '--url', url, '--token', opts.token,
    '--seconds', String(opts.seconds), '--video', opts.video], { stdio: ['ignore', 'pipe', 'inherit'] });
  let pubOut = '';
  publisher.stdout.on('data', (d) => { pubOut += d; });
  const code = await new Promise((r) => publisher.on('exit', (c, sig) => r(c === null ? sig : c)));
  await server.close();
  let result;
  try { result = JSON.parse(pubOut.trim()); } catch { result = null; }
  return { code, result };
}

async function main() {
  let opts;
  try { opts = parseArgs(process.argv.slice(2)); } catch (e) { console.error(`whip-server-selftest: ${e.message}`); process.exit(64); }
  if (opts.selftest) {
    const deleted = [];
    const origWrite = process.stdout.write.bind(process.stdout);
    process.stdout.write = (s, ...rest) => {
      try { const j = JSON.parse(String(s)); if (j.event === 'deleted') deleted.push(j); } catch { /* not an event */ }
      return origWrite(s, ...rest);
    };
    const { code, result } = await selftest(opts);
    console.error(`publisher result: ${JSON.stringify(result)}`);
    const failures = [];
    const minFrames = Math.floor(opts.seconds * 30 * 0.5);
    if (code !== 0) failures.push(`publisher exit ${code}`);
    if (!result || !result.ok) failures.push('publisher printed no result');
    if (result && result.delete && result.delete.status !== 200) failures.push(`DELETE status ${result.delete.status}`);
    if (deleted.length !== 1) failures.push(`${deleted.length} DELETEs arrived`);
    else {
      const d = deleted[0];
      if (d.videoFrames < minFrames) failures.push(`only ${d.videoFrames} video frames decoded (< ${minFrames})`);
      if (d.whiteFrames < opts.seconds - 1 || d.whiteFrames > opts.seconds + 1) failures.push(`${d.whiteFrames} white frames in ${opts.seconds} s`);
      if (d.audioSamples < opts.seconds * 48000 * 0.5) failures.push(`only ${d.audioSamples} audio samples`);
      if (d.audioPeak < 8000) failures.push(`audio peak ${d.audioPeak}: no beep`);
    }
    console.error(failures.length ? `SELFTEST FAILED: ${failures.join('; ')}` : 'SELFTEST OK');
    setTimeout(() => process.exit(failures.length ? 1 : 0), 100);
    return;
  }
  const server = createServer(opts);
  const url = await server.listen();
  emit('listening', { url });
  const stop = async () => { await server.close(); setTimeout(() => process.exit(0), 100); };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdin.on('end', stop);
  process.stdin.resume();
}

main().catch((e) => { console.error(`whip-server-selftest: ${e.stack || e}`); setTimeout(() => process.exit(1), 100); });
