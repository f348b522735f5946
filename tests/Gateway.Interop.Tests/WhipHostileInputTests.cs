using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Gateway.Interop.Tests.Support;
using Gateway.Rtc.Stun;
using Gateway.Worker.WebRtc;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Gateway.Interop.Tests;

/// <summary>
/// Hostile datagrams on the shared WebRTC port — garbage, checks with unknown ufrags, DTLS from strangers, SRTP with
/// bad tags and replays from a connected peer — are dropped and counted while another session keeps recording.
/// </summary>
public sealed class WhipHostileInputTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Garbage_unknown_ufrags_forged_and_replayed_srtp_are_dropped_and_the_other_session_records_on()
    {
        using var dir = new TempDirectory();
        await using var gateway = new GatewayFactory(Path.Combine(dir.Path, "data"));
        using var http = gateway.CreateClient();
        var host = gateway.Services.GetRequiredService<WebRtcHost>();
        var request = new { source = new { type = "whip" }, outputs = new[] { new { type = "audio" } } };

        async Task<(string Id, string Token, LoopbackWhipPublisher Publisher)> ConnectAsync()
        {
            var capture = await gateway.CreateCaptureAsync(http, request);
            var (id, token) = (capture["id"]!.GetValue<string>(), capture["source"]!["bearerToken"]!.GetValue<string>());
            var publisher = new LoopbackWhipPublisher();
            await publisher.PostOfferAsync(http, capture["source"]!["whipUrl"]!.GetValue<string>(), token);
            await publisher.ConnectAsync(TimeSpan.FromSeconds(10));
            publisher.StartMedia();
            await GatewayFactory.WaitForStateAsync(http, id, TimeSpan.FromSeconds(10), "recording");
            return (id, token, publisher);
        }

        var (victimId, victimToken, victim) = await ConnectAsync();
        var (attackerId, _, attacker) = await ConnectAsync();
        await using var _v = victim;
        await using var _a = attacker;
        var droppedBefore = host.Dropped;

        // From a stranger's socket: random bytes, STUN checks for a ufrag nobody has, a DTLS record, RTP-looking junk.
        using var stranger = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var random = new Random(7);
        var sent = 0;
        for (var i = 0; i < 300; i++)
        {
            var junk = new byte[random.Next(1, 1400)];
            random.NextBytes(junk);
            stranger.SendTo(junk, attacker.GatewayEndPoint!);
            sent++;
        }
        for (var i = 0; i < 50; i++)
        {
            var buffer = new byte[256];
            var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, StunTransactionId.NewRandom());
            writer.AddUsername("nobody00:whoever");
            writer.AddMessageIntegrity(StunCredentials.ShortTermKey("not-the-password-at-all"));
            writer.AddFingerprint();
            stranger.SendTo(buffer.AsSpan(0, writer.Length), SocketFlags.None, attacker.GatewayEndPoint!);
            stranger.SendTo(new byte[] { 22, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0 }, attacker.GatewayEndPoint!);
            sent += 2;
        }
        // From the connected attacker: SRTP with a broken tag, and replays of a packet already accepted.
        var genuine = attacker.ProtectNextRtp();
        attacker.SendRaw(genuine);
        for (var i = 0; i < 50; i++)
        {
            var forged = (byte[])genuine.Clone();
            forged[^1] ^= 0x5A;
            attacker.SendRaw(forged);
            attacker.SendRaw(genuine);                               // replay
            sent += 2;
        }

        await Task.Delay(1500);
        var dropped = host.Dropped - droppedBefore;
        output.WriteLine($"hostile datagrams sent {sent}, dropped and counted {dropped}");
        Assert.True(dropped >= sent - 5, $"{dropped} of {sent} counted");   // a few random ones may look like a check of nobody's and still count

        var live = JsonNode.Parse(await http.GetStringAsync($"/v1/captures/{victimId}"))!;
        Assert.Equal("recording", live["state"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, await victim.DeleteAsync(http, victimToken));
        var done = await GatewayFactory.WaitForStateAsync(http, victimId, TimeSpan.FromSeconds(15), "completed", "failed");
        Assert.Equal("completed", done["state"]!.GetValue<string>());
        var track = done["tracks"]![0]!;
        Assert.Equal(0, track["packetsLost"]!.GetValue<long>());
        var file = new Uri(done["outputs"]![0]!["location"]!.GetValue<string>()).LocalPath;
        Assert.Equal("", await MediaProbe.DecodeErrorsAsync(file));
        await http.PostAsync($"/v1/captures/{attackerId}/stop", null);
    }
}
