using Gateway.Rtc.Srtp;
using static Gateway.Rtc.Tests.Srtp.SrtpTestData;

namespace Gateway.Rtc.Tests.Srtp;

public sealed class SrtpContextTests
{
    public static TheoryData<SrtpProfile> Profiles =>
        [SrtpProfile.AesCm128HmacSha1_80, SrtpProfile.AesCm128HmacSha1_32, SrtpProfile.AeadAes128Gcm];

    private static byte[] Protect(SrtpContext sender, byte[] plain)
    {
        var buffer = WithRoom(plain);
        Assert.True(sender.ProtectRtp(buffer, plain.Length, out int length, out var error), error.ToString());
        Assert.Equal(plain.Length + sender.RtpOverhead, length);
        return buffer[..length];
    }

    private static SrtpError Unprotect(SrtpContext receiver, byte[] packet, byte[]? expectedPlain = null)
    {
        var copy = (byte[])packet.Clone();
        bool ok = receiver.UnprotectRtp(copy, out int length, out var error);
        Assert.Equal(ok, error == SrtpError.None);
        if (ok && expectedPlain is not null) Assert.Equal(expectedPlain, copy[..length]);
        return error;
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Protect_then_unprotect_returns_the_packet_with_csrcs_and_extension(SrtpProfile profile)
    {
        using var sender = Context(profile);
        using var receiver = Context(profile);
        var plain = RtpPacket(1000, csrcs: 3, extensionWords: 2, payloadLength: 1200);
        var packet = Protect(sender, plain);
        Assert.Equal(plain[..32], packet[..32]);                 // header, CSRCs and extension stay clear
        Assert.NotEqual(plain[32..64], packet[32..64]);          // payload does not
        Assert.Equal(SrtpError.None, Unprotect(receiver, packet, plain));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Rollover_counter_follows_sequence_wrap_65535_to_0(SrtpProfile profile)
    {
        using var sender = Context(profile);
        using var receiver = Context(profile);
        foreach (ushort sequence in new ushort[] { 65533, 65534, 65535, 0, 1, 2 })
        {
            var plain = RtpPacket(sequence);
            Assert.Equal(SrtpError.None, Unprotect(receiver, Protect(sender, plain), plain));
        }
        Assert.True(sender.TryGetRolloverCounter(0xcafebabe, out uint sent));
        Assert.True(receiver.TryGetRolloverCounter(0xcafebabe, out uint received));
        Assert.Equal(1u, sent);
        Assert.Equal(1u, received);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Late_packet_from_before_the_wrap_uses_the_previous_rollover_counter(SrtpProfile profile)
    {
        using var sender = Context(profile);
        using var receiver = Context(profile);
        var late = Protect(sender, RtpPacket(65535));
        var first = Protect(sender, RtpPacket(0));                        // ROC 1
        Assert.Equal(SrtpError.None, Unprotect(receiver, Protect(sender, RtpPacket(65534))));
        Assert.Equal(SrtpError.None, Unprotect(receiver, first));
        Assert.Equal(SrtpError.None, Unprotect(receiver, late, RtpPacket(65535))); // ROC 0 guessed, authenticates
        Assert.True(receiver.TryGetRolloverCounter(0xcafebabe, out uint roc));
        Assert.Equal(1u, roc);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Replayed_packet_is_rejected(SrtpProfile profile)
    {
        using var sender = Context(profile);
        using var receiver = Context(profile);
        var packet = Protect(sender, RtpPacket(42));
        Assert.Equal(SrtpError.None, Unprotect(receiver, packet));
        Assert.Equal(SrtpError.Replayed, Unprotect(receiver, packet));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Reordered_within_the_window_is_accepted_and_too_old_is_rejected(SrtpProfile profile)
    {
        using var sender = Context(profile);
        using var receiver = Context(profile);
        var packets = Enumerable.Range(100, 100).Select(s => Protect(sender, RtpPacket((ushort)s))).ToArray();
        Assert.Equal(SrtpError.None, Unprotect(receiver, packets[70]));  // seq 170
        Assert.Equal(SrtpError.None, Unprotect(receiver, packets[72]));  // 172
        Assert.Equal(SrtpError.None, Unprotect(receiver, packets[71]));  // 171, late but in the window
        Assert.Equal(SrtpError.None, Unprotect(receiver, packets[9]));   // 109: 63 behind, the window's last slot
        Assert.Equal(SrtpError.Replayed, Unprotect(receiver, packets[8])); // 108: 64 behind, outside
        Assert.Equal(SrtpError.Replayed, Unprotect(receiver, packets[71]));
        Assert.Equal(SrtpError.None, Unprotect(receiver, packets[99]));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Tampered_packets_fail_authentication_and_leave_state_alone(SrtpProfile profile)
    {
        using var sender = Context(profile);
        using var receiver = Context(profile);
        var plain = RtpPacket(7);
        var packet = Protect(sender, plain);
        foreach (int position in new[] { 1, 3, 11, 20, packet.Length - 1 })   // PT, seq, SSRC, payload, tag
        {
            var tampered = (byte[])packet.Clone();
            tampered[position] ^= 0x10;
            Assert.Equal(SrtpError.AuthFailed, Unprotect(receiver, tampered));
        }
        Assert.Equal(0, receiver.StreamCount);                      // forged packets create no state
        Assert.Equal(SrtpError.None, Unprotect(receiver, packet, plain));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Wrong_key_fails_authentication(SrtpProfile profile)
    {
        using var sender = Context(profile);
        var otherKey = (byte[])(SrtpProfiles.IsAead(profile) ? GcmMasterKey : CmMasterKey).Clone();
        otherKey[0] ^= 1;
        using var receiver = new SrtpContext(profile, otherKey, SrtpProfiles.IsAead(profile) ? GcmMasterSalt : CmMasterSalt);
        Assert.Equal(SrtpError.AuthFailed, Unprotect(receiver, Protect(sender, RtpPacket(1))));
    }

    [Fact]
    public void New_ssrcs_beyond_the_limit_are_unknown()
    {
        var options = new SrtpContextOptions { MaxStreams = 2 };
        using var sender = Context(SrtpProfile.AesCm128HmacSha1_80);
        using var receiver = Context(SrtpProfile.AesCm128HmacSha1_80, options);
        Assert.Equal(SrtpError.None, Unprotect(receiver, Protect(sender, RtpPacket(1, ssrc: 1))));
        Assert.Equal(SrtpError.None, Unprotect(receiver, Protect(sender, RtpPacket(1, ssrc: 2))));
        Assert.Equal(SrtpError.UnknownSsrc, Unprotect(receiver, Protect(sender, RtpPacket(1, ssrc: 3))));
        Assert.Equal(SrtpError.None, Unprotect(receiver, Protect(sender, RtpPacket(2, ssrc: 1))));
        Assert.Equal(2, receiver.StreamCount);
    }

    [Theory]
    [InlineData(new byte[0], SrtpError.TooShort)]
    [InlineData(new byte[] { 0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, SrtpError.TooShort)]   // 21 < 12 + 10
    [InlineData(new byte[] { 0x40, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, SrtpError.BadHeader)] // version 1
    [InlineData(new byte[] { 0x8F, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, SrtpError.BadHeader)] // 15 CSRCs
    [InlineData(new byte[] { 0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, SrtpError.AuthFailed)]
    public void Malformed_rtp_is_rejected_with_a_reason(byte[] packet, SrtpError expected)
    {
        using var receiver = Context(SrtpProfile.AesCm128HmacSha1_80);
        Assert.False(receiver.UnprotectRtp(packet, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Protect_needs_room_for_the_tag(SrtpProfile profile)
    {
        using var sender = Context(profile);
        var plain = RtpPacket(1);
        var buffer = WithRoom(plain, sender.RtpOverhead - 1);
        Assert.False(sender.ProtectRtp(buffer, plain.Length, out _, out var error));
        Assert.Equal(SrtpError.BufferTooSmall, error);
        Assert.Equal(plain, buffer[..plain.Length]); // untouched
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Srtcp_round_trips_counts_its_index_and_rejects_replays(SrtpProfile profile)
    {
        using var sender = Context(profile);
        using var receiver = Context(profile);
        var report = Hex("80c90001 cafebabe"); // empty receiver report
        var packets = new List<byte[]>();
        for (int i = 0; i < 3; i++)
        {
            var buffer = WithRoom(report);
            Assert.True(sender.ProtectRtcp(buffer, report.Length, out int length, out _));
            Assert.Equal(report.Length + sender.RtcpOverhead, length);
            packets.Add(buffer[..length]);
        }
        int indexAt = SrtpProfiles.IsAead(profile) ? 4 : 14;
        Assert.Equal(Hex("80000003"), packets[2][^indexAt..^(indexAt - 4)]);

        foreach (var packet in new[] { packets[1], packets[0], packets[2] })
        {
            var copy = (byte[])packet.Clone();
            Assert.True(receiver.UnprotectRtcp(copy, out int plainLength, out var error), error.ToString());
            Assert.Equal(report, copy[..plainLength]);
        }
        Assert.False(receiver.UnprotectRtcp((byte[])packets[1].Clone(), out _, out var replay));
        Assert.Equal(SrtpError.Replayed, replay);

        var tampered = (byte[])packets[0].Clone();
        tampered[5] ^= 1;
        Assert.False(receiver.UnprotectRtcp(tampered, out _, out var forged));
        Assert.Equal(SrtpError.AuthFailed, forged);
    }

    [Theory]
    [InlineData(SrtpProfile.AesCm128HmacSha1_80, 60, 16, 14)]
    [InlineData(SrtpProfile.AeadAes128Gcm, 56, 16, 12)]
    public void Dtls_keying_material_splits_into_mirrored_directions(SrtpProfile profile, int total, int keyLength, int saltLength)
    {
        Assert.Equal(total, SrtpKeys.KeyingMaterialLength(profile));
        var material = Enumerable.Range(0, total).Select(i => (byte)i).ToArray();
        var server = SrtpKeys.FromDtlsKeyingMaterial(material, profile, isServer: true);
        var client = SrtpKeys.FromDtlsKeyingMaterial(material, profile, isServer: false);

        Assert.Equal(material[..keyLength], client.LocalMasterKey.ToArray());
        Assert.Equal(material[keyLength..(2 * keyLength)], server.LocalMasterKey.ToArray());
        Assert.Equal(material[(2 * keyLength)..(2 * keyLength + saltLength)], client.LocalMasterSalt.ToArray());
        Assert.Equal(material[(2 * keyLength + saltLength)..], server.LocalMasterSalt.ToArray());
        Assert.Equal(server.LocalMasterKey.ToArray(), client.RemoteMasterKey.ToArray());
        Assert.Equal(client.LocalMasterSalt.ToArray(), server.RemoteMasterSalt.ToArray());

        using var clientSends = client.CreateLocalContext();
        using var serverReceives = server.CreateRemoteContext();
        using var serverSends = server.CreateLocalContext();
        var plain = RtpPacket(5);
        Assert.Equal(SrtpError.None, Unprotect(serverReceives, Protect(clientSends, plain), plain));
        using var serverReceivesAgain = server.CreateRemoteContext();
        Assert.Equal(SrtpError.AuthFailed, Unprotect(serverReceivesAgain, Protect(serverSends, plain)));
        Assert.Throws<ArgumentException>(() => SrtpKeys.FromDtlsKeyingMaterial(material[1..], profile, true));
    }
}
