using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Gateway.Worker.Sources.Whip;

namespace Gateway.Worker.Sources.Janus;

internal sealed partial class JanusCaptureSource
{
    /// <summary>
    /// Subscribes to one publisher on a handle of its own: Janus offers (sendonly, its ICE and DTLS actpass), the WHIP
    /// receiving side answers, and "start" carries the answer. A publisher that cannot be subscribed to (left in the
    /// meantime, no codec we record) is logged and skipped; the capture goes on.
    /// </summary>
    private async Task SubscribeAsync(JanusClient client, JsonNode? publisher, long ownId, IFrameTarget frames, CancellationToken cancellationToken)
    {
        if (publisher?["id"] is not JsonValue idValue || !idValue.TryGetValue<long>(out var feed) || feed == ownId) return;
        var display = publisher["display"]?.GetValue<string>() ?? feed.ToString(CultureInfo.InvariantCulture);
        if (publisher["dummy"]?.GetValue<bool>() == true) return;
        if (_only is not null && !_only.Contains(display) && !_only.Contains(feed.ToString(CultureInfo.InvariantCulture))) return;
        lock (_gate)
        {
            if (_participants.Any(p => p.FeedId == feed && !p.Left)) return;   // "publishers" may repeat someone already followed
        }
        long? handle = null;
        WhipCaptureSource? receiver = null;
        try
        {
            handle = await AttachAsync(client, cancellationToken).ConfigureAwait(false);
            var join = new JsonObject
            {
                ["request"] = "join", ["ptype"] = "subscriber", ["room"] = _room,
                ["streams"] = new JsonArray(new JsonObject { ["feed"] = feed }),
            };
            if (_pin is not null) join["pin"] = _pin;
            var reply = await MessageAsync(client, handle.Value, join, null, cancellationToken).ConfigureAwait(false);
            JanusReplies.PluginData(reply, "subscribe", _room);
            var offer = reply["jsep"]?["sdp"]?.GetValue<string>() ?? throw new JanusException("Janus sent no offer for the subscription");

            receiver = new WhipCaptureSource($"{_captureId}/{display}", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), _host,
                _options.Receiver, _time, _logger);
            var answer = await receiver.AcceptOfferAsync(offer, cancellationToken).ConfigureAwait(false) switch
            {
                WhipOfferResult.Answered answered => answered,
                WhipOfferResult.Rejected rejected => throw new JanusException($"cannot answer Janus's offer: {rejected.Detail}"),
                _ => throw new InvalidOperationException("unknown offer result"),
            };
            var jsep = new JsonObject { ["type"] = "answer", ["sdp"] = answer.AnswerSdp };
            JanusReplies.PluginData(await MessageAsync(client, handle.Value, new JsonObject { ["request"] = "start", ["room"] = _room }, jsep, cancellationToken)
                .ConfigureAwait(false), "start", _room);

            JanusParticipant participant;
            lock (_gate)
            {
                var key = $"{feed.ToString(CultureInfo.InvariantCulture)}-{_participants.Count.ToString(CultureInfo.InvariantCulture)}";
                participant = new JanusParticipant(feed, handle.Value, new Participant(key, display, _codecs.Count, receiver.Tracks), receiver, answer.SessionId);
                _participants.Add(participant);
                Volatile.Write(ref _codecs, [.. _codecs, .. receiver.Tracks]);
            }
            _logger.Subscribed(_captureId, display, feed, string.Join(", ", receiver.Tracks.Select(t => t.EncodingName)));
            participant.Start(frames, cancellationToken);
        }
        catch (JanusException ex)
        {
            _logger.SubscriptionFailed(_captureId, display, feed, ex.Message);
            if (receiver is not null) await receiver.DisposeAsync().ConfigureAwait(false);
            if (handle is { } h) await TryDetachAsync(client, h).ConfigureAwait(false);
        }
    }

    /// <summary>The participant stopped publishing or left: its receiver ends (flushing what it holds), its handle goes.</summary>
    private void EndParticipant(Func<JanusParticipant, bool> which, string why)
    {
        List<JanusParticipant> ending;
        lock (_gate) ending = _participants.Where(p => !p.Left && which(p)).ToList();
        foreach (var p in ending)
        {
            p.Left = true;
            p.Receiver.TryEndSession(p.SessionId);
            _logger.ParticipantLeft(_captureId, p.Participant.DisplayName, p.FeedId, why);
        }
    }

    /// <summary>A receiver that ended by itself (DTLS closed, consent lost) means that participant is gone too.</summary>
    private void ReapFinished()
    {
        lock (_gate)
        {
            foreach (var p in _participants.Where(p => !p.Left && p.Running.IsCompleted))
            {
                p.Left = true;
                _logger.ParticipantLeft(_captureId, p.Participant.DisplayName, p.FeedId, p.Running.IsFaulted ? p.Running.Exception!.InnerException!.Message : "media ended");
            }
        }
    }

    private async Task<long> AttachAsync(JanusClient client, CancellationToken cancellationToken) =>
        JanusReplies.Id(await client.RequestAsync(new JsonObject { ["janus"] = "attach", ["plugin"] = "janus.plugin.videoroom" }, _options.RequestTimeout,
            cancellationToken).ConfigureAwait(false), "attach");

    private Task<JsonObject> MessageAsync(JanusClient client, long handle, JsonObject body, JsonObject? jsep, CancellationToken cancellationToken)
    {
        var message = new JsonObject { ["janus"] = "message", ["handle_id"] = handle, ["body"] = body };
        if (jsep is not null) message["jsep"] = jsep;
        return client.RequestAsync(message, _options.RequestTimeout, cancellationToken);
    }

    private async Task TryDetachAsync(JanusClient client, long handle)
    {
        using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        try
        {
            await client.RequestAsync(new JsonObject { ["janus"] = "detach", ["handle_id"] = handle }, TimeSpan.FromSeconds(3), budget.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is JanusException or OperationCanceledException)
        {
            _logger.LeaveFailed(_captureId, ex.Message);
        }
    }

    /// <summary>
    /// Destroying the session makes Janus leave the room for the bot and hang up every subscription; bounded, and a
    /// failure here only costs Janus a session that its own timeout reaps.
    /// </summary>
    private async Task LeaveAsync(JanusClient client)
    {
        if (client.SessionId is null) return;
        using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await client.RequestAsync(new JsonObject { ["janus"] = "destroy" }, TimeSpan.FromSeconds(5), budget.Token).ConfigureAwait(false);
            _logger.LeftRoom(_captureId, _room);
        }
        catch (Exception ex) when (ex is JanusException or OperationCanceledException)
        {
            _logger.LeaveFailed(_captureId, ex.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        JanusParticipant[] participants;
        lock (_gate) participants = [.. _participants];
        foreach (var p in participants) await p.Receiver.DisposeAsync().ConfigureAwait(false);
    }
}
