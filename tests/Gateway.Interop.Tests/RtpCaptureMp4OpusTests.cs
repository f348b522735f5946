using System.Globalization;
using System.Text.Json.Nodes;
using Gateway.Interop.Tests.Support;

namespace Gateway.Interop.Tests;

/// <summary>
/// <c>{ "type": "mp4", "audioCodec": "opus" }</c>: H.264 and Opus are both copied into the MP4 (no AAC transcode,
/// the cheaper recording measured in docs/performance.md), and the file decodes cleanly.
/// </summary>
public sealed partial class RtpCaptureMp4OpusTests
{
    private const int Seconds = 6;

    [Fact]
    public async Task H264_and_opus_are_both_copied_into_the_mp4()
    {
        using var dir = new TempDirectory();
        await using var gateway = new GatewayFactory(Path.Combine(dir.Path, "data"));
        using var http = gateway.CreateClient();
        var capture = await gateway.CreateCaptureAsync(http, new
        {
            name = "mp4-opus",
            source = new
            {
                type = "rtp",
                sdp = SyncPattern.Sdp(("video", 0, 96, "H264/90000", "packetization-mode=1"), ("audio", 0, 111, "opus/48000/2", "sprop-stereo=1")),
            },
            outputs = new[] { new { type = "mp4", audioCodec = "opus" } },
        });
        var id = capture["id"]!.GetValue<string>();
        var ports = RtpPorts.MediaPort().Matches(capture["source"]!["answerSdp"]!.GetValue<string>())
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToArray();
        await using (var sender = ExternalProcess.Start("ffmpeg", SyncPattern.H264OpusSender(Seconds, ports[0], ports[1])))
            Assert.Equal(0, await sender.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        await http.PostAsync($"/v1/captures/{id}/stop", null);
        var done = await GatewayFactory.WaitForStateAsync(http, id, TimeSpan.FromSeconds(60), "completed", "failed");
        Assert.Equal("completed", done["state"]!.GetValue<string>());
        var path = new Uri(done["outputs"]![0]!["location"]!.GetValue<string>()).LocalPath;

        var probe = await MediaProbe.ProbeAsync(path);
        Assert.Equal("h264", probe.Video?.CodecName);
        Assert.Equal("opus", probe.Audio?.CodecName);
        Assert.Equal(48000, probe.Audio?.SampleRate);
        // 6 s sent at 30 fps and 50 Opus packets/s on loopback: the bounds leave room for a loaded machine's start-up.
        Assert.InRange(probe.Video!.Frames ?? 0, Seconds * 30 * 7 / 10, Seconds * 30 + 5);
        Assert.InRange(probe.Audio!.Frames ?? 0, Seconds * 50 * 7 / 10, Seconds * 50 + 5);
        Assert.Equal("", await MediaProbe.DecodeErrorsAsync(path));
        // Written by the gateway itself (no ffmpeg for a pure copy): the sender's flash/beep pattern stays aligned.
        var offsets = await MediaProbe.AvOffsetsAsync(path);
        Assert.True(offsets.Count >= 3, $"{offsets.Count} flash/beep pairs");
        Assert.InRange(offsets.Order().ElementAt(offsets.Count / 2), -40, 40);
    }
}
