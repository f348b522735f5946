namespace Gateway.Rtc.Rtp;

/// <summary>One header extension element: its local id (negotiated by a=extmap) and its data, not copied.</summary>
public readonly ref struct RtpExtensionElement(int id, ReadOnlySpan<byte> data)
{
    public int Id { get; } = id;

    public ReadOnlySpan<byte> Data { get; } = data;

    public void Deconstruct(out int id, out ReadOnlySpan<byte> data)
    {
        id = Id;
        data = Data;
    }
}
