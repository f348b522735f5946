namespace Gateway.Worker.Storage;

/// <summary>Blob names and content types of uploaded outputs: <c>{prefix}{captureId}/{file name}</c>.</summary>
public static class BlobNames
{
    /// <summary>Longest prefix accepted; blob names may have 1024 characters and the rest needs ~60.</summary>
    public const int MaxPrefixLength = 512;

    /// <param name="prefix">As the request gave it; a "/" is added when it does not end in one.</param>
    public static string For(string? prefix, string captureId, string fileName)
    {
        var folder = string.IsNullOrEmpty(prefix) ? "" : prefix.EndsWith('/') ? prefix : prefix + "/";
        return $"{folder}{captureId}/{fileName}";
    }

    public static string ContentTypeFor(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".mp4" => "video/mp4",
        ".webm" => "video/webm",
        ".ogg" => "audio/ogg",
        ".m4a" => "audio/mp4",
        ".m3u8" or ".m4s" or ".ts" => Recording.HlsFolder.ContentTypeFor(fileName),
        _ => "application/octet-stream",
    };
}
