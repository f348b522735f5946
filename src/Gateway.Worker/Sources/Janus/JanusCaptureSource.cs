using System.Text.Json.Nodes;
using Gateway.Pipelines.Codecs;
using Gateway.Worker.Captures;
using Gateway.Worker.Recording;
using Gateway.Worker.Recording.Layouts;
using Gateway.Worker.WebRtc;
using Microsoft.Extensions.Logging;

namespace Gateway.Worker.Sources.Janus;

/// <summary>
/// The gateway as a bot in a Janus VideoRoom (source.type "janus"): it joins as a publisher that never publishes —
/// so Janus tells it who publishes, joins and leaves — and subscribes to each publisher on a handle of its own (one
/// peer connection per participant, so a newcomer is a new subscription and nobody is renegotiated). Each
/// participant's tracks are appended to the capture's track list; the layout sink turns them into files.
/// Everything happens in <see cref="RunAsync"/>: a failure there (unreachable, room not found) fails the capture
/// with the reason.
/// </summary>
internal sealed partial class JanusCaptureSource : ICaptureSource, IParticipantSource
{
    private readonly string _captureId;
    private readonly Uri _url;
    private readonly long _room;
    private readonly string? _pin;
    private readonly IReadOnlySet<string>? _only;
    private readonly WebRtcHost _host;
    private readonly JanusSourceOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly List<JanusParticipant> _participants = [];   // every one so far, left ones included (their counters stay)
    private IReadOnlyList<IRtpCodec> _codecs = [];
    private int _disposed;

    public JanusCaptureSource(string captureId, Uri url, long room, string? pin, IReadOnlySet<string>? only, WebRtcHost host,
        JanusSourceOptions options, TimeProvider time, ILogger logger)
    {
        (_captureId, _url, _room, _pin, _only, _host, _options, _time, _logger) = (captureId, url, room, pin, only, host, options, time, logger);
        Status = new SourceStatus { Type = "janus" };
    }

    public SourceStatus Status { get; }

    public IReadOnlyList<IRtpCodec> Tracks => Volatile.Read(ref _codecs);

    public Participant? ParticipantOf(int trackIndex)
    {
        lock (_gate)
        {
            foreach (var p in _participants)
            {
                var first = p.Participant.FirstTrack;
                if (trackIndex >= first && trackIndex < first + p.Participant.Codecs.Count) return p.Participant;
            }
        }
        return null;
    }

    public IRecordingSink CreateRecordingSink(string captureId, string directory, IRecordingSinkFactory sinks, CaptureSpec spec) =>
        new ParticipantRecordingSink(captureId, directory, this, sinks, spec.Outputs ?? [], spec.Layout == "composite",
            _options.FfmpegPath, _time, _logger);

    public IReadOnlyList<TrackStatus> SnapshotTracks()
    {
        JanusParticipant[] participants;
        lock (_gate) participants = [.. _participants];
        return participants.SelectMany(p => p.Receiver.SnapshotTracks().Select(t => t with { Participant = p.Participant.DisplayName })).ToList();
    }

    public void RequestKeyFrame()
    {
        lock (_gate)
        {
            foreach (var p in _participants) p.Receiver.RequestKeyFrame();
        }
    }

    public async Task<EndReason> RunAsync(IFrameTarget frames, CancellationToken cancellationToken)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var client = await JanusClient.ConnectAsync(_url, _options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
        try
        {
            return await RunSessionAsync(client, frames, stopping.Token).ConfigureAwait(false);
        }
        finally
        {
            // The receivers flush what waits in their jitter buffers into the recording before the capture finalizes.
            await stopping.CancelAsync().ConfigureAwait(false);
            JanusParticipant[] participants;
            lock (_gate) participants = [.. _participants];
            foreach (var p in participants)
            {
                try
                {
                    await p.Running.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // stopped with the capture: expected
                }
            }
            await LeaveAsync(client).ConfigureAwait(false);
            await client.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<EndReason> RunSessionAsync(JanusClient client, IFrameTarget frames, CancellationToken cancellationToken)
    {
        client.SessionId = JanusReplies.Id(await client.RequestAsync(new JsonObject { ["janus"] = "create" }, _options.RequestTimeout, cancellationToken)
            .ConfigureAwait(false), "create");
        var manager = await AttachAsync(client, cancellationToken).ConfigureAwait(false);
        var join = new JsonObject { ["request"] = "join", ["ptype"] = "publisher", ["room"] = _room, ["display"] = _options.DisplayName };
        if (_pin is not null) join["pin"] = _pin;
        var joined = JanusReplies.PluginData(await MessageAsync(client, manager, join, null, cancellationToken).ConfigureAwait(false), "join", _room);
        var ownId = joined["id"]?.GetValue<long>() ?? 0;
        var publishers = joined["publishers"] as JsonArray ?? [];
        _logger.JoinedRoom(_captureId, _room, ownId, publishers.Count);
        foreach (var publisher in publishers) await SubscribeAsync(client, publisher, ownId, frames, cancellationToken).ConfigureAwait(false);

        var nextKeepalive = _time.GetTimestamp() + Ticks(_options.KeepaliveInterval);
        while (true)
        {
            if (_time.GetTimestamp() >= nextKeepalive)
            {
                await client.SendAsync(new JsonObject { ["janus"] = "keepalive", ["transaction"] = "keepalive" }, cancellationToken).ConfigureAwait(false);
                nextKeepalive = _time.GetTimestamp() + Ticks(_options.KeepaliveInterval);
            }
            ReapFinished();
            using var tick = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            tick.CancelAfter(TimeSpan.FromSeconds(1));
            bool open;
            try
            {
                open = await client.Events.WaitToReadAsync(tick.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                continue;   // a quiet second: time for keepalives and reaping
            }
            if (!open)
            {
                await client.Events.Completion.ConfigureAwait(false);   // throws why the connection ended
                throw new JanusException("The connection to Janus ended");
            }
            while (client.Events.TryRead(out var message))
            {
                if (await HandleEventAsync(client, message, manager, ownId, frames, cancellationToken).ConfigureAwait(false) is { } end) return end;
            }
        }
    }

    /// <summary>Returns an end reason when the room is gone; otherwise follows joins and leaves.</summary>
    private async Task<EndReason?> HandleEventAsync(JanusClient client, JsonObject message, long manager, long ownId, IFrameTarget frames,
        CancellationToken cancellationToken)
    {
        var kind = message["janus"]?.GetValue<string>();
        var sender = message["sender"]?.GetValue<long>();
        if (kind == "timeout") throw new JanusException("Janus expired the session (no keepalive reached it in time)");
        if (kind is "hangup" or "detached" && sender is { } handle && sender != manager)
        {
            EndParticipant(p => p.HandleId == handle, $"Janus {kind} ({message["reason"]?.GetValue<string>() ?? "no reason"})");
            return null;
        }
        if (kind != "event" || sender != manager || message["plugindata"]?["data"] is not JsonObject data) return null;
        if (data["videoroom"]?.GetValue<string>() == "destroyed")
        {
            _logger.RoomDestroyed(_captureId, _room);
            return EndReason.SourceEnded;
        }
        if (data["publishers"] is JsonArray joinedNow)
        {
            foreach (var publisher in joinedNow) await SubscribeAsync(client, publisher, ownId, frames, cancellationToken).ConfigureAwait(false);
        }
        foreach (var field in new[] { "unpublished", "leaving" })
        {
            if (data[field] is JsonValue value && value.TryGetValue<long>(out var feed)) EndParticipant(p => p.FeedId == feed, field);
        }
        return null;
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);
}
