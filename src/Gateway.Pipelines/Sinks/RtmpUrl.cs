namespace Gateway.Pipelines.Sinks;

/// <summary>
/// RTMP ingest URLs (<c>rtmp://host[:port]/app/streamKey</c>). The last path segment is the stream key, a secret:
/// anything shown or logged goes through <see cref="Mask"/>.
/// </summary>
public static class RtmpUrl
{
    private const string Hidden = "*****";

    /// <returns>Null when <paramref name="url"/> can be pushed to; otherwise why not.</returns>
    public static string? Validate(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return "An rtmp output needs a url.";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("rtmp" or "rtmps"))
            return "Must be an absolute rtmp:// or rtmps:// URL.";
        if (uri.Host.Length == 0) return "The URL needs a host.";
        if (uri.UserInfo.Length > 0) return "Credentials in the URL are not supported; put the key in the path.";
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < 2) return "The URL needs an application and a stream key: rtmp://host/app/key.";
        if (url.Any(char.IsWhiteSpace) || url.Contains('"', StringComparison.Ordinal)) return "The URL must not contain spaces or quotes.";
        return null;
    }

    /// <summary>The URL with its stream key (last path segment) and any query replaced by asterisks.</summary>
    public static string Mask(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return Hidden;
        var path = uri.AbsolutePath;
        int slash = path.LastIndexOf('/');
        var kept = slash > 0 ? path[..slash] : "";
        return $"{uri.Scheme}://{uri.Authority}{kept}/{Hidden}";
    }
}
