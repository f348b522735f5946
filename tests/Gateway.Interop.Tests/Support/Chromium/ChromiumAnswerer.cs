using System.Text.Json;
using Microsoft.Playwright;

namespace Gateway.Interop.Tests.Support.Chromium;

/// <summary>What the answering page reports from <c>getStats()</c>: its selected pair and what it sent.</summary>
public sealed record AnswererStats(string? ConnectionState, string? LocalCandidateType, string? RemoteCandidateType,
    long AudioPacketsSent, long VideoPacketsSent, long PliReceived, long NackReceived);

/// <summary>
/// The other side of a connection the gateway opens: a second script in the <see cref="ChromiumPublisher"/> page (so
/// the same launch flags and fake media apply) takes the gateway's offer as remote description, answers with its
/// camera and microphone sendonly, and waits for its candidates (no trickle: the gateway reads one complete answer).
/// </summary>
public static class ChromiumAnswerer
{
    private const string AnswerScript = """
        async offer => {
          const pc = new RTCPeerConnection();
          window.answerer = pc;
          await pc.setRemoteDescription({ type: 'offer', sdp: offer });
          const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 360 } });
          for (const track of stream.getTracks()) pc.addTrack(track, stream);
          await pc.setLocalDescription(await pc.createAnswer());
          await new Promise(resolve => {
            if (pc.iceGatheringState === 'complete') return resolve();
            pc.addEventListener('icegatheringstatechange', () => { if (pc.iceGatheringState === 'complete') resolve(); });
            setTimeout(resolve, 10000);
          });
          return pc.localDescription.sdp;
        }
        """;

    private const string StatsScript = """
        async () => {
          const pc = window.answerer;
          const report = await pc.getStats();
          const byId = new Map(); report.forEach(s => byId.set(s.id, s));
          let pair = null, audio = 0, video = 0, pli = 0, nack = 0;
          report.forEach(s => {
            if (s.type === 'transport' && s.selectedCandidatePairId) pair = byId.get(s.selectedCandidatePairId);
            if (s.type === 'outbound-rtp' && s.kind === 'audio') audio += s.packetsSent || 0;
            if (s.type === 'outbound-rtp' && s.kind === 'video') { video += s.packetsSent || 0; pli += s.pliCount || 0; nack += s.nackCount || 0; }
          });
          const local = pair ? byId.get(pair.localCandidateId) : null, remote = pair ? byId.get(pair.remoteCandidateId) : null;
          return JSON.stringify({ connectionState: pc.connectionState, localCandidateType: local?.candidateType ?? null,
            remoteCandidateType: remote?.candidateType ?? null, audioPacketsSent: audio, videoPacketsSent: video, pliReceived: pli, nackReceived: nack });
        }
        """;

    /// <summary>Returns the page's complete answer SDP to <paramref name="offerSdp"/>.</summary>
    public static async Task<string> AnswerAsync(ChromiumPublisher chromium, string offerSdp)
    {
        try
        {
            return await chromium.Page.EvaluateAsync<string>(AnswerScript, offerSdp).WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            throw new InvalidOperationException($"the page did not answer: {e.Message}\n{chromium.Diagnostics}", e);
        }
    }

    public static async Task<AnswererStats> StatsAsync(ChromiumPublisher chromium)
    {
        var json = await chromium.Page.EvaluateAsync<string>(StatsScript).WaitAsync(TimeSpan.FromSeconds(20));
        return JsonSerializer.Deserialize<AnswererStats>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }
}
