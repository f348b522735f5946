namespace Gateway.Interop.Tests.Support.Chromium;

/// <summary>The getStats of the second peer connection that <see cref="ChromiumPublisher.StartLoopbackAsync"/> answers with.</summary>
public sealed record LoopbackReceiverStats(IReadOnlyList<InboundRtpStats> Inbound, CandidatePairStats? SelectedPair)
{
    public InboundRtpStats? Video => Inbound.FirstOrDefault(o => o.Kind == "video");

    public InboundRtpStats? Audio => Inbound.FirstOrDefault(o => o.Kind == "audio");
}
