using System.Net.Sockets;

namespace Gateway.TestPeers;

/// <summary>
/// Media a caller supplies (the load harness replays a pre-encoded H.264 + Opus file): the publisher only protects
/// and sends. Not thread-safe per publisher: one sending thread owns a publisher's outbound SRTP context.
/// </summary>
public sealed partial class LoopbackWhipPublisher
{
    /// <summary>H.264 payload type offered (constrained baseline, packetization-mode 1, as Chromium offers it).</summary>
    public const byte H264PayloadType = 102;

    /// <summary>Opus payload type offered.</summary>
    public const byte OpusPayloadType = 111;

    /// <summary>Offer a second, BUNDLEd H.264 video section (mid 1) beside the Opus one.</summary>
    public bool WithH264Video { get; init; }

    /// <summary>Protects a plain RTP (or RTCP) packet in place (the buffer needs room for the tag) and sends it.
    /// False when the gateway's port refused it (gone) or the publisher is disposed.</summary>
    public bool SendProtected(Span<byte> buffer, int length, bool rtcp)
    {
        var srtp = _out ?? throw new InvalidOperationException("Not connected yet.");
        var ok = rtcp ? srtp.ProtectRtcp(buffer, length, out var written, out var error) : srtp.ProtectRtp(buffer, length, out written, out error);
        if (!ok) throw new InvalidOperationException($"SRTP protect failed: {error}");
        try
        {
            _socket.SendTo(buffer[..written], SocketFlags.None, _gateway!);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    private static string VideoSection(string transport, string candidate) =>
        $"m=video 9 UDP/TLS/RTP/SAVPF {H264PayloadType}\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\n" + transport
        + $"a=rtpmap:{H264PayloadType} H264/90000\r\na=rtcp-fb:{H264PayloadType} nack\r\na=rtcp-fb:{H264PayloadType} nack pli\r\n"
        + $"a=fmtp:{H264PayloadType} level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f\r\n" + candidate;
}
