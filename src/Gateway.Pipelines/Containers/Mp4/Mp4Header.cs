using System.Buffers.Binary;

namespace Gateway.Pipelines.Containers.Mp4;

/// <summary>
/// The header of a fragmented MP4 (ISO/IEC 14496-12 §8.8): <c>ftyp</c>, then a <c>moov</c> whose sample tables are
/// empty and whose <c>mvex</c> says the samples come in movie fragments. Durations are 0: unknown up front, and the
/// fragments carry every sample's timing.
/// </summary>
internal static class Mp4Header
{
    private static readonly uint[] UnityMatrix = [0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000];

    public static void Write(BoxBuffer box, IReadOnlyList<Mp4Track> tracks)
    {
        int ftyp = box.Begin("ftyp"u8);
        box.Bytes("iso5"u8);                                     // default-base-is-moof needs iso5 (§8.8.7.1)
        box.U32(512);
        box.Bytes("iso5"u8);
        box.Bytes("iso6"u8);
        box.Bytes("mp41"u8);
        if (tracks.Any(t => t.Codec == Mp4Codec.H264)) box.Bytes("avc1"u8);
        box.End(ftyp);

        int moov = box.Begin("moov"u8);
        int mvhd = box.BeginFull("mvhd"u8, 0, 0);
        box.U32(0);                                              // creation_time
        box.U32(0);                                              // modification_time
        box.U32(1000);                                           // timescale
        box.U32(0);                                              // duration: in the fragments
        box.U32(0x00010000);                                     // rate 1.0
        box.U16(0x0100);                                         // volume 1.0
        box.Zeros(10);
        Matrix(box);
        box.Zeros(24);                                           // pre_defined
        box.U32((uint)tracks.Count + 1);                         // next_track_ID
        box.End(mvhd);
        for (int i = 0; i < tracks.Count; i++) Track(box, tracks[i], (uint)i + 1);
        int mvex = box.Begin("mvex"u8);
        for (int i = 0; i < tracks.Count; i++)
        {
            int trex = box.BeginFull("trex"u8, 0, 0);
            box.U32((uint)i + 1);                                // track_ID
            box.U32(1);                                          // default_sample_description_index
            box.U32(0);                                          // default_sample_duration, size, flags: every
            box.U32(0);                                          // trun carries its own
            box.U32(0);
            box.End(trex);
        }
        box.End(mvex);
        box.End(moov);
    }

    private static void Track(BoxBuffer box, Mp4Track track, uint id)
    {
        bool video = track.Codec == Mp4Codec.H264;
        int trak = box.Begin("trak"u8);
        int tkhd = box.BeginFull("tkhd"u8, 0, 0x000003);         // enabled, in movie
        box.U32(0);
        box.U32(0);
        box.U32(id);
        box.U32(0);                                              // reserved
        box.U32(0);                                              // duration
        box.Zeros(8);
        box.U16(0);                                              // layer
        box.U16(0);                                              // alternate_group
        box.U16(video ? (ushort)0 : (ushort)0x0100);             // volume
        box.U16(0);
        Matrix(box);
        box.U32((uint)track.Width << 16);                        // 16.16 fixed point
        box.U32((uint)track.Height << 16);
        box.End(tkhd);

        int mdia = box.Begin("mdia"u8);
        int mdhd = box.BeginFull("mdhd"u8, 0, 0);
        box.U32(0);
        box.U32(0);
        box.U32((uint)track.Timescale);
        box.U32(0);
        box.U16(0x55C4);                                         // language "und", ISO 639-2/T packed
        box.U16(0);
        box.End(mdhd);
        int hdlr = box.BeginFull("hdlr"u8, 0, 0);
        box.U32(0);
        box.Bytes(video ? "vide"u8 : "soun"u8);
        box.Zeros(12);
        box.Bytes(video ? "VideoHandler\0"u8 : "SoundHandler\0"u8);
        box.End(hdlr);

        int minf = box.Begin("minf"u8);
        if (video)
        {
            int vmhd = box.BeginFull("vmhd"u8, 0, 1);
            box.Zeros(8);                                        // graphicsmode, opcolor
            box.End(vmhd);
        }
        else
        {
            int smhd = box.BeginFull("smhd"u8, 0, 0);
            box.Zeros(4);                                        // balance, reserved
            box.End(smhd);
        }
        int dinf = box.Begin("dinf"u8);
        int dref = box.BeginFull("dref"u8, 0, 0);
        box.U32(1);
        box.End(box.BeginFull("url "u8, 0, 1));                  // self-contained: the media is in this file
        box.End(dref);
        box.End(dinf);

        int stbl = box.Begin("stbl"u8);
        int stsd = box.BeginFull("stsd"u8, 0, 0);
        box.U32(1);
        if (video) Avc1(box, track);
        else Opus(box, track);
        box.End(stsd);
        EmptyTable(box, "stts"u8);
        EmptyTable(box, "stsc"u8);
        EmptyTable(box, "stco"u8);
        int stsz = box.BeginFull("stsz"u8, 0, 0);
        box.U32(0);                                              // sample_size
        box.U32(0);                                              // sample_count
        box.End(stsz);
        box.End(stbl);
        box.End(minf);
        box.End(mdia);
        box.End(trak);
    }

    private static void Avc1(BoxBuffer box, Mp4Track track)
    {
        int avc1 = box.Begin("avc1"u8);
        box.Zeros(6);
        box.U16(1);                                              // data_reference_index
        box.Zeros(16);                                           // pre_defined, reserved
        box.U16((ushort)track.Width);
        box.U16((ushort)track.Height);
        box.U32(0x00480000);                                     // 72 dpi
        box.U32(0x00480000);
        box.U32(0);
        box.U16(1);                                              // frame_count
        box.Zeros(32);                                           // compressorname
        box.U16(0x0018);                                         // depth
        box.U16(0xFFFF);                                         // pre_defined = -1
        int avcC = box.Begin("avcC"u8);
        box.Bytes(track.Config);
        box.End(avcC);
        box.End(avc1);
    }

    /// <summary>Opus in ISO BMFF ("Encapsulation of Opus in ISO Base Media File Format" §4.3): the OpusHead's fields, big-endian.</summary>
    private static void Opus(BoxBuffer box, Mp4Track track)
    {
        var head = track.Config.AsSpan();
        int opus = box.Begin("Opus"u8);
        box.Zeros(6);
        box.U16(1);                                              // data_reference_index
        box.Zeros(8);
        box.U16((ushort)track.Channels);
        box.U16(16);                                             // samplesize
        box.Zeros(4);
        box.U32(48000u << 16);                                   // Opus always decodes at 48 kHz
        int dOps = box.Begin("dOps"u8);
        box.U8(0);                                               // Version
        box.U8(head[9]);                                         // OutputChannelCount
        box.U16(BinaryPrimitives.ReadUInt16LittleEndian(head[10..]));   // PreSkip
        box.U32(BinaryPrimitives.ReadUInt32LittleEndian(head[12..]));   // InputSampleRate
        box.U16(BinaryPrimitives.ReadUInt16LittleEndian(head[16..]));   // OutputGain
        box.U8(head[18]);                                        // ChannelMappingFamily
        if (head[18] != 0) box.Bytes(head[19..]);                // StreamCount, CoupledCount, ChannelMapping
        box.End(dOps);
        box.End(opus);
    }

    private static void EmptyTable(BoxBuffer box, ReadOnlySpan<byte> type)
    {
        int table = box.BeginFull(type, 0, 0);
        box.U32(0);                                              // entry_count: the samples are in the fragments
        box.End(table);
    }

    private static void Matrix(BoxBuffer box)
    {
        foreach (var value in UnityMatrix) box.U32(value);
    }
}
