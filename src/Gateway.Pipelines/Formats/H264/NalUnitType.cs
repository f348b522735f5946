namespace Gateway.Pipelines.Formats.H264;

/// <summary>nal_unit_type (ITU-T H.264 Table 7-1) and the RTP-only types 24..29 (RFC 6184 §5.2, Table 1).</summary>
public enum NalUnitType : byte
{
    Unspecified = 0,
    NonIdrSlice = 1,
    PartitionA = 2,
    PartitionB = 3,
    PartitionC = 4,
    IdrSlice = 5,
    Sei = 6,
    Sps = 7,
    Pps = 8,
    AccessUnitDelimiter = 9,
    EndOfSequence = 10,
    EndOfStream = 11,
    Filler = 12,
    /// <summary>Single-time aggregation packet (RFC 6184 §5.7.1).</summary>
    StapA = 24,
    /// <summary>Interleaved mode only (RFC 6184 §5.7.1).</summary>
    StapB = 25,
    Mtap16 = 26,
    Mtap24 = 27,
    /// <summary>Fragmentation unit (RFC 6184 §5.8).</summary>
    FuA = 28,
    /// <summary>Interleaved mode only (RFC 6184 §5.8).</summary>
    FuB = 29,
}
