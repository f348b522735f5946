using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gateway.Pipelines.Codecs;
using Gateway.Pipelines.Containers.Matroska;

namespace Gateway.Pipelines.Tests.Containers.Matroska;

public sealed class MatroskaWriterProperties
{
    /// <summary>Reading the blocks back (cluster timestamp + offset) gives every frame's track, time, key flag and bytes.</summary>
    [Property(MaxTest = 200)]
    public Property Every_frame_reads_back_with_its_absolute_timestamp()
    {
        var frame =
            from track in Gen.Choose(1, 2)
            from delta in Gen.Choose(0, 40_000)
            from key in Gen.Elements(true, false)
            from size in Gen.Choose(0, 300)
            select (Track: track, Delta: delta, Key: key, Size: size);
        return Prop.ForAll(Gen.ListOf(frame).Select(l => l.ToList()).ToArbitrary(), frames =>
        {
            var writer = new MatroskaWriter(
            [
                new MatroskaTrack(1, MediaKind.Video, "V_VP8", []),
                new MatroskaTrack(2, MediaKind.Audio, "A_OPUS", [1], 48000, 2),
            ]);
            var output = new ArrayBufferWriter<byte>();
            writer.WriteHeader(output);
            int headerLength = output.WrittenCount;
            var expected = new List<(int Track, long Timestamp, bool Key, byte[] Data)>();
            long timestamp = 0;
            foreach (var (track, delta, key, size) in frames)
            {
                timestamp += delta % 3 == 0 ? delta : delta / 100;          // mostly small steps, some > 32.767 s
                var data = Enumerable.Range(0, size).Select(i => (byte)(i + expected.Count)).ToArray();
                var status = writer.WriteFrame(output, track, timestamp, key, data);
                if (status is not (MatroskaWriteStatus.Written or MatroskaWriteStatus.WrittenInNewCluster)) return false;
                expected.Add((track, timestamp, key || track == 2, data));
            }

            var actual = new List<(int, long, bool, byte[])>();
            long clusterTimestamp = -1;
            var body = output.WrittenSpan[headerLength..];
            foreach (var (id, offset, size) in EbmlReader.Walk(body, MatroskaIds.Cluster))
            {
                if (id == MatroskaIds.Cluster) continue;                    // unknown size: its children follow
                var content = body.Slice(offset, (int)size);
                if (id == MatroskaIds.Timestamp)
                {
                    clusterTimestamp = 0;
                    foreach (var b in content) clusterTimestamp = clusterTimestamp << 8 | b;
                }
                else if (id == MatroskaIds.SimpleBlock)
                {
                    actual.Add((content[0] & 0x7F, clusterTimestamp + EbmlReader.BlockOffset(content), (content[3] & 0x80) != 0, content[4..].ToArray()));
                }
            }
            return actual.Count == expected.Count
                && actual.Zip(expected).All(p => p.First.Item1 == p.Second.Track && p.First.Item2 == p.Second.Timestamp
                    && p.First.Item3 == p.Second.Key && p.First.Item4.SequenceEqual(p.Second.Data));
        });
    }
}
