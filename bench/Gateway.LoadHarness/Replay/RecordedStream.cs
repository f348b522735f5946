using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Gateway.LoadHarness.Replay;

/// <summary>One RTP packet of the recording: its payload (the header is rewritten per session) and when it is due.</summary>
internal readonly record struct RecordedPacket(byte[] Payload, bool Marker, uint TimestampOffset, long DueTicks);

/// <summary>
/// The pre-encoded file packetized once: ffmpeg sends it as RTP (H.264 FU-A/STAP-A at 1200 bytes, Opus 20 ms) to two
/// local sockets faster than real time; every session then replays these payloads with its own SSRC, sequence numbers
/// and timestamps, so no sender encodes or packetizes anything while the gateway is measured.
/// </summary>
internal sealed class RecordedStream
{
    public const int VideoClock = 90000;
    public const int AudioClock = 48000;

    private RecordedStream(RecordedPacket[] video, RecordedPacket[] audio, TimeSpan period)
    {
        (Video, Audio, Period) = (video, audio, period);
        VideoFramesPerLoop = video.Count(p => p.Marker);
    }

    public RecordedPacket[] Video { get; }

    public RecordedPacket[] Audio { get; }

    /// <summary>Length of one loop of the file: the replay starts over after it, timestamps continuing.</summary>
    public TimeSpan Period { get; }

    public int VideoFramesPerLoop { get; }

    public long Bytes => Video.Sum(p => (long)p.Payload.Length) + Audio.Sum(p => (long)p.Payload.Length);

    public static async Task<RecordedStream> CaptureAsync(PreEncoded media, TimeSpan period)
    {
        using var video = Bound();
        using var audio = Bound();
        var videoPort = ((IPEndPoint)video.LocalEndPoint!).Port;
        var audioPort = ((IPEndPoint)audio.LocalEndPoint!).Port;
        var videoPackets = new List<byte[]>();
        var audioPackets = new List<byte[]>();
        using var stop = new CancellationTokenSource();
        var readers = new[] { ReadAsync(video, videoPackets, stop.Token), ReadAsync(audio, audioPackets, stop.Token) };
        // 8× real time: fast, and far below what the 4 MiB socket buffers hold (20 Mbit/s).
        var (exit, output) = await Processes.RunAsync("ffmpeg", ["-nostdin", "-v", "error", "-readrate", "8", "-i", media.Path,
            "-map", "0:v", "-c", "copy", "-payload_type", "96", "-f", "rtp", $"rtp://127.0.0.1:{videoPort}?pkt_size=1200&rtcpport={videoPort}",
            "-map", "0:a", "-c", "copy", "-payload_type", "111", "-f", "rtp", $"rtp://127.0.0.1:{audioPort}?rtcpport={audioPort}"],
            TimeSpan.FromMinutes(2));
        if (exit != 0) throw new InvalidOperationException($"packetizing failed: {output}");
        await Task.Delay(300);
        await stop.CancelAsync();
        await Task.WhenAll(readers);
        return new RecordedStream(ToPackets(videoPackets, VideoClock), ToPackets(audioPackets, AudioClock), period);
    }

    private static Socket Bound()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 4 << 20 };
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private static async Task ReadAsync(Socket socket, List<byte[]> packets, CancellationToken cancellationToken)
    {
        var buffer = new byte[2048];
        while (true)
        {
            int length;
            try
            {
                length = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            // RTCP (sender reports, sent to the same port here) has payload type 200–204 in the second byte.
            if (length >= 12 && (buffer[0] >> 6) == 2 && buffer[1] is not (>= 200 and <= 204)) packets.Add(buffer[..length]);
        }
    }

    /// <summary>In arrival order (loopback keeps it; checked by sequence number); payload after the 12-byte header
    /// (ffmpeg writes no CSRCs or extensions).</summary>
    private static RecordedPacket[] ToPackets(List<byte[]> packets, int clockRate)
    {
        if (packets.Count == 0) throw new InvalidOperationException("ffmpeg sent no RTP packets");
        for (var i = 1; i < packets.Count; i++)
        {
            if ((ushort)(BinaryPrimitives.ReadUInt16BigEndian(packets[i].AsSpan(2)) - BinaryPrimitives.ReadUInt16BigEndian(packets[i - 1].AsSpan(2))) != 1)
                throw new InvalidOperationException($"packet {i} was lost or reordered while packetizing: run again");
        }
        var first = BinaryPrimitives.ReadUInt32BigEndian(packets[0].AsSpan(4));
        return packets.Select(p =>
        {
            var offset = BinaryPrimitives.ReadUInt32BigEndian(p.AsSpan(4)) - first;
            return new RecordedPacket(p[12..], (p[1] & 0x80) != 0, offset, (long)offset * TimeSpan.TicksPerSecond / clockRate);
        }).ToArray();
    }
}
