using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using Gateway.Interop.Tests.Support;
using Gateway.Interop.Tests.Support.Chromium;
using Gateway.Rtc.Dtls;
using Gateway.Rtc.Ice;
using Gateway.Rtc.Rtcp;
using Gateway.Rtc.Rtp;
using Gateway.Rtc.WebRtc;
using Xunit.Abstractions;

namespace Gateway.Interop.Tests;

/// <summary>
/// The gateway as the calling side (what the WHEP client and the Janus bot build on): our full ICE agent and
/// <see cref="WebRtcOutgoingPeer"/> make a recvonly offer, Debian Chromium answers with its fake camera and
/// microphone sendonly, and the gateway must receive decryptable RTP of both kinds — directly, and relay-only
/// through coturn on loopback. Our PLIs must reach Chromium (its pliCount rises), proving the feedback path.
/// </summary>
public sealed class OutgoingPeerChromiumTests(ITestOutputHelper output)
{
    private static readonly TimeSpan MediaWindow = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Chromium_answers_the_gateways_recvonly_offer_and_its_media_decrypts_and_depacketizes_into_a_clean_vp8_file()
    {
        var ivf = Path.Combine(Path.GetTempPath(), $"gw-outgoing-{Guid.NewGuid():N}.ivf");
        try
        {
            Run run;
            int audioFrames, videoFrames, keyFrames;
            using (var recorder = new OutgoingPeerRecorder(ivf))
            {
                run = await RunAsync(new IceAgentOptions { HostAddresses = [IPAddress.Loopback] }, recorder: recorder);
                (audioFrames, videoFrames, keyFrames) = (recorder.AudioFrames, recorder.VideoFrames, recorder.VideoKeyFrames);
            }
            Assert.Equal(IceCandidateType.Host, run.Selected.Local.Type);
            Assert.Equal("host", run.Stats.RemoteCandidateType);

            var probe = await MediaProbe.ProbeAsync(ivf);
            var errors = await MediaProbe.DecodeErrorsAsync(ivf);
            output.WriteLine($"pipeline: {audioFrames} audio frames, {videoFrames} video frames ({keyFrames} key); ffprobe: {probe}; decode errors: '{errors}'");
            // 5 s of Opus in 20 ms frames is 250 and the camera runs near 30 fps: half of each is a floor a loaded
            // machine keeps; a broken depacketizer or missing key frame gives none or an undecodable file.
            Assert.InRange(audioFrames, 125, int.MaxValue);
            Assert.True(keyFrames > 0, "the first key frame must come through (our PLI asks for more)");
            Assert.Equal("vp8", probe.Video!.CodecName);
            Assert.InRange(probe.Video.Frames ?? 0, 60, int.MaxValue);
            Assert.Equal("", errors);
        }
        finally
        {
            File.Delete(ivf);
        }
    }

    [Fact]
    public async Task Relay_only_ice_carries_the_media_through_coturn()
    {
        await using var coturn = await CoturnServer.StartAsync();
        var options = new IceAgentOptions
        {
            HostAddresses = [IPAddress.Loopback],
            Policy = IcePolicy.Relay,
            Servers = [new IceServer([$"turn:127.0.0.1:{coturn.Port}?transport=udp"], coturn.Username, coturn.Password)],
        };
        var run = await RunAsync(options);
        Assert.Equal(IceCandidateType.Relayed, run.Selected.Local.Type);
        Assert.All(run.Offer.Split('\n').Where(l => l.StartsWith("a=candidate", StringComparison.Ordinal)), l => Assert.Contains("typ relay", l, StringComparison.Ordinal));
        Assert.Equal("relay", run.Stats.RemoteCandidateType);          // Chromium sees our relayed address as the peer
        Assert.Contains("ALLOCATE", coturn.Log, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("CHANNEL_BIND", coturn.Log, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task When_direct_checks_fail_the_relayed_pair_is_nominated_and_carries_the_media()
    {
        await using var coturn = await CoturnServer.StartAsync();
        var options = new IceAgentOptions
        {
            HostAddresses = [IPAddress.Loopback],
            Policy = IcePolicy.All,
            Servers = [new IceServer([$"turn:127.0.0.1:{coturn.Port}"], coturn.Username, coturn.Password)],
        };
        NftDirectBlock? block = null;
        try
        {
            var run = await RunAsync(options, async peer =>
            {
                // Our one socket may talk to coturn only: every direct path to Chromium is dead, the relayed one is not.
                var host = peer.Ice.LocalCandidates.Single(c => c.Type == IceCandidateType.Host);
                block = await NftDirectBlock.StartAsync(host.EndPoint.Port, coturn.Port);
            });
            var dropped = await block!.DroppedAsync();
            output.WriteLine($"direct datagrams dropped: {dropped}");
            Assert.Contains("typ host", run.Offer, StringComparison.Ordinal);    // host candidates were offered and checked...
            Assert.True(dropped > 0, "direct checks must have been attempted (and dropped)");
            Assert.Equal(IceCandidateType.Relayed, run.Selected.Local.Type);    // ...and the relay took over
            Assert.Equal("relay", run.Stats.RemoteCandidateType);
        }
        finally
        {
            if (block is not null) await block.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_wrong_turn_password_with_relay_only_ice_fails_as_turn_auth_failed()
    {
        await using var coturn = await CoturnServer.StartAsync();
        var options = new IceAgentOptions
        {
            HostAddresses = [IPAddress.Loopback],
            Policy = IcePolicy.Relay,
            Servers = [new IceServer([$"turn:127.0.0.1:{coturn.Port}"], coturn.Username, "not-the-password")],
        };
        using var certificate = DtlsCertificate.Generate();
        await using var peer = new WebRtcOutgoingPeer(new WebRtcOutgoingPeerOptions { Ice = options }, certificate, (_, buffer, _, _) => ArrayPool<byte>.Shared.Return(buffer));
        var failure = await Assert.ThrowsAsync<WebRtcConnectException>(() => peer.GatherAsync(CancellationToken.None));
        output.WriteLine(failure.Message);
        Assert.Equal(WebRtcConnectFailure.TurnAuthenticationFailed, failure.Failure);
        Assert.Equal(IceFailureReason.TurnAuthenticationFailed, failure.IceReason);
        Assert.Contains("TURN auth failed", failure.Message, StringComparison.Ordinal);
    }

    private sealed record Run(string Offer, IceCandidatePair Selected, AnswererStats Stats);

    private async Task<Run> RunAsync(IceAgentOptions ice, Func<WebRtcOutgoingPeer, Task>? beforeConnect = null, OutgoingPeerRecorder? recorder = null)
    {
        using var certificate = DtlsCertificate.Generate();
        var counts = new ConcurrentDictionary<byte, int>();
        var rtcp = 0;
        var received = new ConcurrentDictionary<uint, byte>();
        void OnMedia(bool isRtcp, byte[] buffer, int length, long receivedAt)
        {
            if (isRtcp) Interlocked.Increment(ref rtcp);
            else if (RtpHeader.TryParse(buffer.AsSpan(0, length), out var header, out _, out _))
            {
                counts.AddOrUpdate(header.PayloadType, 1, (_, n) => n + 1);
                received.TryAdd(header.Ssrc, header.PayloadType);
            }
            if (recorder is not null) recorder.OnMedia(isRtcp, buffer, length, receivedAt);   // it owns the buffer now
            else ArrayPool<byte>.Shared.Return(buffer);
        }

        await using var chromium = await ChromiumPublisher.LaunchAsync();
        await using var peer = new WebRtcOutgoingPeer(new WebRtcOutgoingPeerOptions { Ice = ice }, certificate, OnMedia);
        await peer.GatherAsync(CancellationToken.None);
        var offer = peer.CreateOffer();
        output.WriteLine(offer);
        var answer = await ChromiumAnswerer.AnswerAsync(chromium, offer);
        output.WriteLine(answer);
        var remote = peer.ApplyAnswer(answer);
        Assert.Equal(["audio", "video"], remote.Media.Select(m => m.Kind));
        Assert.False(peer.IsDtlsClient);                     // Chromium answers a=setup:active: it sends the ClientHello
        recorder?.Configure(remote.Media);

        if (beforeConnect is not null) await beforeConnect(peer);
        using (var connect = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            try
            {
                await peer.ConnectAsync(connect.Token);
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"connect failed: {e.Message}\npairs: {string.Join("; ", peer.Ice.Pairs)}\n{chromium.Diagnostics}", e);
            }
        }
        Assert.True(peer.IsConnected);
        var selected = peer.Ice.SelectedPair!;
        output.WriteLine($"selected {selected}");

        // Receive for a while, asking for key frames as the WHIP path's feedback loop does.
        var video = remote.Media.Single(m => m.Kind == "video");
        var deadline = DateTime.UtcNow + MediaWindow;
        var plis = 0;
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
            recorder?.Pump();
            var videoSsrc = received.FirstOrDefault(p => p.Value == video.Codec.PayloadType).Key;
            var pli = new byte[PictureLossIndication.Size];
            if (videoSsrc != 0 && new PictureLossIndication(0x6A7E3A11, videoSsrc).TryWriteTo(pli, out var written) && peer.TrySendRtcp(pli.AsSpan(0, written)))
                plis++;
        }
        var stats = await ChromiumAnswerer.StatsAsync(chromium);
        recorder?.Pump(flush: true);
        var audio = remote.Media.Single(m => m.Kind == "audio");
        var audioPackets = counts.GetValueOrDefault((byte)audio.Codec.PayloadType);
        var videoPackets = counts.GetValueOrDefault((byte)video.Codec.PayloadType);
        output.WriteLine($"audio {audio.Codec.EncodingName}: {audioPackets} packets, video {video.Codec.EncodingName}: {videoPackets} packets, " +
                         $"rtcp {rtcp}, auth failures {peer.AuthenticationFailures}, plis sent {plis}; chromium {stats}");

        // Opus at 20 ms is 50 packets/s and a 640x360 camera many more; a quarter of that over 5 s is a generous floor
        // for a loaded machine, and nothing at all arrives when keys, ICE or demultiplexing are wrong.
        Assert.InRange(audioPackets, 60, int.MaxValue);
        Assert.InRange(videoPackets, 60, int.MaxValue);
        Assert.True(rtcp > 0, "Chromium's sender reports must decrypt as SRTCP");
        Assert.Equal(0, peer.AuthenticationFailures);
        Assert.Equal("connected", stats.ConnectionState);
        Assert.True(stats.PliReceived > 0, $"our {plis} PLIs must reach Chromium");
        return new Run(offer, selected, stats);
    }
}
