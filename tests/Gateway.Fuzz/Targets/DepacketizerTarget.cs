using System.Buffers;
using System.Buffers.Binary;
using Gateway.Pipelines.Codecs;
using Gateway.Pipelines.Formats;
using Gateway.Rtc.Rtp;

namespace Gateway.Fuzz.Targets;

/// <summary>
/// Feeds one codec's depacketizer a stream of pseudo packets cut from the input: a 16-bit big-endian payload length,
/// a flags octet (bit 0 marker, bit 1 next timestamp, bit 2 Reset before the packet), then the payload. Any exception,
/// or bytes written without a completed frame, is a finding. Corpus seeds are real captures in this format.
/// </summary>
internal abstract class DepacketizerTarget(string name, string encoding, int clockRate, int channels) : IFuzzTarget
{
    // Small enough that the limit paths run, large enough for real frames in the seeds.
    private static readonly DepacketizerLimits Limits = new() { MaxFrameBytes = 64 * 1024, MaxPacketsPerFrame = 64, MaxUnitsPerFrame = 32 };
    private readonly ArrayBufferWriter<byte> _writer = new();

    public string Name => name;

    public void Run(ReadOnlySpan<byte> input)
    {
        if (!CodecRegistry.TryCreate(encoding, clockRate, channels, null, out var codec, out var reason))
            throw new InvalidOperationException(reason);
        var depacketizer = codec.CreateDepacketizer(Limits);
        uint timestamp = 0;
        ushort sequence = 0;
        bool first = true;
        while (input.Length >= 3)
        {
            int length = Math.Min(BinaryPrimitives.ReadUInt16BigEndian(input), input.Length - 3);
            byte flags = input[2];
            var payload = input.Slice(3, length);
            input = input[(3 + length)..];
            if ((flags & 0x02) != 0) timestamp += 3000;
            if ((flags & 0x04) != 0) depacketizer.Reset();
            _writer.Clear();
            var status = depacketizer.Push(new RtpHeader((flags & 0x01) != 0, 96, sequence++, timestamp, 1), payload, _writer, out var info);
            if (status != DepacketizeStatus.FrameComplete && (_writer.WrittenCount != 0 || info != default))
                throw new InvalidOperationException($"{status} but {_writer.WrittenCount} bytes written");
            if (status == DepacketizeStatus.FrameComplete && first)
            {
                first = false;
                _ = codec.CreateCodecPrivate(_writer.WrittenSpan);
            }
        }
    }
}
