using System.Buffers;
using System.Buffers.Binary;
using Gateway.Pipelines.Codecs;

namespace Gateway.Pipelines.Containers.Matroska;

/// <summary>
/// Streaming Matroska muxer for a pipe: EBML header, a Segment of unknown size, Info, Tracks, then Clusters of
/// unknown size holding SimpleBlocks (RFC 9559). Nothing seeks back, so it works on a socket; no Cues or SeekHead
/// (FFmpeg reads a pipe front to back and does not need them). One writer per file, one thread at a time.
/// </summary>
/// <remarks>
/// TimestampScale is 1 ms (the Matroska default, 1,000,000 ns): WebRTC frame times come from 90 kHz/48 kHz clocks,
/// so a 1 ms grid moves a frame by at most 0.5 ms, below what A/V sync can perceive, and it lets a Cluster span
/// 32.7 s of int16 offsets, so a Cluster is never cut just to keep offsets in range. A finer scale (100 µs) would
/// cap Clusters at 3.2 s and buy nothing the MP4/WebM outputs keep: FFmpeg rescales to their own timebases.
/// </remarks>
public sealed class MatroskaWriter
{
    public const long TimestampScaleNanoseconds = 1_000_000;

    // 4-octet Cluster ID + 8-octet unknown size + Timestamp element (1 + 1 + up to 8).
    private const int ClusterHeaderMaxLength = 4 + 8 + 10;
    // SimpleBlock ID + up to 8-octet size + track VINT + int16 offset + flags.
    private const int BlockHeaderMaxLength = 1 + 8 + 1 + 2 + 1;

    private readonly IReadOnlyList<MatroskaTrack> _tracks;
    private readonly MediaKind?[] _kindByNumber = new MediaKind?[MatroskaTrack.MaxNumber + 1];
    private readonly long _maxClusterDuration;
    private readonly string _writingApp;
    private bool _headerWritten;
    private long _clusterTimestamp = -1;
    private int _blocksInCluster;

    public MatroskaWriter(IReadOnlyList<MatroskaTrack> tracks, MatroskaWriterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        options ??= new MatroskaWriterOptions();
        if (tracks.Count == 0) throw new ArgumentException("A Matroska file needs at least one track.", nameof(tracks));
        foreach (var track in tracks)
        {
            if (track.Number is < 1 or > MatroskaTrack.MaxNumber) throw new ArgumentOutOfRangeException(nameof(tracks), "Track numbers are 1..126.");
            if (_kindByNumber[track.Number] is not null) throw new ArgumentException($"Track number {track.Number} is used twice.", nameof(tracks));
            _kindByNumber[track.Number] = track.Kind;
        }
        _maxClusterDuration = (long)options.MaxClusterDuration.TotalMilliseconds;
        if (_maxClusterDuration is <= 0 or > short.MaxValue) throw new ArgumentOutOfRangeException(nameof(options), "MaxClusterDuration must be within (0, 32.767 s].");
        _tracks = tracks;
        _writingApp = options.WritingApp;
    }

    public long BytesWritten { get; private set; }

    public long ClusterCount { get; private set; }

    /// <summary>Frame PTS on the 1 ms grid, rounded to nearest.</summary>
    public static long ToTimestamp(TimeSpan pts) =>
        (pts.Ticks + (pts.Ticks >= 0 ? TimeSpan.TicksPerMillisecond / 2 : -TimeSpan.TicksPerMillisecond / 2)) / TimeSpan.TicksPerMillisecond;

    /// <summary>EBML header, Segment start, Info and Tracks. Call once, before the first frame.</summary>
    public void WriteHeader(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (_headerWritten) throw new InvalidOperationException("The header is already written.");
        var builder = new EbmlMasterBuilder();
        builder.Start(MatroskaIds.Ebml);                          // RFC 8794 §11.2 header, DocType per RFC 9559 §4
        builder.UInt(MatroskaIds.EbmlVersion, 1);
        builder.UInt(MatroskaIds.EbmlReadVersion, 1);
        builder.UInt(MatroskaIds.EbmlMaxIdLength, 4);
        builder.UInt(MatroskaIds.EbmlMaxSizeLength, 8);
        builder.String(MatroskaIds.DocType, "matroska");
        builder.UInt(MatroskaIds.DocTypeVersion, 4);
        builder.UInt(MatroskaIds.DocTypeReadVersion, 2);         // SimpleBlock needs a version 2 reader
        builder.End();
        builder.StartUnknownSize(MatroskaIds.Segment);            // live: the end is not known when we start
        builder.Start(MatroskaIds.Info);
        builder.UInt(MatroskaIds.TimestampScale, TimestampScaleNanoseconds);
        builder.String(MatroskaIds.MuxingApp, _writingApp);
        builder.String(MatroskaIds.WritingApp, _writingApp);
        builder.End();
        builder.Start(MatroskaIds.Tracks);
        foreach (var track in _tracks) WriteTrackEntry(builder, track);
        builder.End();
        output.Write(builder.WrittenSpan);
        BytesWritten += builder.WrittenSpan.Length;
        _headerWritten = true;
    }

    /// <summary>Appends one frame as a SimpleBlock, opening a new Cluster when needed. Never throws for timing problems.</summary>
    public MatroskaWriteStatus WriteFrame(IBufferWriter<byte> output, int trackNumber, long timestamp, bool isKeyFrame, ReadOnlySpan<byte> frame)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!_headerWritten) return MatroskaWriteStatus.HeaderNotWritten;
        if ((uint)trackNumber > MatroskaTrack.MaxNumber || _kindByNumber[trackNumber] is not { } kind) return MatroskaWriteStatus.UnknownTrack;
        if (timestamp < 0) return MatroskaWriteStatus.NegativeTimestamp;

        bool newCluster = _clusterTimestamp < 0;
        if (!newCluster)
        {
            long offset = timestamp - _clusterTimestamp;
            if (offset < short.MinValue) return MatroskaWriteStatus.TimestampTooOld;
            newCluster = offset > short.MaxValue
                || (_blocksInCluster > 0 && kind == MediaKind.Video && isKeyFrame)   // seek/crash recovery starts at a key frame
                || (_blocksInCluster > 0 && offset > _maxClusterDuration);
        }
        if (newCluster)
        {
            // Cluster timestamps never go backwards; a slightly late key frame gets a small negative offset instead.
            WriteClusterStart(output, Math.Max(timestamp, _clusterTimestamp));
        }

        WriteSimpleBlock(output, trackNumber, (short)(timestamp - _clusterTimestamp), isKeyFrame || kind == MediaKind.Audio, frame);
        _blocksInCluster++;
        return newCluster ? MatroskaWriteStatus.WrittenInNewCluster : MatroskaWriteStatus.Written;
    }

    private void WriteClusterStart(IBufferWriter<byte> output, long timestamp)
    {
        var span = output.GetSpan(ClusterHeaderMaxLength);
        int written = Ebml.WriteId(span, MatroskaIds.Cluster);
        Ebml.UnknownSize.CopyTo(span[written..]);                  // unknown size: the next Cluster ID ends it
        written += Ebml.UnknownSize.Length;
        written += Ebml.WriteUIntElement(span[written..], MatroskaIds.Timestamp, (ulong)timestamp);
        output.Advance(written);
        BytesWritten += written;
        _clusterTimestamp = timestamp;
        _blocksInCluster = 0;
        ClusterCount++;
    }

    // RFC 9559 §10.2: track number VINT, int16 timestamp relative to the Cluster, flags (0x80 = keyframe), data.
    private void WriteSimpleBlock(IBufferWriter<byte> output, int trackNumber, short offset, bool keyFrame, ReadOnlySpan<byte> frame)
    {
        ulong blockSize = 1UL + 2 + 1 + (ulong)frame.Length;
        var span = output.GetSpan(BlockHeaderMaxLength);
        span[0] = (byte)MatroskaIds.SimpleBlock;
        int written = 1 + Ebml.WriteSize(span[1..], blockSize);
        span[written++] = (byte)(0x80 | trackNumber);               // one-octet VINT: numbers are 1..126
        BinaryPrimitives.WriteInt16BigEndian(span[written..], offset);
        written += 2;
        span[written++] = keyFrame ? (byte)0x80 : (byte)0x00;      // no lacing: one frame per block
        output.Advance(written);
        output.Write(frame);                                        // copies in chunks: no large contiguous span needed
        BytesWritten += written + frame.Length;
    }

    private static void WriteTrackEntry(EbmlMasterBuilder builder, MatroskaTrack track)
    {
        builder.Start(MatroskaIds.TrackEntry);
        builder.UInt(MatroskaIds.TrackNumber, (ulong)track.Number);
        builder.UInt(MatroskaIds.TrackUid, (ulong)track.Number);   // unique within the file is all a UID must be
        builder.UInt(MatroskaIds.TrackType, track.Kind == MediaKind.Video ? 1UL : 2UL);
        builder.UInt(MatroskaIds.FlagLacing, 0);
        builder.String(MatroskaIds.CodecId, track.CodecId);
        if (track.CodecPrivate.Length > 0) builder.Binary(MatroskaIds.CodecPrivate, track.CodecPrivate);
        if (track.Kind == MediaKind.Video)
        {
            if (track.PixelWidth > 0 && track.PixelHeight > 0)
            {
                builder.Start(MatroskaIds.Video);
                builder.UInt(MatroskaIds.PixelWidth, (ulong)track.PixelWidth);
                builder.UInt(MatroskaIds.PixelHeight, (ulong)track.PixelHeight);
                builder.End();
            }
        }
        else
        {
            builder.Start(MatroskaIds.Audio);
            builder.Float(MatroskaIds.SamplingFrequency, track.SamplingFrequency);
            builder.UInt(MatroskaIds.Channels, (ulong)Math.Max(1, track.Channels));
            builder.End();
        }
        builder.End();
    }
}
