namespace Gateway.Rtc.Rtp;

/// <summary>Helpers for the RFC 8285 header extension profiles.</summary>
public static class RtpHeaderExtension
{
    /// <summary>The "defined by profile" word of the one-byte form (RFC 8285 §4.2).</summary>
    public const ushort OneByteProfile = 0xBEDE;

    /// <summary>The two-byte form is 0x100 followed by 4 application bits (RFC 8285 §4.3).</summary>
    public const ushort TwoByteProfile = 0x1000;

    /// <summary>Largest id usable in the one-byte form; 15 is reserved and ends parsing (RFC 8285 §4.2).</summary>
    public const int MaxOneByteId = 14;

    /// <summary>Largest element data the one-byte form can carry.</summary>
    public const int MaxOneByteLength = 16;

    public static RtpExtensionForm FormOf(ushort profile) => profile switch
    {
        OneByteProfile => RtpExtensionForm.OneByte,
        _ when (profile & 0xFFF0) == TwoByteProfile => RtpExtensionForm.TwoByte,
        _ => RtpExtensionForm.None,
    };

    /// <summary>Elements of the extension of a parsed packet; empty when there is none or the profile is unknown.</summary>
    public static RtpExtensionEnumerator Enumerate(in RtpHeader header, ReadOnlySpan<byte> datagram) =>
        header.HasExtension
            ? new RtpExtensionEnumerator(header.ExtensionProfile, datagram.Slice(header.ExtensionOffset, header.ExtensionLength))
            : default;

    /// <summary>Elements of raw extension data (after the 4-byte extension header).</summary>
    public static RtpExtensionEnumerator Enumerate(ushort profile, ReadOnlySpan<byte> elements) => new(profile, elements);
}
