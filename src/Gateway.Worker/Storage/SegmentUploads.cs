using System.Globalization;
using System.Text.RegularExpressions;

namespace Gateway.Worker.Storage;

/// <summary>
/// The later files of an output whose ffmpeg died and was restarted (<c>recording.part2.mp4</c>, ...; see
/// <see cref="Pipelines.Sinks.SegmentNaming"/>). They appear while recording, after the upload session was set up
/// with the first file only, so once the recording is over they join the manifest beside it (same blob folder),
/// with indexes past <see cref="HlsUploads.FirstFileIndex"/> like the HLS folder's files. Found on disk, so a
/// recovery after a crash uploads them too.
/// </summary>
public static partial class SegmentUploads
{
    /// <summary>Adds the part files not listed yet, in part order; returns <paramref name="manifest"/> itself when none.</summary>
    public static UploadManifest WithPartFiles(UploadManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var known = manifest.Outputs.Select(o => o.LocalPath).ToHashSet(StringComparer.Ordinal);
        int next = manifest.Outputs.Count == 0 ? HlsUploads.FirstFileIndex : Math.Max(HlsUploads.FirstFileIndex, manifest.Outputs.Max(o => o.Index) + 1);
        var added = new List<OutputUpload>();
        foreach (var first in manifest.Outputs.Where(o => o.Index < HlsUploads.FirstFileIndex))
        {
            var folder = Path.GetDirectoryName(first.LocalPath);
            if (folder is null || !Directory.Exists(folder)) continue;
            var stem = Path.GetFileNameWithoutExtension(first.LocalPath);
            var extension = Path.GetExtension(first.LocalPath);
            var blobFolder = first.BlobName[..(first.BlobName.LastIndexOf('/') + 1)];
            var parts = Directory.EnumerateFiles(folder, $"{stem}.part*{extension}")
                .Select(path => (Path: path, Number: PartNumber(Path.GetFileName(path), stem, extension)))
                .Where(p => p.Number >= 2 && !known.Contains(p.Path))
                .OrderBy(p => p.Number);
            foreach (var (path, _) in parts)
            {
                added.Add(new OutputUpload
                {
                    Index = next++, LocalPath = path, BlobName = blobFolder + Path.GetFileName(path), ContentType = first.ContentType,
                });
            }
        }
        return added.Count == 0 ? manifest : manifest with { Outputs = [.. manifest.Outputs, .. added] };
    }

    private static int PartNumber(string file, string stem, string extension)
    {
        if (!file.StartsWith(stem + ".part", StringComparison.Ordinal) || !file.EndsWith(extension, StringComparison.Ordinal)) return 0;
        var digits = file[(stem.Length + 5)..^extension.Length];
        return Digits().IsMatch(digits) && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : 0;
    }

    [GeneratedRegex("^[0-9]{1,6}$")]
    private static partial Regex Digits();
}
