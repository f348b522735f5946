using FsCheck;
using FsCheck.Xunit;
using Gateway.Rtc.Srtp;
using static Gateway.Rtc.Tests.Srtp.SrtpTestData;

namespace Gateway.Rtc.Tests.Srtp;

public sealed class SrtpPropertyTests : IDisposable
{
    private readonly SrtpContext _cm = Context(SrtpProfile.AesCm128HmacSha1_80);
    private readonly SrtpContext _gcm = Context(SrtpProfile.AeadAes128Gcm);

    [Property(MaxTest = 2000)]
    public void Unprotect_never_throws_on_arbitrary_bytes(byte[] data, bool rtcp, bool gcm)
    {
        var context = gcm ? _gcm : _cm;
        bool ok = rtcp ? context.UnprotectRtcp(data, out int length, out var error) : context.UnprotectRtp(data, out length, out error);
        Assert.False(ok); // nothing random authenticates
        Assert.NotEqual(SrtpError.None, error);
        Assert.Equal(0, length);
    }

    /// <summary>An RTP-looking header in front of the random bytes, so the header and index paths are exercised.</summary>
    [Property(MaxTest = 1000)]
    public void Unprotect_rejects_arbitrary_payloads_behind_a_valid_header(ushort sequence, uint ssrc, byte[] rest, bool gcm)
    {
        var data = new byte[12 + rest.Length];
        data[0] = 0x80;
        data[2] = (byte)(sequence >> 8);
        data[3] = (byte)sequence;
        data[8] = (byte)(ssrc >> 24);
        data[11] = (byte)ssrc;
        rest.CopyTo(data, 12);
        var context = gcm ? _gcm : _cm;
        Assert.False(context.UnprotectRtp(data, out _, out var error));
        Assert.True(error is SrtpError.TooShort or SrtpError.AuthFailed or SrtpError.BadHeader, error.ToString());
    }

    [Property(MaxTest = 300)]
    public bool Unprotect_of_protect_is_identity(ushort sequence, uint ssrc, NonNull<byte[]> payload, bool gcm, bool rtcp)
    {
        var profile = gcm ? SrtpProfile.AeadAes128Gcm : SrtpProfile.AesCm128HmacSha1_80;
        using var sender = Context(profile);
        using var receiver = Context(profile);
        byte[] plain;
        if (rtcp)
        {
            plain = new byte[8 + payload.Get.Length];
            plain[0] = 0x81;
            plain[1] = 201;
            BitConverter.TryWriteBytes(plain.AsSpan(4), ssrc);
            payload.Get.CopyTo(plain, 8);
        }
        else
        {
            plain = RtpPacket(sequence, ssrc, payloadLength: 0).Concat(payload.Get).ToArray();
        }
        var buffer = WithRoom(plain);
        bool protectedOk = rtcp ? sender.ProtectRtcp(buffer, plain.Length, out int length, out _) : sender.ProtectRtp(buffer, plain.Length, out length, out _);
        var packet = buffer.AsSpan(0, length);
        bool unprotectedOk = rtcp ? receiver.UnprotectRtcp(packet, out int plainLength, out _) : receiver.UnprotectRtp(packet, out plainLength, out _);
        return protectedOk && unprotectedOk && packet[..plainLength].SequenceEqual(plain);
    }

    public void Dispose()
    {
        _cm.Dispose();
        _gcm.Dispose();
    }
}
