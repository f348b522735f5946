using System.Net;
using System.Text;
using Gateway.Api.Problems;
using Gateway.Api.Tests.Infrastructure;

namespace Gateway.Api.Tests.Problems;

public sealed class ProblemDetailsTests : IDisposable
{
    private readonly GatewayFactory _factory = new();
    private readonly HttpClient _client;

    public ProblemDetailsTests() => _client = _factory.CreateClient();

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    [Theory]
    [InlineData("/no/such/route")]
    [InlineData("/v1/captures-that-do-not-exist")]
    public async Task Unknown_route_is_404_problem_details(string path)
    {
        var body = await ProblemAssert.IsProblemAsync(await _client.GetAsync(path), HttpStatusCode.NotFound, ProblemTypes.NotFound);
        Assert.Equal("Not found", body.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Wrong_method_is_405_problem_details_with_allow()
    {
        using var response = await _client.PostAsync("/healthz", null);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.MethodNotAllowed, ProblemTypes.MethodNotAllowed);
        Assert.Contains("GET", response.Content.Headers.Allow);
    }

    [Fact]
    public async Task Wrong_content_type_is_415_problem_details()
    {
        using var content = new StringContent("name=x", Encoding.UTF8, "text/plain");
        await ProblemAssert.IsProblemAsync(await _client.PostAsync("/v1/test/echo", content),
            HttpStatusCode.UnsupportedMediaType, ProblemTypes.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("{\"name\": \"x\", ")]          // truncated
    [InlineData("{\"name\": \"x\", \"count\": \"many\"}")]  // wrong type
    [InlineData("not json at all")]
    public async Task Malformed_json_is_400_problem_details(string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        await ProblemAssert.IsProblemAsync(await _client.PostAsync("/v1/test/echo", content),
            HttpStatusCode.BadRequest, ProblemTypes.BadRequest);
    }

    [Fact]
    public async Task Well_formed_json_reaches_the_endpoint()
    {
        using var content = new StringContent("{\"name\":\"standup\",\"count\":3}", Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync("/v1/test/echo", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"name\":\"standup\",\"count\":3}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Body_too_large_is_413_problem_details()
    {
        using var content = new StringContent("{}", Encoding.UTF8, "application/json");
        await ProblemAssert.IsProblemAsync(await _client.PostAsync("/v1/test/too-large", content),
            HttpStatusCode.RequestEntityTooLarge, ProblemTypes.PayloadTooLarge);
    }

    [Fact]
    public async Task Validation_problem_has_errors_keyed_by_field()
    {
        var body = await ProblemAssert.IsProblemAsync(await _client.GetAsync("/v1/test/invalid"),
            HttpStatusCode.BadRequest, ProblemTypes.Validation);
        var errors = body.GetProperty("errors");
        Assert.Equal("name is required", errors.GetProperty("name")[0].GetString());
        Assert.Equal("unknown output type 'gif'", errors.GetProperty("outputs[0].type")[0].GetString());
    }

    [Fact]
    public async Task Unhandled_exception_is_500_problem_details_without_the_exception_in_production()
    {
        using var response = await _client.GetAsync("/v1/test/throw");
        var text = await response.Content.ReadAsStringAsync();
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.InternalServerError, ProblemTypes.Internal);
        Assert.DoesNotContain("secret-detail-4711", text, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", text, StringComparison.Ordinal);
        Assert.DoesNotContain("/etc/gateway", text, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", text, StringComparison.Ordinal); // no stack frames
    }

    [Theory]
    [InlineData(400, ProblemTypes.BadRequest)]
    [InlineData(409, ProblemTypes.Conflict)]
    [InlineData(502, ProblemTypes.Internal)]
    [InlineData(418, "urn:gateway:problem:http-418")]
    public void Every_status_has_a_stable_type(int status, string type) => Assert.Equal(type, ProblemTypes.Describe(status).Type);
}
