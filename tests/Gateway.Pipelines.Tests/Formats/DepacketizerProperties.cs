using System.Buffers;
using FsCheck.Xunit;
using Gateway.Pipelines.Codecs;
using Gateway.Pipelines.Formats;
using Gateway.Rtc.Rtp;

namespace Gateway.Pipelines.Tests.Formats;

public sealed class DepacketizerProperties
{
    private static readonly (string Name, int Clock, int Channels)[] Formats =
        [("H264", 90000, 0), ("VP8", 90000, 0), ("VP9", 90000, 0), ("opus", 48000, 2), ("PCMU", 8000, 1), ("PCMA", 8000, 1)];

    private static readonly byte[][] Prefixes =
    [
        [], [0x7C, 0x85], [0x7C, 0x05], [0x7C, 0x45], [0x18, 0x00], [0x65], [0x90, 0x80], [0x10], [0x00],
        [0x88], [0x0C], [0x08], [0x04], [0xDA], [0x0A], [0xFF],
    ];

    /// <summary>
    /// Arbitrary packets (random bytes behind prefixes that reach the interesting parsers), markers, timestamps and
    /// resets, with tight limits: no codec throws, and only a completed frame writes anything.
    /// </summary>
    [Property(MaxTest = 300)]
    public void Push_never_throws_and_writes_only_complete_frames(byte[][] payloads, bool[] markers, byte[] timestamps, int seed)
    {
        var limits = new DepacketizerLimits { MaxFrameBytes = 256, MaxPacketsPerFrame = 6, MaxUnitsPerFrame = 4 };
        foreach (var (name, clock, channels) in Formats)
        {
            Assert.True(CodecRegistry.TryCreate(name, clock, channels, null, out var codec, out _));
            var depacketizer = codec.CreateDepacketizer(limits);
            var writer = new ArrayBufferWriter<byte>();
            payloads ??= [];
            for (int i = 0; i < payloads.Length; i++)
            {
                var prefix = Prefixes[(uint)(seed + i) % Prefixes.Length];
                byte[] payload = [.. prefix, .. payloads[i] ?? []];
                bool marker = markers is { Length: > 0 } && markers[i % markers.Length];
                uint timestamp = timestamps is { Length: > 0 } ? timestamps[i % timestamps.Length] : 0u;
                if ((seed >> (i % 31) & 1) == 1 && i % 7 == 3) depacketizer.Reset();
                writer.Clear();
                var status = depacketizer.Push(new RtpHeader(marker, 96, (ushort)i, timestamp, 1), payload, writer, out var info);
                if (status == DepacketizeStatus.FrameComplete)
                {
                    Assert.InRange(writer.WrittenCount, 1, limits.MaxFrameBytes + 64);   // + sprop/superframe index
                }
                else
                {
                    Assert.Equal(0, writer.WrittenCount);
                    Assert.Equal(default, info);
                }
            }
        }
    }

    /// <summary>Every supported codec's CodecPrivate builder is total too: garbage first frames give bytes or nothing.</summary>
    [Property(MaxTest = 300)]
    public void CreateCodecPrivate_never_throws(byte[] firstFrame)
    {
        foreach (var (name, clock, channels) in Formats)
        {
            Assert.True(CodecRegistry.TryCreate(name, clock, channels, null, out var codec, out _));
            _ = codec.CreateCodecPrivate(firstFrame ?? []);
        }
    }

    /// <summary>High-profile SPS with random Exp-Golomb bits: the avcC is built (profile 100 copied) or refused, never thrown.</summary>
    [Property(MaxTest = 300)]
    public bool H264_avcC_from_a_high_profile_SPS_with_random_bits_is_built_or_refused(byte[] spsTail)
    {
        byte[] sps = [0x67, 100, 0, 31, .. (spsTail ?? []).Take(300)];
        byte[] frame = [0, 0, (byte)(sps.Length >> 8), (byte)sps.Length, .. sps, 0, 0, 0, 2, 0x68, 0xEB];
        var avcC = new Gateway.Pipelines.Formats.H264.H264Codec().CreateCodecPrivate(frame);
        return avcC.Length == 0 || (avcC[0] == 1 && avcC[1] == 100 && avcC[3] == 31 && avcC[4] == 0xFF && avcC.Length == 6 + 2 + sps.Length + 1 + 4 + 4);
    }
}
