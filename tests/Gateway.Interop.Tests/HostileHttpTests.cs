using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gateway.Interop.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Gateway.Interop.Tests;

/// <summary>
/// Every endpoint the app maps (read from its EndpointDataSource, so a new endpoint is covered without touching this
/// test) gets hostile bodies under hostile content types, with real and made-up route values, on real Kestrel: the
/// answer is always 4xx (or a 2xx/3xx where the body does not matter), never 5xx, and the gateway stays healthy.
/// </summary>
public sealed class HostileHttpTests(ITestOutputHelper output)
{
    /// <summary>Served by middleware branches, not endpoints, so the data source does not list them.</summary>
    private static readonly string[] BranchPaths = ["/hangfire", "/hangfire/stats", "/hangfire/recurring/trigger", "/hangfire/jobs/enqueued/delete"];

    [Fact]
    public async Task Hostile_bodies_to_every_endpoint_get_4xx_never_5xx()
    {
        using var dir = new TempDirectory();
        await using var gateway = new GatewayFactory(Path.Combine(dir.Path, "data"));
        var baseUrl = gateway.StartOnLoopback();
        using var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };

        // Real resources, so requests reach the code behind the "not found" checks.
        var rtp = await gateway.CreateCaptureAsync(http, new
        {
            source = new { type = "rtp", sdp = SyncPattern.Sdp(("audio", 0, 0, "PCMU/8000", null)) },
            outputs = new[] { new { type = "audio" } },
        });
        var whip = await gateway.CreateCaptureAsync(http, new { source = new { type = "whip" }, outputs = new[] { new { type = "mp4" } } });
        var whipToken = whip["source"]!["bearerToken"]!.GetValue<string>();
        var schedule = await http.PostAsJsonAsync("/v1/schedules", new
        {
            at = DateTimeOffset.UtcNow.AddDays(30),
            durationSeconds = 60,
            capture = new { source = new { type = "whip" }, outputs = new[] { new { type = "mp4" } } },
        });
        Assert.Equal(HttpStatusCode.Created, schedule.StatusCode);
        var scheduleId = JsonNode.Parse(await schedule.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        string[] ids = [rtp["id"]!.GetValue<string>(), whip["id"]!.GetValue<string>(), scheduleId, "c_nope", new string('z', 3000), "%00", "..%2F..%2Fetc%2Fpasswd", "%FF%FE", "%C3%BC"];

        var targets = EnumerateTargets(gateway.Services.GetRequiredService<EndpointDataSource>(), ids).ToList();
        foreach (var path in BranchPaths) targets.Add((path, ["GET", "POST"]));
        Assert.Contains(targets, t => t.Path == "/v1/captures" && t.Methods.Contains("POST"));   // the enumeration found the API
        Assert.Contains(targets, t => t.Path.StartsWith("/whip/", StringComparison.Ordinal) && t.Methods.Contains("POST"));

        var random = new Random(10);
        var bodies = HostileBodies.All(random).ToList();
        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        var requests = 0;
        foreach (var (path, methods) in targets)
        {
            foreach (var method in methods.Append("PUT").Distinct())
            {
                foreach (var body in bodies)
                {
                    using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new ByteArrayContent(body.Bytes) };
                    // Kestrel closes a connection whose oversized body it did not read; a fresh one for the next request.
                    if (body.Bytes.Length > 1024 * 1024) request.Headers.ConnectionClose = true;
                    if (body.ContentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", body.ContentType);
                    // Every other request carries the WHIP token, so WHIP endpoints parse the body instead of answering 401.
                    if (requests % 2 == 0) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", whipToken);
                    requests++;
                    int status;
                    try
                    {
                        using var response = await http.SendAsync(request);
                        status = (int)response.StatusCode;
                    }
                    catch (HttpRequestException ex) when (body.Bytes.Length > 1024 * 1024)
                    {
                        // Kestrel may answer 413 and close before a 2 MiB upload is fully sent; the client sees a reset.
                        output.WriteLine($"{method} {Short(path)} {body.Label}: connection closed while sending ({ex.Message})");
                        continue;
                    }
                    catch (HttpRequestException ex)
                    {
                        failures.Add($"{method} {Short(path)} {body.Label}: no response ({ex.InnerException?.Message ?? ex.Message})");
                        continue;
                    }
                    statuses[status] = statuses.GetValueOrDefault(status) + 1;
                    if (status >= 500) failures.Add($"{method} {Short(path)} {body.Label}: {status}");
                }
            }
        }
        output.WriteLine($"{requests} requests to {targets.Count} routes; statuses: {string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}"))}");
        foreach (var target in targets) output.WriteLine($"  {string.Join(",", target.Methods)} {Short(target.Path)}");
        Assert.True(failures.Count == 0, $"{failures.Count} 5xx answers:\n{string.Join("\n", failures.Take(50))}");

        // Still healthy, nothing created by garbage, the real captures still there.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        var captures = JsonNode.Parse(await http.GetStringAsync("/v1/captures"))!.AsArray();
        Assert.Equal(2, captures.Count);
        // DELETE /v1/schedules/{the real id} legitimately removed it (204); garbage must not have created any.
        Assert.True(JsonNode.Parse(await http.GetStringAsync("/v1/schedules"))!.AsArray().Count <= 1);
    }

    /// <summary>Each route with each method it maps, its parameters filled with every value in turn (first the real ids).</summary>
    private static IEnumerable<(string Path, string[] Methods)> EnumerateTargets(EndpointDataSource source, string[] ids)
    {
        string[] sessions = ["nope", new string('s', 1000)];
        string[] indexes = ["0", "1", "-1", "99999999999"];
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.ToArray() is { Length: > 0 } declared ? declared : ["GET", "POST"];
            var pattern = endpoint.RoutePattern;
            var variants = pattern.Parameters.Count == 0 ? 1 : ids.Length;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var v = 0; v < variants; v++)
            {
                var path = string.Concat(pattern.PathSegments.Select(segment => "/" + string.Concat(segment.Parts.Select(part => part switch
                {
                    RoutePatternLiteralPart literal => literal.Content,
                    RoutePatternSeparatorPart separator => separator.Content,
                    RoutePatternParameterPart { Name: "session" } => sessions[v % sessions.Length],
                    RoutePatternParameterPart { Name: "index" } => indexes[v % indexes.Length],
                    RoutePatternParameterPart { IsCatchAll: true } => "a/b/c",
                    RoutePatternParameterPart => ids[v],
                    _ => "",
                }))));
                if (path.Length == 0) path = "/";
                if (seen.Add(path)) yield return (path, methods);
            }
        }
    }

    private static string Short(string path) => path.Length <= 80 ? path : path[..80] + "…";
}
