using Gateway.Rtc.Rtp;

namespace Gateway.Rtc.Tests.Rtp;

public sealed class RtxPacketTests
{
    [Fact]
    public void Unwrapping_restores_the_original_header_and_payload()
    {
        // RTX PT 97, seq 7, SSRC 0xBBBB; OSN 0x1234 then the original payload "abc" (RFC 4588 §4).
        byte[] packet = [0x80, 0x61, 0x00, 0x07, 0, 0, 0x10, 0, 0, 0, 0xBB, 0xBB, 0x12, 0x34, (byte)'a', (byte)'b', (byte)'c'];
        Assert.True(RtpHeader.TryParse(packet, out var rtx, out var payload, out _));
        Assert.True(RtxPacket.TryUnwrap(rtx, packet, payload, 96, 0xAAAA, out var original, out var originalPayload));
        Assert.Equal((96, 0x1234, 0xAAAAu, 0x1000u), (original.PayloadType, original.SequenceNumber, original.Ssrc, original.Timestamp));
        Assert.Equal("abc"u8.ToArray(), packet[originalPayload]);
    }

    [Fact]
    public void A_padding_only_probe_has_no_original()
    {
        // Padding bit set, 4 bytes of padding: no payload, no OSN.
        byte[] probe = [0xA0, 0x61, 0x00, 0x08, 0, 0, 0x10, 0, 0, 0, 0xBB, 0xBB, 0, 0, 0, 4];
        Assert.True(RtpHeader.TryParse(probe, out var rtx, out var payload, out _));
        Assert.False(RtxPacket.TryUnwrap(rtx, probe, payload, 96, 0xAAAA, out _, out _));
    }
}
