using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Gateway.Interop.Tests.Support;
using Xunit.Abstractions;

namespace Gateway.Interop.Tests;

/// <summary>Plain RTP capture: audio-only sources, bad requests, and garbage on the media ports.</summary>
public sealed partial class RtpCaptureInputTests(ITestOutputHelper output)
{
    private const int Seconds = 6;

    [Theory]
    [InlineData("audio", "opus")]
    [InlineData("mp4", "aac")]
    public async Task A_PCMU_only_source_becomes_an_audio_file(string outputType, string expectedCodec)
    {
        using var dir = new TempDirectory();
        await using var gateway = new GatewayFactory(Path.Combine(dir.Path, "data"));
        using var http = gateway.CreateClient();
        var capture = await gateway.CreateCaptureAsync(http, new
        {
            source = new { type = "rtp", sdp = SyncPattern.Sdp(("audio", 0, 0, "PCMU/8000", null)) },
            outputs = new[] { new { type = outputType } },
        });
        var id = capture["id"]!.GetValue<string>();
        var port = Ports(capture)[0];
        await using (var sender = ExternalProcess.Start("ffmpeg", SyncPattern.PcmuSender(Seconds, port)))
            Assert.Equal(0, await sender.WaitForExitAsync(TimeSpan.FromSeconds(Seconds + 20)));
        (await http.PostAsync($"/v1/captures/{id}/stop", null)).EnsureSuccessStatusCode();
        var done = await GatewayFactory.WaitForStateAsync(http, id, TimeSpan.FromSeconds(30), "completed", "failed");
        output.WriteLine(done.ToJsonString());
        Assert.Equal("completed", done["state"]!.GetValue<string>());
        var file = new Uri(done["outputs"]![0]!["location"]!.GetValue<string>()).LocalPath;
        var probe = await MediaProbe.ProbeAsync(file);
        Assert.Null(probe.Video);
        Assert.Equal(expectedCodec, probe.Audio?.CodecName);
        Assert.InRange(probe.DurationSeconds, Seconds - 1.5, Seconds + 1.5);
        Assert.Equal("", await MediaProbe.DecodeErrorsAsync(file));
        Assert.Equal("PCMU", done["tracks"]![0]!["codec"]!.GetValue<string>());
    }

    public static TheoryData<string, string, string> BadSources => new()
    {
        { "not an sdp at all", "source.sdp", "malformed" },
        { "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=x\r\nt=0 0\r\n", "source.sdp", "no m= line" },
        { SyncPattern.Sdp(("video", 0, 96, "AV1/90000", null)), "source.sdp", "AV1" },
        { SyncPattern.Sdp(("video", 0, 96, "H264/90000", "packetization-mode=2")), "source.sdp", "packetization-mode 2" },
    };

    [Theory]
    [MemberData(nameof(BadSources))]
    public async Task A_source_the_gateway_cannot_record_is_a_400_naming_the_problem(string sdp, string field, string mention)
    {
        using var dir = new TempDirectory();
        await using var gateway = new GatewayFactory(Path.Combine(dir.Path, "data"));
        using var http = gateway.CreateClient();
        var response = await http.PostAsJsonAsync("/v1/captures", new { source = new { type = "rtp", sdp }, outputs = new[] { new { type = "mp4" } } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var messages = problem["errors"]![field]!.AsArray().Select(m => m!.GetValue<string>()).ToList();
        Assert.Contains(messages, m => m.Contains(mention, StringComparison.OrdinalIgnoreCase));
        Assert.Empty(JsonNode.Parse(await http.GetStringAsync("/v1/captures"))!.AsArray());
    }

    [Theory]
    [InlineData("""{"source":{"type":"rtp","sdp":"v=0"},"outputs":[]}""", "outputs")]
    [InlineData("""{"source":{"type":"carrier-pigeon"},"outputs":[{"type":"mp4"}]}""", "source.type")]
    [InlineData("""{"source":{"type":"rtp","sdp":"v=0"},"outputs":[{"type":"gif"}]}""", "outputs[0].type")]
    [InlineData("""{"source":{"type":"rtp","sdp":"v=0"},"outputs":[{"type":"mp4"}],"maxDurationSeconds":0}""", "maxDurationSeconds")]
    public async Task Invalid_requests_are_validation_problems_keyed_by_field(string body, string field)
    {
        using var dir = new TempDirectory();
        await using var gateway = new GatewayFactory(Path.Combine(dir.Path, "data"));
        using var http = gateway.CreateClient();
        var response = await http.PostAsync("/v1/captures", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task Thousands_of_garbage_datagrams_leave_a_recording_capture_recording_and_its_file_decodable()
    {
        using var dir = new TempDirectory();
        await using var gateway = new GatewayFactory(Path.Combine(dir.Path, "data"));
        using var http = gateway.CreateClient();
        var capture = await gateway.CreateCaptureAsync(http, new
        {
            source = new
            {
                type = "rtp",
                sdp = SyncPattern.Sdp(("video", 0, 96, "H264/90000", "packetization-mode=1"), ("audio", 0, 111, "opus/48000/2", "sprop-stereo=1")),
            },
            outputs = new[] { new { type = "mp4" } },
        });
        var id = capture["id"]!.GetValue<string>();
        var ports = Ports(capture);
        await using var sender = ExternalProcess.Start("ffmpeg", SyncPattern.H264OpusSender(Seconds, ports[0], ports[1]));

        using var garbage = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        garbage.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var random = new Random(7);
        var buffer = new byte[1400];
        var sent = 0;
        for (var round = 0; round < 50; round++)
        {
            for (var i = 0; i < 100; i++)
            {
                var length = random.Next(1, buffer.Length);
                random.NextBytes(buffer.AsSpan(0, length));
                switch (i % 4)
                {
                    case 1: buffer[0] = (byte)(0x80 | (buffer[0] & 0x3F)); break;           // RTP version 2, random rest
                    case 2: buffer[0] = 0x80; buffer[1] = 96; break;                       // our payload type, foreign SSRC
                    case 3: buffer[0] = 0x80; buffer[1] = (byte)random.Next(192, 224); break; // an RTCP-looking header
                }
                var port = ports[random.Next(2)] + random.Next(2);                          // RTP and RTCP of both tracks
                garbage.SendTo(buffer.AsSpan(0, length), SocketFlags.None, new IPEndPoint(IPAddress.Loopback, port));
                sent++;
            }
            await Task.Delay(40);
        }
        Assert.Equal("recording", JsonNode.Parse(await http.GetStringAsync($"/v1/captures/{id}"))!["state"]!.GetValue<string>());
        Assert.Equal(0, await sender.WaitForExitAsync(TimeSpan.FromSeconds(Seconds + 20)));

        (await http.PostAsync($"/v1/captures/{id}/stop", null)).EnsureSuccessStatusCode();
        var done = await GatewayFactory.WaitForStateAsync(http, id, TimeSpan.FromSeconds(30), "completed", "failed");
        output.WriteLine($"{sent} garbage datagrams; {done.ToJsonString()}");
        Assert.Equal("completed", done["state"]!.GetValue<string>());
        var file = new Uri(done["outputs"]![0]!["location"]!.GetValue<string>()).LocalPath;
        var probe = await MediaProbe.ProbeAsync(file);
        Assert.Equal("h264", probe.Video?.CodecName);
        Assert.Equal("", await MediaProbe.DecodeErrorsAsync(file));
        Assert.True(probe.Video!.Frames >= 0.7 * Seconds * 30, $"{probe.Video.Frames} frames");
    }

    private static int[] Ports(JsonNode capture) =>
        RtpPorts.MediaPort().Matches(capture["source"]!["answerSdp"]!.GetValue<string>())
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToArray();
}
