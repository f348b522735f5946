using System.Text.Json;

namespace Gateway.Interop.Tests.Support;

/// <summary>
/// What tests/peers/whip-publish.js did. Exit codes: 0 published and DELETEd, 2 never connected, 3 the POST was not
/// answered 201 (or the answer was unusable), 64 bad arguments, 143 stopped by SIGTERM (cancellation), 1 other.
/// </summary>
public sealed record WrtcPublishResult(int ExitCode, JsonElement? Stats, string Stdout, string Stderr)
{
    public const int Published = 0;
    public const int NotConnected = 2;
    public const int Rejected = 3;
    public const int Terminated = 143;

    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    public WrtcStreamStats? Video => Stream("video");

    public WrtcStreamStats? Audio => Stream("audio");

    /// <summary>The session URL (the 201's Location resolved against the WHIP endpoint).</summary>
    public string? Location => Stats is { } s && s.TryGetProperty("location", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString() : null;

    /// <summary>The HTTP status of the DELETE sent at the end (null if none was sent or it failed).</summary>
    public int? DeleteStatus =>
        Stats is { } s && s.TryGetProperty("delete", out var d) && d.TryGetProperty("status", out var st) && st.ValueKind == JsonValueKind.Number
            ? st.GetInt32()
            : null;

    public IReadOnlyList<WrtcConnectionState> Timeline =>
        Stats is { } s && s.TryGetProperty("timeline", out var t) && t.ValueKind == JsonValueKind.Array
            ? t.Deserialize<List<WrtcConnectionState>>(Json) ?? []
            : [];

    private WrtcStreamStats? Stream(string kind) =>
        Stats is { } s && s.TryGetProperty(kind, out var k) && k.ValueKind == JsonValueKind.Object ? k.Deserialize<WrtcStreamStats>(Json) : null;

    public override string ToString() => $"exit {ExitCode}; stdout: {Stdout.Trim()}; stderr: {Stderr.Trim()}";
}
