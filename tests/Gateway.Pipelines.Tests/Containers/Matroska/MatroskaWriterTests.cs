using System.Buffers;
using Gateway.Pipelines.Codecs;
using Gateway.Pipelines.Containers.Matroska;

namespace Gateway.Pipelines.Tests.Containers.Matroska;

public sealed class MatroskaWriterTests
{
    private static readonly MatroskaTrack Video = new(1, MediaKind.Video, "V_VP8", []);
    private static readonly MatroskaTrack Audio = new(2, MediaKind.Audio, "A_OPUS", [1, 2, 3], 48000, 2);

    private static (MatroskaWriter Writer, ArrayBufferWriter<byte> Output) Create(MatroskaWriterOptions? options = null)
    {
        var writer = new MatroskaWriter([Video, Audio], options);
        var output = new ArrayBufferWriter<byte>();
        writer.WriteHeader(output);
        output.ResetWrittenCount();
        return (writer, output);
    }

    [Fact]
    public void Header_is_ebml_then_an_unknown_size_segment_with_info_and_tracks()
    {
        var writer = new MatroskaWriter([Video, Audio]);
        var output = new ArrayBufferWriter<byte>();
        writer.WriteHeader(output);
        var bytes = output.WrittenSpan;

        var elements = EbmlReader.Walk(bytes, MatroskaIds.Segment);
        Assert.Equal([MatroskaIds.Ebml, MatroskaIds.Segment, MatroskaIds.Info, MatroskaIds.Tracks], elements.Select(e => e.Id));
        Assert.Equal(EbmlReader.Unknown, elements[1].Size);
        Assert.Equal(bytes.Length, elements[3].DataOffset + (int)elements[3].Size);      // Tracks ends the header exactly

        var ebml = EbmlReader.Walk(bytes.Slice(elements[0].DataOffset, (int)elements[0].Size));
        var docType = ebml.Single(e => e.Id == MatroskaIds.DocType);
        Assert.Equal("matroska"u8.ToArray(), bytes.Slice(elements[0].DataOffset + docType.DataOffset, (int)docType.Size).ToArray());

        var info = EbmlReader.Walk(bytes.Slice(elements[2].DataOffset, (int)elements[2].Size));
        var scale = info.Single(e => e.Id == MatroskaIds.TimestampScale);
        Assert.Equal(new byte[] { 0x0F, 0x42, 0x40 }, bytes.Slice(elements[2].DataOffset + scale.DataOffset, 3).ToArray());   // 1 ms

        var tracks = EbmlReader.Walk(bytes.Slice(elements[3].DataOffset, (int)elements[3].Size));
        Assert.Equal(2, tracks.Count(e => e.Id == MatroskaIds.TrackEntry));
        Assert.Equal(writer.BytesWritten, bytes.Length);
    }

    [Fact]
    public void First_frame_opens_a_cluster_and_is_a_simple_block_with_track_offset_and_key_flag()
    {
        var (writer, output) = Create();
        Assert.Equal(MatroskaWriteStatus.WrittenInNewCluster, writer.WriteFrame(output, 1, 1234, isKeyFrame: true, [0xAA, 0xBB, 0xCC]));
        Assert.Equal(MatroskaWriteStatus.Written, writer.WriteFrame(output, 1, 1267, isKeyFrame: false, [0xDD]));

        byte[] expected =
        [
            0x1F, 0x43, 0xB6, 0x75, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,   // Cluster, unknown size
            0xE7, 0x82, 0x04, 0xD2,                                                  // Timestamp 1234
            0xA3, 0x87, 0x81, 0x00, 0x00, 0x80, 0xAA, 0xBB, 0xCC,                    // SimpleBlock: track 1, +0, key
            0xA3, 0x85, 0x81, 0x00, 0x21, 0x00, 0xDD,                                // track 1, +33, not key
        ];
        Assert.Equal(expected, output.WrittenSpan.ToArray());
        Assert.Equal(1, writer.ClusterCount);
    }

    [Fact]
    public void Audio_blocks_are_always_marked_key_frames()
    {
        var (writer, output) = Create();
        writer.WriteFrame(output, 2, 0, isKeyFrame: false, [0x01]);
        Assert.Equal(new byte[] { 0xA3, 0x85, 0x82, 0x00, 0x00, 0x80, 0x01 }, output.WrittenSpan[15..].ToArray());
    }

    [Fact]
    public void A_large_frame_gets_a_multi_octet_block_size()
    {
        var (writer, output) = Create();
        var frame = new byte[30_000];
        frame[^1] = 0x5A;
        writer.WriteFrame(output, 1, 0, true, frame);
        var block = output.WrittenSpan[15..];
        Assert.Equal(0xA3, block[0]);
        Assert.Equal((ulong)(30_000 + 4), EbmlReader.ReadVint(block[1..], out int sizeLength));
        Assert.Equal(3, sizeLength);
        Assert.Equal(1 + sizeLength + 4 + 30_000, block.Length);
        Assert.Equal(0x5A, block[^1]);
    }

    [Theory]
    [InlineData(32_767, MatroskaWriteStatus.Written)]
    [InlineData(32_768, MatroskaWriteStatus.WrittenInNewCluster)]          // int16 offset would overflow
    public void Cluster_rolls_over_before_the_int16_offset_overflows(long second, MatroskaWriteStatus expected)
    {
        var (writer, output) = Create(new MatroskaWriterOptions { MaxClusterDuration = TimeSpan.FromMilliseconds(32_767) });
        writer.WriteFrame(output, 2, 0, true, [1]);
        Assert.Equal(expected, writer.WriteFrame(output, 2, second, true, [2]));
        var lastBlock = EbmlReader.Walk(output.WrittenSpan, MatroskaIds.Cluster).Last();
        var offset = EbmlReader.BlockOffset(output.WrittenSpan[lastBlock.DataOffset..]);
        Assert.Equal(expected == MatroskaWriteStatus.Written ? (short)32_767 : (short)0, offset);
    }

    [Fact]
    public void A_video_key_frame_or_cluster_age_starts_a_new_cluster_but_an_audio_frame_does_not()
    {
        var (writer, output) = Create();
        Assert.Equal(MatroskaWriteStatus.WrittenInNewCluster, writer.WriteFrame(output, 1, 0, true, [1]));
        Assert.Equal(MatroskaWriteStatus.Written, writer.WriteFrame(output, 2, 10, true, [2]));
        Assert.Equal(MatroskaWriteStatus.Written, writer.WriteFrame(output, 1, 33, false, [3]));
        Assert.Equal(MatroskaWriteStatus.WrittenInNewCluster, writer.WriteFrame(output, 1, 1000, true, [4]));
        Assert.Equal(MatroskaWriteStatus.Written, writer.WriteFrame(output, 1, 2999, false, [5]));
        Assert.Equal(MatroskaWriteStatus.WrittenInNewCluster, writer.WriteFrame(output, 1, 3001, false, [6]));   // older than 2 s
        Assert.Equal(3, writer.ClusterCount);
    }

    [Fact]
    public void Late_frames_get_negative_offsets_and_too_old_ones_are_refused()
    {
        var (writer, output) = Create(new MatroskaWriterOptions { MaxClusterDuration = TimeSpan.FromSeconds(30) });
        writer.WriteFrame(output, 1, 40_000, true, [1]);
        Assert.Equal(MatroskaWriteStatus.Written, writer.WriteFrame(output, 2, 39_990, true, [2]));
        var blocks = EbmlReader.Walk(output.WrittenSpan, MatroskaIds.Cluster).Where(e => e.Id == MatroskaIds.SimpleBlock).ToList();
        Assert.Equal(-10, EbmlReader.BlockOffset(output.WrittenSpan[blocks[1].DataOffset..]));

        int before = output.WrittenCount;
        Assert.Equal(MatroskaWriteStatus.TimestampTooOld, writer.WriteFrame(output, 2, 40_000 - 32_769, true, [3]));
        Assert.Equal(MatroskaWriteStatus.NegativeTimestamp, writer.WriteFrame(output, 2, -1, true, [3]));
        Assert.Equal(MatroskaWriteStatus.UnknownTrack, writer.WriteFrame(output, 3, 40_001, true, [3]));
        Assert.Equal(before, output.WrittenCount);
    }

    [Fact]
    public void A_late_key_frame_never_moves_the_cluster_timestamp_backwards()
    {
        var (writer, output) = Create();
        writer.WriteFrame(output, 2, 500, true, [1]);
        Assert.Equal(MatroskaWriteStatus.WrittenInNewCluster, writer.WriteFrame(output, 1, 480, true, [2]));
        var elements = EbmlReader.Walk(output.WrittenSpan, MatroskaIds.Cluster);
        var timestamps = elements.Where(e => e.Id == MatroskaIds.Timestamp).Select(e => output.WrittenSpan.Slice(e.DataOffset, (int)e.Size).ToArray()).ToList();
        Assert.Equal([new byte[] { 0x01, 0xF4 }, new byte[] { 0x01, 0xF4 }], timestamps);
        Assert.Equal(-20, EbmlReader.BlockOffset(output.WrittenSpan[elements.Last().DataOffset..]));
    }

    [Fact]
    public void Frames_before_the_header_are_refused()
    {
        var writer = new MatroskaWriter([Video]);
        Assert.Equal(MatroskaWriteStatus.HeaderNotWritten, writer.WriteFrame(new ArrayBufferWriter<byte>(), 1, 0, true, [1]));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(4_999, 0)]
    [InlineData(5_000, 1)]
    [InlineData(333_333, 33)]
    [InlineData(-5_000, -1)]
    public void Pts_rounds_to_the_nearest_millisecond(long ticks, long expected) =>
        Assert.Equal(expected, MatroskaWriter.ToTimestamp(TimeSpan.FromTicks(ticks)));
}
