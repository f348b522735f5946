namespace Gateway.Rtc.Rtcp;

/// <summary>One SDES chunk: the SSRC it describes and its items (RFC 3550 §6.5).</summary>
public readonly ref struct SdesChunk(uint ssrc, ReadOnlySpan<byte> items)
{
    public uint Ssrc { get; } = ssrc;

    /// <summary>The raw item list (validated by <see cref="SourceDescription.TryParse"/>).</summary>
    public ReadOnlySpan<byte> RawItems { get; } = items;

    public SdesItemEnumerator Items => new(RawItems);

    /// <summary>The first item of <paramref name="type"/>, or false.</summary>
    public bool TryGetItem(SdesItemType type, out ReadOnlySpan<byte> text)
    {
        foreach (var item in Items)
        {
            if (item.Type != type) continue;
            text = item.Text;
            return true;
        }
        text = default;
        return false;
    }
}
