using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Gateway.Interop.Tests.Support;
using Gateway.Worker.WebRtc;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Gateway.Interop.Tests;

/// <summary>
/// A flood of garbage on one capture's RTP/RTCP ports and on the shared WebRTC port, while another capture records:
/// every datagram is dropped and counted (at /metrics, or by the kernel when the flood outruns a receive loop), and
/// the other capture loses nothing.
/// </summary>
public sealed partial class MediaPortFloodTests(ITestOutputHelper output)
{
    private const int Seconds = 8;
    private static readonly string Sdp =
        SyncPattern.Sdp(("video", 0, 96, "H264/90000", "packetization-mode=1"), ("audio", 0, 111, "opus/48000/2", "sprop-stereo=1"));

    [Fact]
    public async Task Garbage_floods_on_the_media_ports_are_dropped_and_counted_and_another_capture_records_on()
    {
        using var dir = new TempDirectory();
        await using var gateway = new GatewayFactory(Path.Combine(dir.Path, "data"));
        using var http = gateway.CreateClient();
        var webRtcPort = gateway.Services.GetRequiredService<WebRtcHost>().LocalEndPoint;
        var target = await gateway.CreateCaptureAsync(http, new { source = new { type = "rtp", sdp = Sdp }, outputs = new[] { new { type = "mp4" } } });
        var victim = await gateway.CreateCaptureAsync(http, new { source = new { type = "rtp", sdp = Sdp }, outputs = new[] { new { type = "mp4" } } });
        var targetPorts = Ports(target);
        var victimPorts = Ports(victim);
        var victimId = victim["id"]!.GetValue<string>();

        var before = await CountedAsync(http);
        await using var sender = ExternalProcess.Start("ffmpeg", SyncPattern.H264OpusSender(Seconds, victimPorts[0], victimPorts[1]));
        await GatewayFactory.WaitForStateAsync(http, victimId, TimeSpan.FromSeconds(20), "recording");

        var sent = await FloodAsync(targetPorts, webRtcPort.Port, TimeSpan.FromSeconds(Seconds / 2));
        Assert.Equal(0, await sender.WaitForExitAsync(TimeSpan.FromSeconds(Seconds + 30)));

        // Every datagram is accounted for: dropped by the gateway and counted at /metrics, or dropped by the kernel
        // (receive buffer full). The processing loops count on their next tick, so wait for the totals to settle.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        (double Invalid, double QueueDrops, double WebRtc, long Kernel) counted;
        do
        {
            await Task.Delay(250);
            var now = await CountedAsync(http);
            counted = (now.Invalid - before.Invalid, now.QueueDrops - before.QueueDrops, now.WebRtc - before.WebRtc, now.Kernel - before.Kernel);
        }
        while (counted.Invalid + counted.QueueDrops + counted.WebRtc + counted.Kernel < sent.Total && DateTime.UtcNow < deadline);
        output.WriteLine($"sent {sent.Total} ({sent.ToRtp} to RTP/RTCP ports, {sent.ToWebRtc} to the WebRTC port); counted: " +
                         $"rtp invalid {counted.Invalid}, rtp queue drops {counted.QueueDrops}, webrtc dropped {counted.WebRtc}, kernel {counted.Kernel}");
        Assert.True(counted.Invalid + counted.QueueDrops + counted.WebRtc + counted.Kernel >= sent.Total, "some datagrams were neither counted nor dropped by the kernel");
        Assert.True(counted.Invalid + counted.QueueDrops > 0 && counted.WebRtc > 0, "both kinds of port count what they drop");

        (await http.PostAsync($"/v1/captures/{victimId}/stop", null)).EnsureSuccessStatusCode();
        var done = await GatewayFactory.WaitForStateAsync(http, victimId, TimeSpan.FromSeconds(30), "completed", "failed");
        output.WriteLine(done.ToJsonString());
        Assert.Equal("completed", done["state"]!.GetValue<string>());
        foreach (var track in done["tracks"]!.AsArray()) Assert.Equal(0, track!["packetsLost"]!.GetValue<long>());
        var file = new Uri(done["outputs"]![0]!["location"]!.GetValue<string>()).LocalPath;
        Assert.Equal("", await MediaProbe.DecodeErrorsAsync(file));
        var probe = await MediaProbe.ProbeAsync(file);
        // ffmpeg's -re pacing may slip on a loaded machine, but nothing it sent may be missing: ≥ 90 % of the frames.
        Assert.True(probe.Video!.Frames >= 0.9 * Seconds * 30, $"{probe.Video.Frames} frames");
        Assert.Equal("aac", probe.Audio?.CodecName);   // mp4 transcodes Opus to AAC by default
        Assert.Equal("waiting", JsonNode.Parse(await http.GetStringAsync($"/v1/captures/{target["id"]}"))!["state"]!.GetValue<string>());
    }

    private static async Task<(double Invalid, double QueueDrops, double WebRtc, long Kernel)> CountedAsync(HttpClient http) =>
        (await PrometheusText.SumAsync(http, "gateway_rtp_invalid_datagrams_total"),
         await PrometheusText.SumAsync(http, "gateway_rtp_queue_drops_total"),
         await PrometheusText.SumAsync(http, "gateway_webrtc_dropped_datagrams_total"),
         KernelUdpCounters.ReceiveBufferErrors());

    /// <summary>
    /// Bursts of datagrams no source could have sent: on RTP/RTCP ports a version other than 2 or a payload type the
    /// SDP did not name; on the WebRTC port anything (no session exists for this sender).
    /// </summary>
    private static async Task<(int Total, int ToRtp, int ToWebRtc)> FloodAsync(int[] rtpPorts, int webRtcPort, TimeSpan duration)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var random = new Random(10);
        var buffer = new byte[1400];
        var (toRtp, toWebRtc) = (0, 0);
        var end = DateTime.UtcNow + duration;
        while (DateTime.UtcNow < end)
        {
            for (var i = 0; i < 200; i++)
            {
                var length = random.Next(2, buffer.Length);
                random.NextBytes(buffer.AsSpan(0, length));
                if (i % 3 == 0)
                {
                    socket.SendTo(buffer.AsSpan(0, length), SocketFlags.None, new IPEndPoint(IPAddress.Loopback, webRtcPort));
                    toWebRtc++;
                    continue;
                }
                var rtcp = random.Next(2) == 1;
                var port = rtpPorts[random.Next(rtpPorts.Length)] + (rtcp ? 1 : 0);     // RTP or RTCP of either track
                if (i % 3 == 1) buffer[0] = (byte)(buffer[0] & 0x3F);                   // version 0: neither RTP nor RTCP
                else (buffer[0], buffer[1]) = (0x80, (byte)random.Next(0, 64));         // RTP v2, a payload type nobody chose
                if (rtcp) buffer[0] &= 0x3F;                                              // on an RTCP port: never valid RTCP
                socket.SendTo(buffer.AsSpan(0, length), SocketFlags.None, new IPEndPoint(IPAddress.Loopback, port));
                toRtp++;
            }
            await Task.Delay(5);
        }
        return (toRtp + toWebRtc, toRtp, toWebRtc);
    }

    private static int[] Ports(JsonNode capture) =>
        RtpPorts.MediaPort().Matches(capture["source"]!["answerSdp"]!.GetValue<string>())
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToArray();
}
