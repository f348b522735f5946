using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Gateway.Pipelines.Codecs;
using Gateway.Pipelines.Media;
using Gateway.Pipelines.Receiving;
using Gateway.Pipelines.Sync;
using Gateway.Pipelines.Timing;
using Gateway.Pipelines.Tracks;
using Gateway.Rtc.Rtcp;
using Gateway.Rtc.Rtp;
using Gateway.Worker.Captures;
using Microsoft.Extensions.Logging;

namespace Gateway.Worker.Sources.Rtp;

/// <summary>
/// A plain RTP source: each tick reads every socket into one bounded queue; a single processing loop per capture owns
/// every track's state (receiver, jitter buffer, depacketizer, clocks), so nothing on the packet path takes a lock.
/// </summary>
internal sealed partial class RtpCaptureSource : ICaptureSource
{
    private static readonly Meter Meter = new("Gateway.Rtp");
    internal static readonly Counter<long> InvalidPackets = Meter.CreateCounter<long>("gateway.rtp.invalid_datagrams", description: "Datagrams that were neither valid RTP nor RTCP");
    private static readonly Counter<long> QueueDrops = Meter.CreateCounter<long>("gateway.rtp.queue_drops", description: "Datagrams dropped because a capture's queue was full");

    private readonly string _captureId;
    private readonly IReadOnlyList<RtpMediaPlan> _plans;
    private readonly IReadOnlyList<BoundSocket> _sockets;
    private readonly RtpSourceOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<InboundDatagram> _queue;
    private readonly TimelineAligner _timeline = new(new TimelineAlignerOptions());
    private readonly TrackPipeline[] _tracks;
    private readonly UdpReceiveLoop[] _loops;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly uint _reporterSsrc = (uint)Random.Shared.NextInt64(1, uint.MaxValue);
    private readonly bool[] _firstPacketSeen;
    private readonly bool[] _byeReceived;
    private readonly Viewers.LiveMedia? _live;
    private long _queueDropped, _invalid;
    private int _disposed;

    public RtpCaptureSource(string captureId, IReadOnlyList<RtpMediaPlan> plans, IReadOnlyList<BoundSocket> sockets, string answerSdp,
        RtpSourceOptions options, TimeProvider time, ILogger logger, Viewers.LiveMediaRegistry? viewers = null)
    {
        (_captureId, _plans, _sockets, _options, _time, _logger) = (captureId, plans, sockets, options, time, logger);
        Status = new SourceStatus { Type = "rtp", AnswerSdp = answerSdp };
        Tracks = plans.Select(p => p.Codec).ToList();
        _tracks = plans.Select(p => new TrackPipeline(p.TrackIndex, p.Codec, _timeline, options.Track, time)).ToArray();
        _firstPacketSeen = new bool[plans.Count];
        _byeReceived = new bool[plans.Count];
        _queue = Channel.CreateBounded<InboundDatagram>(
            new BoundedChannelOptions(options.QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            dropped =>
            {
                dropped.Dispose();
                Interlocked.Increment(ref _queueDropped);
                QueueDrops.Add(1);
            });
        _loops = sockets.Select((s, i) => new UdpReceiveLoop(s.Socket, i, _queue.Writer, time)).ToArray();
        // WHEP viewers of this capture; plain RTP has no back channel, so their key frame requests go nowhere.
        _live = viewers?.Open(captureId, () => { });
        _live?.SetTracks(Tracks);
    }

    public SourceStatus Status { get; }

    public IReadOnlyList<IRtpCodec> Tracks { get; }

    public IReadOnlyList<TrackStatus> SnapshotTracks() => _tracks.Select(TrackStatuses.Of).ToList();

    public async Task<EndReason> RunAsync(IFrameTarget frames, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _shutdown.Token);
        // The loop runs on a fixed tick and drains whatever arrived, instead of waking per packet: the jitter buffer
        // holds packets for far longer than a tick anyway, and per-packet wake-ups were most of the CPU per stream.
        // The tick is shared by every capture (see SharedTick): one wake-up for all of them.
        using var tick = SharedTick.For(_time, _options.Tick).Subscribe();
        var emit = frames.Write;
        var lastPacket = _time.GetTimestamp();
        var nextReport = lastPacket + Ticks(_options.ReceiverReportInterval);
        long? byeAt = null;
        var reportedDrops = 0L;
        try
        {
            while (true)
            {
                await tick.WaitAsync(linked.Token).ConfigureAwait(false);
                if (ReadSockets() is { } latest) lastPacket = latest;
                foreach (var track in _tracks) track.Drain(emit);

                var now = _time.GetTimestamp();
                if (now >= nextReport)
                {
                    SendReceiverReports();
                    nextReport = now + Ticks(_options.ReceiverReportInterval);
                    var dropped = Interlocked.Read(ref _queueDropped);
                    if (dropped != reportedDrops) _logger.QueueOverflow(_captureId, reportedDrops = dropped);
                }
                if (byeAt is null && _byeReceived.All(b => b)) byeAt = now;
                if (byeAt is { } bye && lastPacket <= bye && now - bye >= Ticks(_options.ByeGrace))
                {
                    _logger.SourcesSaidBye(_captureId);
                    return EndReason.SourceEnded;
                }
                if (byeAt is not null && lastPacket > byeAt) byeAt = null; // a restarted sender took over
                if (now - lastPacket >= Ticks(_options.SilenceTimeout))
                {
                    _logger.SourceSilent(_captureId, _options.SilenceTimeout);
                    return EndReason.SourceEnded;
                }
            }
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return EndReason.SourceEnded;
        }
        finally
        {
            // What reached the sockets before the end is recorded (on a busy machine the last ticks may lag behind).
            ReadSockets();
            await StopReceivingAsync().ConfigureAwait(false);
            // Nothing more will arrive: what waits behind a gap in a jitter buffer is written, not dropped.
            foreach (var track in _tracks) track.Flush(emit);
        }
    }

    /// <summary>
    /// Reads what the sockets hold since the last tick, in rounds no larger than the queue, handling each round before
    /// the next: after a late tick (a starved process) the backlog waits in the kernel's buffer (4 MiB asked for)
    /// instead of overflowing the queue. Returns the time the last media datagram was read, if any.
    /// </summary>
    private long? ReadSockets()
    {
        long? lastMedia = null;
        var budget = Math.Max(1, _options.QueueCapacity / Math.Max(1, _loops.Length));
        bool more;
        do
        {
            more = false;
            foreach (var loop in _loops) more |= loop.Poll(budget) == budget;
            while (_queue.Reader.TryRead(out var datagram))
            {
                if (Handle(datagram)) lastMedia = datagram.ReceivedAt;
            }
        }
        while (more);
        return lastMedia;
    }

    /// <summary>Routes one datagram; true when it was media from the source (counts as activity).</summary>
    private bool Handle(InboundDatagram datagram)
    {
        var socket = _sockets[datagram.SocketIndex];
        var span = datagram.Span;
        // RFC 5761 §4: with rtcp-mux, packet types 192..223 in the second octet are RTCP (RTP PT 64..95 is not used).
        var isRtcp = socket.Role == SocketRole.Rtcp || (socket.Role == SocketRole.Muxed && span.Length > 1 && span[1] is >= 192 and <= 223);
        if (isRtcp)
        {
            HandleRtcp(span, datagram.ReceivedAt);
            datagram.Dispose();
            return false;
        }
        if (!RtpHeader.TryParse(span, out var header, out var payload, out _) || header.PayloadType != _plans[socket.TrackIndex].PayloadType)
        {
            // Garbage, or a payload type we did not choose (e.g. telephone-event beside PCMU): dropped and counted.
            Interlocked.Increment(ref _invalid);
            InvalidPackets.Add(1);
            datagram.Dispose();
            return false;
        }
        var index = socket.TrackIndex;
        if (!_firstPacketSeen[index])
        {
            _firstPacketSeen[index] = true;
            _logger.FirstPacket(_captureId, index, _plans[index].Codec.EncodingName);
        }
        _byeReceived[index] = false;
        _live?.Forward(index, header, span, payload);
        _tracks[index].Receive(header, datagram.Buffer, datagram.Length, payload, datagram.ReceivedAt); // owns the buffer now
        return true;
    }

    private void HandleRtcp(ReadOnlySpan<byte> datagram, long receivedAt)
    {
        var any = false;
        foreach (var packet in RtcpCompound.Enumerate(datagram))
        {
            any = true;
            switch (packet.Type)
            {
                case RtcpPacketType.SenderReport when SenderReport.TryParse(packet.Data, out var sr, out _):
                    var info = new SenderReportInfo(sr.Info.Ssrc, sr.Info.NtpTimestamp, sr.Info.RtpTimestamp, receivedAt);
                    foreach (var track in _tracks) track.OnSenderReport(info);
                    _live?.ForwardSenderReport(sr.Info);
                    break;
                case RtcpPacketType.Goodbye when Goodbye.TryParse(packet.Data, out var bye, out _):
                    foreach (var ssrc in bye.Sources)
                    {
                        for (var i = 0; i < _tracks.Length; i++)
                        {
                            if (_tracks[i].Receiver.Ssrc != ssrc) continue;
                            _tracks[i].OnBye(ssrc);
                            _byeReceived[i] = true;
                        }
                    }
                    break;
            }
        }
        if (!any)
        {
            Interlocked.Increment(ref _invalid);
            InvalidPackets.Add(1);
        }
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    private async Task StopReceivingAsync()
    {
        await _shutdown.CancelAsync().ConfigureAwait(false);
        while (_queue.Reader.TryRead(out var left)) left.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        if (_live is not null) await _live.DisposeAsync().ConfigureAwait(false);
        await StopReceivingAsync().ConfigureAwait(false);
        foreach (var socket in _sockets) socket.Socket.Dispose();
        foreach (var loop in _loops) loop.Dispose();
        foreach (var track in _tracks) track.Dispose();
        _shutdown.Dispose();
    }
}
