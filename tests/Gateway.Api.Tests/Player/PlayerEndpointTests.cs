using System.Net;
using Gateway.Api.Endpoints;
using Gateway.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Api.Tests.Player;

public sealed class PlayerEndpointTests
{
    [Fact]
    public async Task Page_and_scripts_come_from_the_gateway_with_a_strict_content_security_policy()
    {
        using var factory = new GatewayFactory();
        using var client = factory.CreateClient();
        using var page = await client.GetAsync("/player/c_01ABC");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("default-src 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("<script src=\"assets/hls.min.js\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http", html, StringComparison.OrdinalIgnoreCase);      // nothing from elsewhere

        using var hlsJs = await client.GetAsync("/player/assets/hls.min.js");
        Assert.Equal(HttpStatusCode.OK, hlsJs.StatusCode);
        Assert.Equal("text/javascript", hlsJs.Content.Headers.ContentType?.MediaType);
        Assert.True((await hlsJs.Content.ReadAsByteArrayAsync()).Length > 100_000);
        var playerJs = await client.GetStringAsync("/player/assets/player.js");
        Assert.Contains("xhrSetup", playerJs, StringComparison.Ordinal);
        Assert.Contains("'Bearer '", playerJs, StringComparison.Ordinal);

        using var other = await client.GetAsync("/player/assets/..%2Fplayer.html");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    [Fact]
    public async Task Without_vendored_hlsjs_the_page_answers_503_problem_not_a_broken_page()
    {
        using var factory = new GatewayFactory(configureServices: s => s.AddSingleton<PlayerAssets>(new WithoutHlsJs()));
        using var client = factory.CreateClient();
        foreach (var path in new[] { "/player/c_01ABC", "/player/assets/hls.min.js" })
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("npm", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    private sealed class WithoutHlsJs : PlayerAssets
    {
        protected override byte[]? Read(string name) => name.EndsWith("hls.min.js", StringComparison.Ordinal) ? null : base.Read(name);
    }
}
