namespace Gateway.Rtc.Sdp;

/// <summary>A line whose type letter this parser does not know; kept verbatim and written back in order.</summary>
public sealed record SdpLine(char Type, string Value)
{
    public override string ToString() => Type + "=" + Value;
}
