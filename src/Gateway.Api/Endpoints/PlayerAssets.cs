using System.Collections.Concurrent;
using System.Reflection;

namespace Gateway.Api.Endpoints;

/// <summary>
/// The player's files, embedded in the assembly by Gateway.Api.csproj (hls.js only when npm vendored it). Read once,
/// kept in memory. A build without hls.js makes <see cref="HlsJs"/> null and the player answer 503.
/// </summary>
public class PlayerAssets
{
    private readonly ConcurrentDictionary<string, byte[]?> _cache = new(StringComparer.Ordinal);

    public byte[]? HlsJs => Read("Gateway.Api.Player.hls.min.js");

    public byte[]? PlayerJs => Read("Gateway.Api.Player.player.js");

    public byte[]? PageHtml => Read("Gateway.Api.Player.player.html");

    /// <summary>The bytes of an embedded resource, null when the build did not embed it.</summary>
    protected virtual byte[]? Read(string name) => _cache.GetOrAdd(name, static n =>
    {
        using var stream = typeof(PlayerAssets).Assembly.GetManifestResourceStream(n);
        if (stream is null) return null;
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    });
}
