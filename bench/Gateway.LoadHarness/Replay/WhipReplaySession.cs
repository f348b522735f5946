using Gateway.TestPeers;

namespace Gateway.LoadHarness.Replay;

/// <summary>A WebRTC publisher (real ICE, DTLS, SRTP with the gateway's WHIP endpoint) replaying the recording.</summary>
internal sealed class WhipReplaySession(RecordedStream stream, LoopbackWhipPublisher publisher)
    : ReplaySession(stream, LoopbackWhipPublisher.H264PayloadType, LoopbackWhipPublisher.OpusPayloadType)
{
    public LoopbackWhipPublisher Publisher => publisher;

    protected override bool Transmit(Span<byte> buffer, int length, bool rtcp, bool video) => publisher.SendProtected(buffer, length, rtcp);
}
