using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gateway.Api.Tests.Infrastructure;

namespace Gateway.Api.Tests.Docs;

public sealed partial class DocsEndpointTests : IDisposable
{
    private readonly GatewayFactory _factory = new();
    private readonly HttpClient _client;

    public DocsEndpointTests() => _client = _factory.CreateClient();

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    [Fact]
    public async Task OpenApi_document_is_openapi_3_and_lists_the_health_endpoints()
    {
        using var response = await _client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.Equal("Gateway API", document.GetProperty("info").GetProperty("title").GetString());
        var paths = document.GetProperty("paths");
        Assert.True(paths.GetProperty("/healthz").TryGetProperty("get", out _));
        var readyResponses = paths.GetProperty("/readyz").GetProperty("get").GetProperty("responses");
        Assert.True(readyResponses.TryGetProperty("200", out _));
        Assert.True(readyResponses.TryGetProperty("503", out var notReady));
        Assert.True(notReady.GetProperty("content").TryGetProperty("application/problem+json", out _));
    }

    [Fact]
    public async Task Docs_page_loads_everything_from_this_server()
    {
        using var response = await _client.GetAsync("/docs"); // redirects to /docs/
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<script src=\"scalar.js\">", html, StringComparison.Ordinal);
        Assert.Contains("openapi/v1.json", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(ProtocolRelativeUrl(), html);
        Assert.Contains("\"telemetry\":false", html, StringComparison.Ordinal);
        Assert.Contains("\"withDefaultFonts\":false", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/docs/scalar.js", 1_000_000)]
    [InlineData("/docs/scalar.aspnetcore.js", 1_000)]
    public async Task Docs_scripts_are_served_by_the_gateway_itself(string path, int minimumBytes)
    {
        using var response = await _client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length >= minimumBytes);
    }

    [GeneratedRegex("""(src|href)\s*=\s*["']?//""", RegexOptions.IgnoreCase)]
    private static partial Regex ProtocolRelativeUrl();
}
