using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Gateway.Api.Problems;
using Gateway.Api.Security;
using Gateway.Api.Tests.Infrastructure;

namespace Gateway.Api.Tests.Schedules;

/// <summary>/hangfire is guarded by the access policy of /v1, plus Basic auth so a browser can log in.</summary>
public sealed class DashboardAccessTests
{
    private const string Key = "k3y-0123456789abcdef-long-enough";
    private static readonly Dictionary<string, string?> WithKey = new() { ["Gateway:ApiKeys:0"] = Key };

    private static string Basic(string user, string password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    [Fact]
    public async Task With_a_key_the_dashboard_without_credentials_is_401_with_a_basic_challenge()
    {
        using var factory = new GatewayFactory(WithKey, IPAddress.Parse("203.0.113.7"));
        using var client = factory.CreateClient();
        using var response = await client.GetAsync("/hangfire");
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized);
        var challenges = response.Headers.WwwAuthenticate.ToList();
        Assert.Contains(challenges, c => c.Scheme == "Basic" && c.Parameter!.Contains("realm=\"gateway\"", StringComparison.Ordinal));
        Assert.Contains(challenges, c => c.Scheme == "Bearer");
    }

    [Theory]
    [InlineData("bearer")]
    [InlineData("basic")]
    public async Task With_a_key_the_dashboard_is_served_to_bearer_and_basic_from_anywhere(string scheme)
    {
        using var factory = new GatewayFactory(WithKey, IPAddress.Parse("203.0.113.7"));
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", scheme == "bearer" ? "Bearer " + Key : Basic("anyone", Key));
        using var response = await client.GetAsync("/hangfire");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Gateway jobs", html, StringComparison.Ordinal);   // our title: Hangfire's own page, not a stub
        using var stats = await client.GetAsync("/hangfire/jobs/scheduled");
        Assert.Equal(HttpStatusCode.OK, stats.StatusCode);
    }

    [Theory]
    [InlineData("anyone", "wrong-password-0123456789")]
    [InlineData("k3y-0123456789abcdef-long-enough", "")]    // the key as user name is not the key as password
    public async Task With_a_key_a_wrong_basic_password_is_401(string user, string password)
    {
        using var factory = new GatewayFactory(WithKey);
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", Basic(user, password));
        using var response = await client.GetAsync("/hangfire");
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized);
    }

    [Fact]
    public async Task Basic_is_accepted_only_for_the_dashboard()
    {
        using var factory = new GatewayFactory(WithKey);
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", Basic("anyone", Key));
        using var response = await client.GetAsync("/v1/schedules");
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Dashboard_posts_need_hangfires_antiforgery_token()
    {
        // Browsers resend Basic credentials on cross-site requests: a forged POST must not requeue or delete jobs.
        using var factory = new GatewayFactory(WithKey);
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", Basic("anyone", Key));
        using var response = await client.PostAsync("/hangfire/recurring/trigger",
            new FormUrlEncodedContent([new("jobs[]", "anything")]));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Without_keys_a_loopback_client_gets_the_dashboard()
    {
        using var factory = new GatewayFactory(remoteAddress: IPAddress.Loopback);
        using var client = factory.CreateClient();
        using var response = await client.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Gateway jobs", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Basic YW55b25lOmszeS0wMTIzNDU2Nzg5YWJjZGVmLWxvbmctZW5vdWdo", true, "k3y-0123456789abcdef-long-enough")] // anyone:key
    [InlineData("basic YTpiOmM=", true, "b:c")]          // a:b:c — the password may contain colons (RFC 7617 §2)
    [InlineData("Basic OmtleQ==", true, "key")]          // empty user name
    [InlineData("Basic dXNlcjo=", false, "")]            // user: with an empty password
    [InlineData("Basic bm9jb2xvbg==", false, "")]        // no colon
    [InlineData("Basic !!!", false, "")]                 // not base64
    [InlineData("Bearer abc", false, "")]
    [InlineData(null, false, "")]
    public void Basic_password_parsing(string? header, bool ok, string password)
    {
        Assert.Equal(ok, ApiKeyVerifier.TryGetBasicPassword(header, out var parsed));
        Assert.Equal(password, parsed);
    }
}
