namespace Gateway.Interop.Tests.Support.Chromium;

/// <summary>The publisher's getStats, reduced to what WHIP tests assert on.</summary>
public sealed record PublisherStats(IReadOnlyList<OutboundRtpStats> Outbound, CandidatePairStats? SelectedPair)
{
    public OutboundRtpStats? Video => Outbound.FirstOrDefault(o => o.Kind == "video");

    public OutboundRtpStats? Audio => Outbound.FirstOrDefault(o => o.Kind == "audio");
}
