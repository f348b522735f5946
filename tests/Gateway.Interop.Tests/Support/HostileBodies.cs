using System.Text;

namespace Gateway.Interop.Tests.Support;

/// <summary>A request body an attacker or a broken client might send, and the Content-Type it claims.</summary>
public sealed record HostileBody(string Label, byte[] Bytes, string? ContentType);

/// <summary>
/// Bodies no endpoint should answer with a 5xx: random bytes under every plausible (and some implausible) content
/// type, malformed and wrongly shaped JSON, deep nesting, invalid UTF-8 and a body far over the 1 MiB limit.
/// </summary>
public static class HostileBodies
{
    private static readonly string?[] ContentTypes =
    [
        "application/json", "application/sdp", "text/plain", "application/octet-stream", null, "multipart/form-data; boundary=zz",
        "application/x-www-form-urlencoded", "application/json; charset=utf-32", "application/problem+json", "garbage/;;;=", "*/*",
    ];

    private static readonly string[] MalformedJson =
    [
        "", "{", "}", "{\"name\":", "[1,2", "{\"source\":{\"type\":\"rtp\",\"sdp\":", "nul", "{'single':'quotes'}", "{\"a\":1,}",
        "{\"maxDurationSeconds\":1e999}", "{\"maxDurationSeconds\":-0x10}", "\u0000\u0001", "{\"name\":\"\\uD800\"}",
    ];

    private static readonly string[] WrongShapes =
    [
        "null", "[]", "42", "\"text\"", "true", "{}", "[{}]", "{\"source\":null,\"outputs\":null}", "{\"source\":[],\"outputs\":{}}",
        "{\"source\":{\"type\":42},\"outputs\":[42]}", "{\"source\":{\"type\":\"rtp\",\"sdp\":123},\"outputs\":[{\"type\":\"mp4\"}]}",
        "{\"source\":{\"type\":\"rtp\",\"sdp\":\"v=0\"},\"outputs\":[{\"type\":\"mp4\"}],\"maxDurationSeconds\":9223372036854775808}",
        "{\"source\":{\"type\":\"whip\"},\"outputs\":[{\"type\":\"mp4\",\"url\":{}}],\"storage\":{\"type\":\"azure\",\"container\":[]}}",
        "{\"cron\":\"* * * * * * * *\",\"durationSeconds\":-1,\"capture\":{}}", "{\"at\":\"not a date\",\"timeZone\":\"Mars/Olympus\",\"capture\":null}",
        "{\"cron\":\"0 9 * * *\",\"durationSeconds\":60,\"capture\":{\"source\":{\"type\":\"rtp\"},\"outputs\":[]}}",
        "{\"name\":\"" + new string('n', 200_000) + "\"}",
    ];

    public static IEnumerable<HostileBody> All(Random random)
    {
        foreach (var type in ContentTypes)
        {
            foreach (var size in new[] { 1, 200, 8000 })
                yield return new($"{size} random bytes as {type ?? "(none)"}", RandomBytes(random, size), type);
        }
        foreach (var json in MalformedJson) yield return new($"malformed JSON {Shorten(json)}", Encoding.UTF8.GetBytes(json), "application/json");
        foreach (var json in WrongShapes) yield return new($"wrongly shaped JSON {Shorten(json)}", Encoding.UTF8.GetBytes(json), "application/json");
        foreach (var json in WrongShapes.Take(4)) yield return new($"JSON as SDP {Shorten(json)}", Encoding.UTF8.GetBytes(json), "application/sdp");
        yield return new("deep array nesting", Encoding.ASCII.GetBytes(new string('[', 100_000)), "application/json");
        yield return new("deep object nesting", Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 20_000))), "application/json");
        yield return new("invalid UTF-8 in a string", [.. "{\"name\":\""u8, 0xFF, 0xFE, 0xC0, .. "\"}"u8], "application/json");
        yield return new("SDP with every line broken", Encoding.UTF8.GetBytes("v=9\r\no=\r\nm=video x y z\r\na=rtpmap:\r\na=fingerprint:sha-256 ZZ\r\n"), "application/sdp");
        yield return new("2 MiB of JSON", Encoding.UTF8.GetBytes("{\"name\":\"" + new string('x', 2 * 1024 * 1024) + "\"}"), "application/json");
        yield return new("2 MiB of SDP", Encoding.UTF8.GetBytes("v=0\r\n" + string.Concat(Enumerable.Repeat("a=x:" + new string('y', 1000) + "\r\n", 2100))), "application/sdp");
    }

    private static byte[] RandomBytes(Random random, int size)
    {
        var bytes = new byte[size];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
