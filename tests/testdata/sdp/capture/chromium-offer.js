// Prints a headless Chromium SDP offer (sendonly audio+video from fake devices, ICE gathering complete).
// Usage (needs `PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm i playwright-core` in the working directory, outside the repo):
//   unshare -n sh -c 'ip link set lo up && exec node chromium-offer.js [default|h264] > offer.sdp'
const http = require('http');
const { chromium } = require('playwright-core');
const mode = process.argv[2] || 'default';
const page = `<!doctype html><script>
async function offer(mode) {
  const pc = new RTCPeerConnection();
  const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 360 }, audio: true });
  for (const t of stream.getTracks()) {
    const tr = pc.addTransceiver(t, { direction: 'sendonly', streams: [stream] });
    if (t.kind === 'video' && mode === 'h264') {
      const caps = RTCRtpSender.getCapabilities('video').codecs;
      tr.setCodecPreferences([...caps.filter(c => c.mimeType === 'video/H264'),
                              ...caps.filter(c => c.mimeType !== 'video/H264')]);
    }
  }
  const done = new Promise(r => { pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && r(); });
  await pc.setLocalDescription(await pc.createOffer());
  if (pc.iceGatheringState !== 'complete') await done;
  return pc.localDescription.sdp;
}
</script>`;
(async () => {
  const server = http.createServer((_, res) => { res.setHeader('content-type', 'text/html'); res.end(page); });
  await new Promise(r => server.listen(0, '127.0.0.1', r));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: [
    '--no-sandbox', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
    '--allow-loopback-in-peer-connection', '--disable-features=WebRtcHideLocalIpsWithMdns',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
    '--no-default-browser-check', '--disable-domain-reliability', '--disable-client-side-phishing-detection',
    '--metrics-recording-only'] });
  try {
    const p = await browser.newPage();
    await p.goto(`http://127.0.0.1:${server.address().port}/`);
    process.stdout.write(await p.evaluate(m => offer(m), mode));
  } finally { await browser.close(); server.close(); }
})().catch(e => { console.error(e); process.exit(1); });
