using System.Globalization;
using System.Text;

namespace Gateway.Worker.Recording.Layouts;

/// <summary>A participant's recording placed on the capture timeline (seconds from the capture's first frame).</summary>
public sealed record CompositeInput(string Path, double JoinSeconds, double LeaveSeconds, bool HasVideo, bool HasAudio);

/// <summary>A stretch of the capture during which the same participants are on screen (indices into the inputs).</summary>
public sealed record CompositeSegment(double Start, double End, IReadOnlyList<int> Participants);

/// <summary>
/// The composite layout as an ffmpeg filter graph. The timeline is cut wherever someone joins or leaves; in each
/// piece the participants present share a grid (columns = ceil(sqrt n)) in join order, each tile letterboxed. Every
/// tile is that participant's own file trimmed to the piece and shifted to capture time, laid over a black canvas
/// only while the piece lasts; audio is every participant delayed to its join time and mixed.
/// </summary>
public static class CompositeTimeline
{
    public static IReadOnlyList<CompositeSegment> Segments(IReadOnlyList<CompositeInput> inputs)
    {
        var cuts = inputs.Where(i => i.HasVideo).SelectMany(i => new[] { i.JoinSeconds, i.LeaveSeconds }).Distinct().Order().ToList();
        var segments = new List<CompositeSegment>();
        for (var c = 0; c + 1 < cuts.Count; c++)
        {
            var (start, end) = (cuts[c], cuts[c + 1]);
            if (end - start < 0.001) continue;
            var present = Enumerable.Range(0, inputs.Count)
                .Where(i => inputs[i].HasVideo && inputs[i].JoinSeconds <= start && inputs[i].LeaveSeconds >= end).ToList();
            if (present.Count > 0) segments.Add(new CompositeSegment(start, end, present));
        }
        return segments;
    }

    /// <summary>Tile <paramref name="slot"/> of <paramref name="count"/> on a canvas: x, y, width, height (even numbers).</summary>
    public static (int X, int Y, int Width, int Height) Tile(int slot, int count, int canvasWidth, int canvasHeight)
    {
        var columns = (int)Math.Ceiling(Math.Sqrt(count));
        var rows = (count + columns - 1) / columns;
        var width = canvasWidth / columns / 2 * 2;
        var height = canvasHeight / rows / 2 * 2;
        return (slot % columns * width, slot / columns * height, width, height);
    }

    /// <summary>The -filter_complex text; video comes out as [vout], audio (when any input has audio) as [aout].</summary>
    public static string FilterGraph(IReadOnlyList<CompositeInput> inputs, double duration, int width, int height, int frameRate)
    {
        static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
        var segments = Segments(inputs);
        var graph = new StringBuilder();
        graph.Append(CultureInfo.InvariantCulture, $"color=c=black:s={width}x{height}:r={frameRate}:d={F(duration)}[base0];");
        var uses = new int[inputs.Count];
        foreach (var segment in segments) foreach (var p in segment.Participants) uses[p]++;
        for (var i = 0; i < inputs.Count; i++)
        {
            if (uses[i] == 0) continue;
            graph.Append(CultureInfo.InvariantCulture, $"[{i}:v]split={uses[i]}");
            for (var u = 0; u < uses[i]; u++) graph.Append(CultureInfo.InvariantCulture, $"[v{i}_{u}]");
            graph.Append(';');
        }
        var next = new int[inputs.Count];
        var layer = 0;
        foreach (var segment in segments)
        {
            for (var slot = 0; slot < segment.Participants.Count; slot++)
            {
                var p = segment.Participants[slot];
                var input = inputs[p];
                var (x, y, w, h) = Tile(slot, segment.Participants.Count, width, height);
                var branch = $"v{p}_{next[p]++}";
                // trim works in the participant's own time (its file starts at its join); setpts moves it to capture time.
                graph.Append(CultureInfo.InvariantCulture,
                    $"[{branch}]trim=start={F(segment.Start - input.JoinSeconds)}:end={F(segment.End - input.JoinSeconds)},setpts=PTS+{F(input.JoinSeconds)}/TB,");
                graph.Append(CultureInfo.InvariantCulture,
                    $"scale={w}:{h}:force_original_aspect_ratio=decrease,pad={w}:{h}:(ow-iw)/2:(oh-ih)/2,setsar=1[t{layer}];");
                graph.Append(CultureInfo.InvariantCulture,
                    $"[base{layer}][t{layer}]overlay=x={x}:y={y}:eof_action=pass:enable='gte(t,{F(segment.Start)})*lt(t,{F(segment.End)})'[base{layer + 1}];");
                layer++;
            }
        }
        graph.Append(CultureInfo.InvariantCulture, $"[base{layer}]format=yuv420p[vout]");
        var audio = Enumerable.Range(0, inputs.Count).Where(i => inputs[i].HasAudio).ToList();
        if (audio.Count > 0)
        {
            graph.Append(';');
            foreach (var i in audio)
            {
                var delay = (long)Math.Round(inputs[i].JoinSeconds * 1000);
                graph.Append(CultureInfo.InvariantCulture, $"[{i}:a]aresample=48000,aformat=channel_layouts=stereo,adelay={delay}|{delay}[a{i}];");
            }
            foreach (var i in audio) graph.Append(CultureInfo.InvariantCulture, $"[a{i}]");
            // normalize=0: a voice stays as loud when a third person joins (amix would otherwise rescale by input count).
            graph.Append(audio.Count == 1 ? "anull" : $"amix=inputs={audio.Count}:duration=longest:normalize=0");
            graph.Append(",apad[aout]");
        }
        return graph.ToString();
    }
}
