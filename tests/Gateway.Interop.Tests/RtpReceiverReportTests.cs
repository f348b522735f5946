using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Gateway.Interop.Tests.Support;
using Gateway.Rtc.Rtcp;
using Gateway.Rtc.Rtp;

namespace Gateway.Interop.Tests;

/// <summary>RFC 3550 §6.4.2: the gateway reports reception back to where the sender's RTCP comes from.</summary>
public sealed partial class RtpReceiverReportTests
{
    [Fact]
    public async Task Receiver_reports_reach_the_senders_rtcp_socket_with_loss_and_the_last_SR()
    {
        using var dir = new TempDirectory();
        await using var gateway = new GatewayFactory(Path.Combine(dir.Path, "data"));
        using var http = gateway.CreateClient();
        var capture = await gateway.CreateCaptureAsync(http, new
        {
            source = new { type = "rtp", sdp = SyncPattern.Sdp(("audio", 0, 0, "PCMU/8000", null)) },
            outputs = new[] { new { type = "audio" } },
        });
        var port = int.Parse(RtpPorts.MediaPort().Match(capture["source"]!["answerSdp"]!.GetValue<string>()).Groups[1].Value, CultureInfo.InvariantCulture);

        using var rtp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        using var rtcp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        rtp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        rtcp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var rtpTarget = new IPEndPoint(IPAddress.Loopback, port);
        var rtcpTarget = new IPEndPoint(IPAddress.Loopback, port + 1);
        const uint ssrc = 0xC0FFEE;

        // An SR first (the mapping), then 100 packets of 20 ms with every tenth one missing.
        var ntp = NtpTimestamp.FromDateTimeOffset(DateTimeOffset.UtcNow);
        var sr = new byte[64];
        Assert.True(new SenderReport(new SenderInfo(ssrc, ntp, 1000, 0, 0), []).TryWriteTo(sr, out var srLength));
        rtcp.SendTo(sr.AsSpan(0, srLength), SocketFlags.None, rtcpTarget);
        var packet = new byte[12 + 160];
        for (var i = 0; i < 100; i++)
        {
            if (i % 10 == 5) continue;
            new RtpHeader(false, 0, (ushort)(5000 + i), (uint)(1000 + 160 * i), ssrc).TryWriteTo(packet, out _);
            rtp.SendTo(packet, rtpTarget);
            await Task.Delay(2);
        }

        var buffer = new byte[1500];
        rtcp.ReceiveTimeout = 5000;
        ReceptionReport? block = null;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (block is null && DateTime.UtcNow < deadline)
        {
            var length = rtcp.Receive(buffer);
            foreach (var p in RtcpCompound.Enumerate(buffer.AsSpan(0, length)))
            {
                if (p.Type != RtcpPacketType.ReceiverReport || !ReceiverReport.TryParse(p.Data, out var rr, out _)) continue;
                // Reports go out every second; the one after the last packet counts everything.
                foreach (var b in rr.ReportBlocks) if (b.Ssrc == ssrc && (b.ExtendedHighestSequence & 0xFFFF) == 5099) block = b;
            }
        }
        Assert.NotNull(block);
        Assert.Equal(10, block.Value.CumulativeLost);
        Assert.Equal(5000u + 99, block.Value.ExtendedHighestSequence & 0xFFFF);
        Assert.Equal((uint)(ntp >> 16), block.Value.LastSenderReport);     // LSR: middle 32 bits of the SR's NTP time
        Assert.True(block.Value.DelaySinceLastSenderReport > 0);
        (await http.PostAsync($"/v1/captures/{capture["id"]}/stop", null)).EnsureSuccessStatusCode();
    }
}
