namespace Gateway.Worker.WebRtc;

/// <summary>Where the shared port hands a registered peer's decrypted RTP and RTCP.</summary>
public interface IPeerMediaSink
{
    /// <summary>Takes ownership of <paramref name="buffer"/> (from <see cref="Gateway.Rtc.Transport.DatagramPool"/>, returned there); must not block.</summary>
    void OnMedia(bool isRtcp, byte[] buffer, int length, long receivedAt);
}
