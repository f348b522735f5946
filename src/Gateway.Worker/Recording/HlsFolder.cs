using System.Text;

namespace Gateway.Worker.Recording;

/// <summary>
/// Where a capture's HLS output lives (<c>{capture dir}/hls/</c>: index.m3u8, init.mp4, index0.m4s... or index0.ts)
/// and which names in it may be served: only what ffmpeg's hls muxer writes, so no request can name anything else.
/// </summary>
public static class HlsFolder
{
    public const string Name = "hls";
    public const string Playlist = "index.m3u8";
    public static readonly string PlaylistPath = Path.Combine(Name, Playlist);

    public static string For(string captureDirectory) => Path.Combine(captureDirectory, Name);

    /// <summary>
    /// True for "index.m3u8", "init.mp4" and "index{n}.m4s" / "index{n}.ts": letters, digits and one dot, nothing
    /// that could leave the folder (no separators, no "..", no .tmp files still being written).
    /// </summary>
    public static bool IsServable(ReadOnlySpan<char> file)
    {
        if (file.SequenceEqual(Playlist) || file.SequenceEqual("init.mp4")) return true;
        if (file.Length > 32 || !file.StartsWith("index")) return false;
        var rest = file["index".Length..];
        int digits = 0;
        while (digits < rest.Length && char.IsAsciiDigit(rest[digits])) digits++;
        if (digits is 0 or > 10) return false;
        var extension = rest[digits..];
        return extension.SequenceEqual(".m4s") || extension.SequenceEqual(".ts");
    }

    public static string ContentTypeFor(string file) => Path.GetExtension(file) switch
    {
        ".m3u8" => "application/vnd.apple.mpegurl",
        ".m4s" => "video/iso.segment",
        ".mp4" => "video/mp4",
        ".ts" => "video/mp2t",
        _ => "application/octet-stream",
    };

    /// <summary>Bytes of every file in the folder (what the output costs on disk), 0 when it does not exist.</summary>
    public static long Bytes(string folder)
    {
        if (!Directory.Exists(folder)) return 0;
        long total = 0;
        foreach (var file in new DirectoryInfo(folder).EnumerateFiles())
        {
            try { total += file.Length; }
            catch (FileNotFoundException) { }   // a .tmp renamed meanwhile: counted under its new name next time
        }
        return total;
    }

    /// <summary>Where the gateway serves a capture's playlist (API.md).</summary>
    public static string LiveUrl(string captureId) => $"/v1/captures/{captureId}/hls/{Playlist}";

    /// <summary>
    /// Closes a finished playlist as VOD: ffmpeg ends its EVENT playlist with #EXT-X-ENDLIST (added here when ffmpeg
    /// was killed first), and the recording kept afterwards is a complete, unchanging list. Replaced atomically (temp
    /// file + rename) so a reader never sees half a playlist. False when there is no playlist.
    /// </summary>
    public static bool Close(string playlist)
    {
        if (!File.Exists(playlist)) return false;
        var text = File.ReadAllText(playlist, Encoding.UTF8);
        var vod = text.Replace("#EXT-X-PLAYLIST-TYPE:EVENT", "#EXT-X-PLAYLIST-TYPE:VOD", StringComparison.Ordinal);
        if (!vod.Contains("#EXT-X-ENDLIST", StringComparison.Ordinal)) vod = vod.TrimEnd('\n') + "\n#EXT-X-ENDLIST\n";
        if (vod == text) return true;
        var temporary = playlist + ".vod.tmp";
        File.WriteAllText(temporary, vod, new UTF8Encoding(false));
        File.Move(temporary, playlist, overwrite: true);
        return true;
    }
}
