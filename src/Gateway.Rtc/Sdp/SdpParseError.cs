namespace Gateway.Rtc.Sdp;

public enum SdpParseErrorReason
{
    None,
    Empty,
    TooLong,
    TooManyLines,
    LineTooLong,
    TooManyMediaSections,
    BadCharacter,
    BadLineFormat,
    MissingVersion,
    BadVersion,
    MissingOrigin,
    BadOrigin,
    MissingSessionName,
    DuplicateLine,
    LineOutOfPlace,
    BadConnection,
    BadBandwidth,
    BadTiming,
    BadMedia,
}

/// <summary>Why a session description was rejected; <see cref="Line"/> is 1-based (0 when not tied to a line).</summary>
public readonly record struct SdpParseError(SdpParseErrorReason Reason, int Line, string Message)
{
    public static SdpParseError None => new(SdpParseErrorReason.None, 0, "");

    public override string ToString() => Line > 0 ? $"{Reason} at line {Line}: {Message}" : $"{Reason}: {Message}";
}
