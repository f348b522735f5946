using FsCheck.Xunit;
using Gateway.Rtc.Srtp;

namespace Gateway.Rtc.Tests.Srtp;

/// <summary>
/// The AES-NI AES_CM_128_HMAC_SHA1 path against the platform (OpenSSL ECB) path on random master keys, salts, SSRCs,
/// sequence numbers, rollover counters and payloads of 0–1500 bytes: what one protects the other unprotects, the
/// bytes are identical, a changed bit is refused, and a packet costs no allocation.
/// </summary>
public sealed class AesCmPropertyTests
{
    private sealed record Case(byte[] Key, byte[] Salt, uint Ssrc, ushort Sequence, uint Roc, int Header, byte[] Packet);

    private static Case Make(int seed, int payloadLength)
    {
        var random = new Random(seed);
        var key = new byte[16];
        var salt = new byte[14];
        random.NextBytes(key);
        random.NextBytes(salt);
        int header = 12 + 4 * random.Next(0, 4); // with and without CSRCs
        var packet = new byte[header + payloadLength + 10];
        random.NextBytes(packet.AsSpan(0, header + payloadLength));
        return new Case(key, salt, (uint)random.NextInt64(0, 1L << 32), (ushort)random.Next(0, 65536), (uint)random.NextInt64(0, 1L << 32),
            header, packet);
    }

    private static AesCmHmacTransform Transform(Case c, bool intrinsics, int tag = 10) => new(c.Key, c.Salt, tag, intrinsics);

    private static byte[] Protect(Case c, bool intrinsics, int tag = 10)
    {
        var buffer = (byte[])c.Packet.Clone();
        int plain = c.Packet.Length - 10;
        using var transform = Transform(c, intrinsics, tag);
        transform.ProtectRtp(buffer.AsSpan(0, plain + tag), c.Header, plain, c.Ssrc, c.Roc, c.Sequence);
        return buffer[..(plain + tag)];
    }

    private static void AssertPathsAgree(Case c, int tag)
    {
        var fromIntrinsics = Protect(c, intrinsics: true, tag);
        var fromPlatform = Protect(c, intrinsics: false, tag);
        Assert.Equal(fromPlatform, fromIntrinsics);
        Assert.Equal(c.Packet[..c.Header], fromIntrinsics[..c.Header]); // the header is authenticated, never encrypted

        foreach (var (packet, intrinsics) in new[] { (fromPlatform, true), (fromIntrinsics, false) })
        {
            using var receiver = Transform(c, intrinsics, tag);
            Assert.True(receiver.UnprotectRtp(packet, c.Header, c.Ssrc, c.Roc, c.Sequence));
            Assert.Equal(c.Packet[..(packet.Length - tag)], packet[..^tag]);
        }
    }

    [Property(MaxTest = 500)]
    public void Protect_on_one_path_unprotects_on_the_other(int seed, ushort length, bool shortTag)
    {
        AssertPathsAgree(Make(seed, length % 1501), shortTag ? 4 : 10);
    }

    /// <summary>Every payload length SRTP can carry, so each tail shape of the eight-block loop is met.</summary>
    [Fact]
    public void Every_payload_length_up_to_1500_agrees()
    {
        for (int length = 0; length <= 1500; length++) AssertPathsAgree(Make(length, length), 10);
    }

    [Property(MaxTest = 300)]
    public void A_changed_bit_or_a_wrong_index_is_refused_on_both_paths(int seed, ushort length, int where, byte bit, byte what)
    {
        var c = Make(seed, length % 1501);
        var packet = Protect(c, intrinsics: true);
        uint roc = c.Roc;
        // The sequence number and SSRC reach the transform from the header, so changing them means changing the header.
        switch (what % 4)
        {
            case 0: packet[(int)((uint)where % (uint)packet.Length)] ^= (byte)(1 << (bit % 8)); break; // header, payload or tag
            case 1: roc ^= 1u << (bit % 32); break; // the ROC is authenticated though never sent
            case 2: packet[(int)((uint)where % (uint)c.Header)] ^= (byte)(1 << (bit % 8)); break;
            default: packet[^(1 + bit % 10)] ^= (byte)(1 << (where & 7)); break; // the tag itself
        }
        foreach (bool intrinsics in new[] { true, false })
        {
            var copy = (byte[])packet.Clone();
            using var receiver = Transform(c, intrinsics);
            Assert.False(receiver.UnprotectRtp(copy, c.Header, c.Ssrc, roc, c.Sequence));
            Assert.Equal(packet, copy); // refused before anything is decrypted; the tag slot is restored
        }
    }

    [Fact]
    public void Unprotect_and_protect_allocate_nothing_per_packet()
    {
        var c = Make(7, 1200);
        var packet = Protect(c, intrinsics: true);
        var work = new byte[packet.Length];
        using var transform = Transform(c, intrinsics: true);
        packet.CopyTo(work, 0);
        Assert.True(transform.UnprotectRtp(work, c.Header, c.Ssrc, c.Roc, c.Sequence)); // JIT and statics first
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            packet.CopyTo(work, 0);
            if (!transform.UnprotectRtp(work, c.Header, c.Ssrc, c.Roc, c.Sequence)) Assert.Fail("unprotect failed");
            transform.ProtectRtp(work, c.Header, work.Length - 10, c.Ssrc, c.Roc, c.Sequence);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
