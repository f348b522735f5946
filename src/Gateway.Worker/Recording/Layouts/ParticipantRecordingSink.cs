using System.Text;
using Gateway.Pipelines.Codecs;
using Gateway.Pipelines.Media;
using Gateway.Worker.Captures;
using Gateway.Worker.Sources;
using Microsoft.Extensions.Logging;

namespace Gateway.Worker.Recording.Layouts;

/// <summary>
/// Records a room: each participant gets its own sink (own ffmpeg, own files under participants/&lt;display name&gt;/),
/// started with that participant's first frame, its frames renumbered to its own tracks. Layout "tracks" shows those
/// files as the outputs; layout "composite" records them as passthrough intermediates (no transcoding while live)
/// and renders the grid from them when the capture ends (<see cref="CompositeRenderer"/>).
/// </summary>
internal sealed class ParticipantRecordingSink(string captureId, string directory, IParticipantSource source, IRecordingSinkFactory sinks,
    IReadOnlyList<OutputSpec> outputs, bool composite, string ffmpegPath, TimeProvider time, ILogger logger) : IRecordingSink
{
    private sealed class Child(Participant participant, string name, IRecordingSink sink, long joinedAt)
    {
        public Participant Participant { get; } = participant;
        public string Name { get; } = name;
        public IRecordingSink Sink { get; } = sink;
        public long JoinedAt { get; } = joinedAt;
        public long LastFrameAt { get; set; } = joinedAt;
    }

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Child> _children = new(StringComparer.Ordinal);
    private readonly List<Action> _keyFrameWanted = [];
    private readonly long _startedAt = time.GetTimestamp();   // created with the capture's first frame: the timeline's zero
    private IReadOnlyList<OutputStatus>? _composites;

    public void SubscribeKeyFrameWanted(Action callback)
    {
        lock (_gate)
        {
            _keyFrameWanted.Add(callback);
            foreach (var child in _children.Values) child.Sink.SubscribeKeyFrameWanted(callback);
        }
    }

    public void Write(EncodedFrame frame)
    {
        if (source.ParticipantOf(frame.TrackIndex) is not { } participant)
        {
            frame.Dispose();
            return;
        }
        Child child;
        lock (_gate)
        {
            if (!_children.TryGetValue(participant.Key, out child!))
            {
                child = Start(participant);
                _children[participant.Key] = child;
            }
            child.LastFrameAt = time.GetTimestamp();
        }
        child.Sink.Write(frame with { TrackIndex = frame.TrackIndex - participant.FirstTrack });
    }

    private Child Start(Participant participant)
    {
        var name = UniqueName(participant.DisplayName);
        var folder = Path.Combine(directory, "participants", name);
        var sink = sinks.Create($"{captureId}/{name}", folder, participant.Codecs, composite ? Intermediate(participant.Codecs) : outputs);
        foreach (var callback in _keyFrameWanted) sink.SubscribeKeyFrameWanted(callback);
        return new Child(participant, name, sink, time.GetTimestamp());
    }

    /// <summary>What the composite is made from: the participant's media as sent (VP8/VP9 in WebM, H.264 in MP4 with Opus).</summary>
    private static OutputSpec[] Intermediate(IReadOnlyList<IRtpCodec> codecs)
    {
        var video = codecs.FirstOrDefault(c => c.Kind == MediaKind.Video);
        if (video is null) return [new OutputSpec { Type = "audio" }];
        return video.EncodingName.Equals("H264", StringComparison.OrdinalIgnoreCase)
            ? [new OutputSpec { Type = "mp4", AudioCodec = "opus" }]
            : [new OutputSpec { Type = "webm" }];
    }

    /// <summary>The display name as a folder name (letters, digits, '.', '-', '_'); a second "alice" becomes "alice-2".</summary>
    private string UniqueName(string display)
    {
        var clean = new StringBuilder();
        foreach (var c in display.Normalize(NormalizationForm.FormKC))
        {
            if (clean.Length >= 64) break;
            clean.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' || (c == '.' && clean.Length > 0) ? c : '_');
        }
        var name = clean.Length == 0 ? "participant" : clean.ToString();
        var taken = _children.Values.Select(c => c.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var unique = name;
        for (var n = 2; taken.Contains(unique); n++) unique = $"{name}-{n}";
        return unique;
    }

    public async Task FinalizeAsync(CancellationToken cancellationToken)
    {
        Child[] children;
        lock (_gate) children = [.. _children.Values];
        await Task.WhenAll(children.Select(c => c.Sink.FinalizeAsync(cancellationToken))).ConfigureAwait(false);
        if (!composite) return;
        var inputs = children.Select(Place).ToList();
        var duration = inputs.Count == 0 ? 0 : inputs.Max(i => i.LeaveSeconds);
        // Rendering costs about real time or less on one core; the budget scales with the length so a long meeting is not cut.
        var timeout = TimeSpan.FromSeconds(60 + 3 * duration);
        var results = new List<OutputStatus>();
        for (var i = 0; i < outputs.Count; i++)
        {
            var type = outputs[i].Type!;
            var file = Path.Combine(directory, i == 0 || outputs.Take(i).All(o => o.Type != type) ? $"composite.{type}" : $"composite-{i}.{type}");
            var status = await CompositeRenderer.RenderAsync(ffmpegPath, inputs, duration, type, file, timeout).ConfigureAwait(false);
            if (status.Error is not null) logger.CompositeFailed(captureId, status.Error);
            results.Add(status);
        }
        lock (_gate) _composites = results;
    }

    /// <summary>Where the participant's file sits on the capture timeline (its first and last frame, by the gateway's clock).</summary>
    private CompositeInput Place(Child child)
    {
        var output = child.Sink.SnapshotOutputs().FirstOrDefault();
        var path = output?.Location is { } location ? new Uri(location).LocalPath : "";
        var join = time.GetElapsedTime(_startedAt, child.JoinedAt).TotalSeconds;
        var recorded = output?.DurationSeconds is > 0 ? output.DurationSeconds : time.GetElapsedTime(child.JoinedAt, child.LastFrameAt).TotalSeconds;
        bool Wrote(MediaKind kind) => child.Participant.Codecs.Select((c, i) => (c, i))
            .Any(t => t.c.Kind == kind && child.Sink.TrackCounters(t.i).Written > 0);
        return new CompositeInput(path, join, join + recorded, Wrote(MediaKind.Video) && File.Exists(path), Wrote(MediaKind.Audio) && File.Exists(path));
    }

    public IReadOnlyList<OutputStatus> SnapshotOutputs()
    {
        lock (_gate)
        {
            if (composite) return _composites ?? outputs.Select(o => new OutputStatus { Type = o.Type!, State = _children.Count == 0 ? "pending" : "writing" }).ToList();
            return _children.Values.SelectMany(c => c.Sink.SnapshotOutputs().Select(o => o with { Participant = c.Participant.DisplayName })).ToList();
        }
    }

    public (long Written, long Dropped) TrackCounters(int trackIndex)
    {
        if (source.ParticipantOf(trackIndex) is not { } participant) return (0, 0);
        lock (_gate)
        {
            return _children.TryGetValue(participant.Key, out var child) ? child.Sink.TrackCounters(trackIndex - participant.FirstTrack) : (0, 0);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Child[] children;
        lock (_gate) children = [.. _children.Values];
        foreach (var child in children) await child.Sink.DisposeAsync().ConfigureAwait(false);
    }
}
