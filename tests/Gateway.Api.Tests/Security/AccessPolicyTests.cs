using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Gateway.Api.Problems;
using Gateway.Api.Security;
using Gateway.Api.Tests.Infrastructure;

namespace Gateway.Api.Tests.Security;

public sealed class AccessPolicyTests
{
    private const string Key = "k3y-0123456789abcdef-long-enough";
    private static readonly Dictionary<string, string?> WithKey = new() { ["Gateway:ApiKeys:0"] = Key };

    private static StringContent Echo() => new("{\"name\":\"a\",\"count\":1}", Encoding.UTF8, "application/json");

    [Fact]
    public async Task With_a_key_a_request_without_authorization_is_401()
    {
        using var factory = new GatewayFactory(WithKey);
        using var client = factory.CreateClient();
        using var response = await client.PostAsync("/v1/test/echo", Echo());
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [InlineData("Bearer wrong-key-0123456789abcdef")]
    [InlineData("Bearer k3y-0123456789abcdef-long-enoug")]    // a prefix of the key
    [InlineData("Bearer k3y-0123456789abcdef-long-enough2")]  // the key plus one character
    [InlineData("Basic azN5LTAxMjM0NTY3ODlhYmNkZWYtbG9uZy1lbm91Z2g=")]
    [InlineData("Bearer ")]
    public async Task With_a_key_a_wrong_authorization_is_401(string authorization)
    {
        using var factory = new GatewayFactory(WithKey);
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/test/echo") { Content = Echo() };
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        await ProblemAssert.IsProblemAsync(await client.SendAsync(request), HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized);
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData("bearer")]  // the auth scheme is case-insensitive (RFC 9110 §11.1)
    public async Task With_a_key_the_right_bearer_reaches_the_endpoint_even_from_a_remote_address(string scheme)
    {
        using var factory = new GatewayFactory(WithKey, IPAddress.Parse("203.0.113.7"));
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(scheme, Key);
        using var response = await client.PostAsync("/v1/test/echo", Echo());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"name\":\"a\",\"count\":1}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Any_of_several_keys_is_accepted()
    {
        using var factory = new GatewayFactory(new Dictionary<string, string?>
        {
            ["Gateway:ApiKeys:0"] = "first-key-0123456789", ["Gateway:ApiKeys:1"] = "second-key-0123456789",
        });
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "second-key-0123456789");
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/v1/test/echo", Echo())).StatusCode);
    }

    [Fact]
    public async Task With_a_key_endpoints_outside_v1_stay_open()
    {
        using var factory = new GatewayFactory(WithKey, IPAddress.Parse("203.0.113.7"));
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/openapi/v1.json")).StatusCode);
    }

    [Theory]
    [InlineData("/v1/test/echo")]
    [InlineData("/hangfire")]
    [InlineData("/V1/test/echo")] // path matching is case-insensitive, so is the guard
    public async Task Without_keys_a_remote_client_is_403(string path)
    {
        using var factory = new GatewayFactory(remoteAddress: IPAddress.Parse("203.0.113.7"));
        using var client = factory.CreateClient();
        using var response = await client.PostAsync(path, Echo());
        var body = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        Assert.Contains("Gateway:ApiKeys", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public async Task Without_keys_a_loopback_client_is_served(string address)
    {
        using var factory = new GatewayFactory(remoteAddress: IPAddress.Parse(address));
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/v1/test/echo", Echo())).StatusCode);
    }

    [Theory]
    [InlineData("10.0.0.1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    public void IsLocal_accepts_only_loopback(string address, bool expected) =>
        Assert.Equal(expected, AccessPolicyMiddleware.IsLocal(IPAddress.Parse(address)));

    [Fact]
    public async Task Without_keys_a_warning_is_logged_at_start()
    {
        using var factory = new GatewayFactory();
        using var client = factory.CreateClient();
        var warning = Assert.Single(factory.Logs.Entries, e => e.EventId == 4003);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, warning.Level);
        Assert.Contains("loopback", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_key_no_warning_is_logged_and_the_key_is_never_logged()
    {
        using var factory = new GatewayFactory(WithKey);
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        (await client.PostAsync("/v1/test/echo?token=query-secret-99", Echo())).Dispose();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "wrong-but-secret-key-42");
        (await client.PostAsync("/v1/test/echo", Echo())).Dispose();

        var entries = factory.Logs.Entries;
        Assert.DoesNotContain(entries, e => e.EventId == 4003);
        Assert.Contains(entries, e => e.EventId == 4004);
        var completed = entries.Where(e => e.EventId == 4001).ToList();
        Assert.Contains(completed, e => Equals(e.Values["Path"], "/v1/test/echo") && Equals(e.Values["StatusCode"], 200));
        Assert.Contains(completed, e => Equals(e.Values["Path"], "/v1/test/echo") && Equals(e.Values["StatusCode"], 401));
        foreach (var entry in entries)
        {
            Assert.DoesNotContain(Key, entry.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("wrong-but-secret-key-42", entry.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("query-secret-99", entry.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Verifier_matches_only_exact_keys()
    {
        var verifier = new ApiKeyVerifier(["alpha-0123456789abc", "beta-0123456789abcd"]);
        Assert.True(verifier.IsValid("alpha-0123456789abc"));
        Assert.True(verifier.IsValid("beta-0123456789abcd"));
        Assert.False(verifier.IsValid("alpha-0123456789ab"));
        Assert.False(verifier.IsValid("ALPHA-0123456789ABC"));
        Assert.False(verifier.IsValid(""));
    }
}
