namespace Gateway.Worker.Captures;

/// <summary>
/// Files of a resumed capture. The recorder writes each part into a private folder (<c>.part{n}/</c>, so it can never
/// overwrite the files before the restart); when the part ends — or at the next start, if the gateway died again —
/// its files move beside the first ones as <c>{name}.part{n}{ext}</c>.
/// </summary>
internal static class ResumedParts
{
    public static string Folder(string captureDirectory, int part) =>
        Path.Combine(captureDirectory, ".part" + part.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The next part number: above every earlier one and every <c>.partN</c> file already there (ffmpeg
    /// restarts within one run name their files that way too).</summary>
    public static int Next(string captureDirectory, IReadOnlyList<CaptureResumption>? earlier)
    {
        var part = Math.Max(2, (earlier?.Count > 0 ? earlier.Max(r => r.Part) : 1) + 1);
        while (Directory.Exists(captureDirectory) && Directory.EnumerateFileSystemEntries(captureDirectory, $"*.part{part}*").Any()) part++;
        return part;
    }

    /// <summary>Moves a part's files into the capture folder; returns the outputs with their final locations.</summary>
    public static IReadOnlyList<OutputStatus> Collect(string captureDirectory, int part, IReadOnlyList<OutputStatus> outputs)
    {
        var folder = Folder(captureDirectory, part);
        if (!Directory.Exists(folder)) return outputs;
        var moved = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            var name = Path.GetFileName(file);
            var target = Path.Combine(captureDirectory, $"{Path.GetFileNameWithoutExtension(name)}.part{part}{Path.GetExtension(name)}");
            if (File.Exists(target)) continue;   // never overwrite a recording; the file stays where it is
            File.Move(file, target);
            moved[Path.GetFullPath(file)] = target;
        }
        if (!Directory.EnumerateFileSystemEntries(folder).Any()) Directory.Delete(folder);
        string? Final(string? location)
        {
            if (location is null || !Uri.TryCreate(location, UriKind.Absolute, out var uri) || !uri.IsFile) return location;
            return moved.TryGetValue(Path.GetFullPath(uri.LocalPath), out var target) ? new Uri(target).AbsoluteUri : location;
        }
        return outputs.Select(o => o with
        {
            Location = Final(o.Location),
            Segments = o.Segments?.Select(s => s with { Location = Final(s.Location)! }).ToList(),
        }).ToList();
    }

    /// <summary>The newest write among the capture's files: about when the gateway died.</summary>
    public static DateTimeOffset LastWrite(string captureDirectory, DateTimeOffset fallback)
    {
        if (!Directory.Exists(captureDirectory)) return fallback;
        var newest = Directory.EnumerateFiles(captureDirectory, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".json", StringComparison.Ordinal) && !f.EndsWith(".tmp", StringComparison.Ordinal))
            .Select(f => new DateTimeOffset(File.GetLastWriteTimeUtc(f), TimeSpan.Zero))
            .DefaultIfEmpty(fallback).Max();
        return newest;
    }
}
