namespace Gateway.Rtc.Rtp;

/// <summary>How header extension elements are laid out (RFC 8285 §4).</summary>
public enum RtpExtensionForm
{
    /// <summary>No extension, or a profile this code does not understand (its bytes are opaque).</summary>
    None,
    /// <summary>Profile 0xBEDE: 4-bit id, 4-bit length-minus-one, 1..16 data bytes (RFC 8285 §4.2).</summary>
    OneByte,
    /// <summary>Profile 0x100X: 8-bit id, 8-bit length, 0..255 data bytes (RFC 8285 §4.3).</summary>
    TwoByte,
}
