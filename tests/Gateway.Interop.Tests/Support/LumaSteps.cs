using System.Globalization;

namespace Gateway.Interop.Tests.Support;

/// <summary>
/// A latency pattern: a uniform grey frame whose level steps up once a second through <see cref="Levels"/> levels
/// and wraps, so each step names itself for <see cref="Levels"/> seconds. A step seen at the sender and the same step
/// seen downstream give the delay of everything between them, unambiguously as long as it is under
/// <see cref="Levels"/> seconds.
/// </summary>
public static class LumaSteps
{
    public const int Levels = 8;

    private const double First = 15;
    private const double Spacing = 30;
    private const double Tolerance = 12;

    /// <summary>An ffmpeg lavfi source of the pattern, one full cycle long (Chromium loops the file).</summary>
    public static string Video(int fps = 30) =>
        string.Create(CultureInfo.InvariantCulture,
            $"color=c=black:s=640x360:r={fps}:d={Levels},format=gray,geq=lum='{First}+{Spacing}*mod(floor(T)\\,{Levels})',format=yuv420p");

    /// <summary>The level a frame's mean luma shows, or null when it is between levels (a blend or a broken frame).</summary>
    public static int? Level(double luma)
    {
        var index = (int)Math.Round((luma - First) / Spacing);
        if (index < 0 || index >= Levels) return null;
        return Math.Abs(luma - (First + (Spacing * index))) <= Tolerance ? index : null;
    }

    /// <summary>
    /// When each one-level step (n → n+1, 7 → 0) first shows: the first frame of a new level that the next frame
    /// confirms. Frames between levels are skipped; a jump by more than one level (lost frames) is not a step.
    /// </summary>
    public static List<(double Ms, int Level)> Steps(IEnumerable<(double Ms, double Luma)> frames)
    {
        var steps = new List<(double, int)>();
        int? current = null;
        (double Ms, int Level)? candidate = null;
        foreach (var (ms, luma) in frames)
        {
            if (Level(luma) is not { } level) continue;
            if (level == current)
            {
                candidate = null;
            }
            else if (candidate is { } c && c.Level == level)
            {
                if (current is { } from && (from + 1) % Levels == level) steps.Add(c);
                current = level;
                candidate = null;
            }
            else
            {
                candidate = (ms, level);
            }
        }
        return steps;
    }

    /// <summary>
    /// For every downstream step, the delay since the latest sender step to the same level that precedes it (within
    /// one cycle).
    /// </summary>
    public static List<double> Delays(IReadOnlyList<(double Ms, int Level)> sent, IEnumerable<(double Ms, int Level)> received)
    {
        var delays = new List<double>();
        foreach (var (ms, level) in received)
        {
            var match = sent.Where(s => s.Level == level && s.Ms <= ms && ms - s.Ms < Levels * 1000).Select(s => (double?)s.Ms).LastOrDefault();
            if (match is { } at) delays.Add(ms - at);
        }
        return delays;
    }
}
