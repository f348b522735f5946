namespace Gateway.Pipelines.Formats.H264;

/// <summary>Reading NAL unit headers (H.264 §7.3.1, RFC 6184 §1.3).</summary>
public static class NalUnit
{
    /// <summary>The 5-bit type in a NAL unit header byte (F|NRI|Type, RFC 6184 §1.3).</summary>
    public static NalUnitType TypeOf(byte header) => (NalUnitType)(header & 0x1F);
}
