using Gateway.Worker.Recording;

namespace Gateway.Worker.Storage;

/// <summary>
/// An hls output is a folder, not a file: while recording only its playlist is followed (the segments are not known
/// yet); once the recording is over every file in the folder joins the manifest, under the same blob folder
/// (<c>{prefix}{captureId}/hls/...</c>), so the uploaded playlist's relative segment names resolve in the container.
/// </summary>
public static class HlsUploads
{
    /// <summary>Entries added for the folder's files get indexes from here on: never a position of a real output.</summary>
    public const int FirstFileIndex = 1000;

    /// <summary>The file's name inside the capture folder: <c>recording.mp4</c>, or <c>hls/index.m3u8</c> for HLS files.</summary>
    public static string NameInCapture(string localPath)
    {
        var file = Path.GetFileName(localPath);
        return IsInHlsFolder(localPath) ? $"{HlsFolder.Name}/{file}" : file;
    }

    /// <summary>
    /// Adds every finished file of each hls folder the manifest's playlists live in (idempotent: files already listed
    /// are kept as they are) and orders the playlists last, so a reader of the container never sees a playlist naming
    /// segments that are not there yet.
    /// </summary>
    public static UploadManifest WithFolderFiles(UploadManifest manifest)
    {
        var playlists = manifest.Outputs.Where(o => o.Index < FirstFileIndex && IsPlaylist(o.LocalPath)).ToList();
        if (playlists.Count == 0) return manifest;
        var known = manifest.Outputs.Select(o => o.LocalPath).ToHashSet(StringComparer.Ordinal);
        int next = Math.Max(FirstFileIndex, manifest.Outputs.Max(o => o.Index) + 1);
        var added = new List<OutputUpload>();
        foreach (var playlist in playlists)
        {
            var folder = Path.GetDirectoryName(playlist.LocalPath)!;
            if (!Directory.Exists(folder)) continue;
            var blobFolder = playlist.BlobName[..(playlist.BlobName.LastIndexOf('/') + 1)];
            foreach (var path in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
            {
                var file = Path.GetFileName(path);
                // Only what the live endpoint would serve: no .tmp leftovers of a killed ffmpeg.
                if (known.Contains(path) || file == HlsFolder.Playlist || !HlsFolder.IsServable(file)) continue;
                added.Add(new OutputUpload
                {
                    Index = next++, LocalPath = path, BlobName = blobFolder + file, ContentType = HlsFolder.ContentTypeFor(file),
                });
            }
        }
        if (added.Count == 0 && manifest.Outputs[^1] == playlists[^1]) return manifest;
        var outputs = manifest.Outputs.Where(o => !playlists.Contains(o)).Concat(added).Concat(playlists).ToList();
        return manifest with { Outputs = outputs };
    }

    private static bool IsPlaylist(string localPath) => Path.GetFileName(localPath) == HlsFolder.Playlist && IsInHlsFolder(localPath);

    private static bool IsInHlsFolder(string localPath) => Path.GetFileName(Path.GetDirectoryName(localPath)) == HlsFolder.Name;
}
