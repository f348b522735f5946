namespace Gateway.Rtc.Rtcp;

/// <summary>One SDES item: its type and its UTF-8 text (RFC 3550 §6.5), not copied.</summary>
public readonly ref struct SdesItem(SdesItemType type, ReadOnlySpan<byte> text)
{
    public SdesItemType Type { get; } = type;

    public ReadOnlySpan<byte> Text { get; } = text;
}
