using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gateway.Api.Tests.Infrastructure;
using Gateway.Worker.Webhooks;

namespace Gateway.Api.Tests.Webhooks;

/// <summary>Capture state changes reach a real HTTP receiver, signed, in order, retried when the receiver fails.</summary>
public sealed class WebhookTests
{
    private const string Secret = "webhook-test-secret-0123456789";

    private static GatewayFactory Factory(string? globalUrl = null, string? secret = Secret) => new(new Dictionary<string, string?>
    {
        ["Gateway:Webhooks:Secret"] = secret,
        ["Gateway:Webhooks:Url"] = globalUrl,
        ["Gateway:Webhooks:FirstRetryDelay"] = "00:00:00.050",
        ["Gateway:Webhooks:MaxAttempts"] = "4",
    });

    [Fact]
    public void Signature_is_hmac_sha256_over_timestamp_dot_body()
    {
        // Independent vector: python3 hmac.new(b"0123456789abcdef", b'1700000000.{"a":1}', hashlib.sha256).hexdigest()
        var body = """{"a":1}"""u8;
        Assert.Equal("v1=9eb18f493f8ec135d9eb2dad817c369bb4e9cbfa818657897a7437c1cd8c3a23",
            WebhookSignature.Compute("0123456789abcdef", 1700000000, body));
        Assert.True(WebhookSignature.Verify("0123456789abcdef", 1700000000, body, "v1=9eb18f493f8ec135d9eb2dad817c369bb4e9cbfa818657897a7437c1cd8c3a23"));
        Assert.False(WebhookSignature.Verify("0123456789abcdef", 1700000001, body, "v1=9eb18f493f8ec135d9eb2dad817c369bb4e9cbfa818657897a7437c1cd8c3a23"));
        Assert.False(WebhookSignature.Verify("0123456789abcdef", 1700000000, body, null));
    }

    [Fact]
    public async Task Every_state_change_of_a_capture_is_delivered_signed_and_in_order_even_when_the_receiver_fails_at_first()
    {
        // The first two requests get 503: the dispatcher must retry the same delivery, not skip to the next change.
        await using var receiver = new WebhookReceiver(n => n <= 2 ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.NoContent);
        using var factory = Factory();
        using var http = factory.CreateClient();

        var created = await http.PostAsJsonAsync("/v1/captures",
            new { source = new { type = "whip" }, outputs = new[] { new { type = "mp4" } }, webhookUrl = receiver.Url });
        var capture = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = capture["id"]!.GetValue<string>();
        var token = capture["source"]!["bearerToken"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync($"/v1/captures/{id}/stop", null)).StatusCode);

        string finalState = "";
        for (var i = 0; i < 100 && finalState is not ("completed" or "failed"); i++)
        {
            await Task.Delay(100);
            finalState = JsonNode.Parse(await http.GetStringAsync($"/v1/captures/{id}"))!["state"]!.GetValue<string>();
        }
        var received = await receiver.WaitForAsync(r => r.Any(x => x.AnsweredWith == HttpStatusCode.NoContent && State(x) == finalState), TimeSpan.FromSeconds(20));

        var accepted = received.Where(r => r.AnsweredWith == HttpStatusCode.NoContent).ToList();
        Assert.Equal(["waiting", "stopping", finalState], accepted.Select(State));
        Assert.Equal([1L, 2L, 3L], accepted.Select(r => JsonNode.Parse(r.Body)!["sequence"]!.GetValue<long>()));
        Assert.Equal(["starting", "waiting", "stopping"], accepted.Select(r => JsonNode.Parse(r.Body)!["previousState"]!.GetValue<string>()));
        // The two refused attempts were the first change, sent again with the same delivery id and body.
        Assert.Equal(5, received.Count);
        Assert.All(received.Take(3), r => Assert.Equal(accepted[0].DeliveryId, r.DeliveryId));
        foreach (var request in received)
        {
            Assert.Equal("POST", request.Method);
            Assert.StartsWith("application/json", request.ContentType, StringComparison.Ordinal);
            var timestamp = long.Parse(request.Timestamp!, CultureInfo.InvariantCulture);
            Assert.True(WebhookSignature.Verify(Secret, timestamp, request.Body, request.Signature), "signature must verify with the shared secret");
            Assert.False(WebhookSignature.Verify("another-secret-0123456789", timestamp, request.Body, request.Signature));
            var body = JsonNode.Parse(request.Body)!;
            Assert.Equal("capture.stateChanged", body["type"]!.GetValue<string>());
            Assert.Equal(id, body["capture"]!["id"]!.GetValue<string>());
            Assert.DoesNotContain(token, System.Text.Encoding.UTF8.GetString(request.Body), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_global_url_receives_every_capture_and_a_refusing_receiver_is_given_up_without_retries()
    {
        // 400 means the receiver refuses this body: retrying would not help, so each change is tried once.
        await using var receiver = new WebhookReceiver(_ => HttpStatusCode.BadRequest);
        using var factory = Factory(globalUrl: receiver.Url);
        using var http = factory.CreateClient();
        var created = await http.PostAsJsonAsync("/v1/captures", new { source = new { type = "whip" }, outputs = new[] { new { type = "mp4" } } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var received = await receiver.WaitForAsync(r => r.Count >= 1, TimeSpan.FromSeconds(10));
        for (var i = 0; i < 100 && !factory.Logs.Entries.Any(l => l.EventId == 3603); i++) await Task.Delay(50);
        await Task.Delay(500);   // room for retries that must not happen (the first retry would come after 50 ms)
        Assert.Single(receiver.Requests);
        Assert.Equal("waiting", State(received[0]));
        Assert.Contains(factory.Logs.Entries, l => l.EventId == 3603 && l.Message.Contains("HTTP 400", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ftp://example.test/hook", Secret)]
    [InlineData("not a url", Secret)]
    [InlineData("http://user:pass@127.0.0.1/hook", Secret)]
    [InlineData("http://127.0.0.1:9/hook", null)]
    public async Task A_capture_with_an_unusable_webhook_is_refused_with_400_naming_the_field(string url, string? secret)
    {
        using var factory = Factory(secret: secret);
        using var http = factory.CreateClient();
        var response = await http.PostAsJsonAsync("/v1/captures",
            new { source = new { type = "whip" }, outputs = new[] { new { type = "mp4" } }, webhookUrl = url });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.NotNull(problem["errors"]!["webhookUrl"]);
        Assert.Empty(JsonNode.Parse(await http.GetStringAsync("/v1/captures"))!.AsArray());
    }

    [Theory]
    [InlineData("http://127.0.0.1:9/hook", "", "Gateway:Webhooks:Secret")]
    [InlineData("ftp://127.0.0.1/hook", Secret, "Gateway:Webhooks:Url")]
    [InlineData("http://127.0.0.1:9/hook", "short", "Gateway:Webhooks:Secret")]
    public void Bad_webhook_settings_stop_the_gateway_at_start_naming_the_setting(string url, string secret, string named)
    {
        var failure = GatewayFactory.StartupFailure(new Dictionary<string, string?> { ["Gateway:Webhooks:Url"] = url, ["Gateway:Webhooks:Secret"] = secret });
        Assert.NotNull(failure);
        Assert.Contains(named, failure, StringComparison.Ordinal);
    }

    private static string State(WebhookReceiver.Received request) => JsonNode.Parse(request.Body)!["capture"]!["state"]!.GetValue<string>();
}
