using System.Net;
using System.Net.Http.Json;
using Gateway.Api.Tests.Infrastructure;

namespace Gateway.Api.Tests.Captures;

/// <summary><c>{ "type": "rtmp", "url": ... }</c>: rtmp/rtmps URLs with an app and a key; the key never shows.</summary>
public sealed class RtmpOutputTests : IDisposable
{
    private readonly GatewayFactory _factory = new();
    private readonly HttpClient _http;

    public RtmpOutputTests() => _http = _factory.CreateClient();

    public void Dispose()
    {
        _http.Dispose();
        _factory.Dispose();
    }

    [Theory]
    [InlineData("http://live.example/app/key", "Must be an absolute rtmp:// or rtmps:// URL.")]
    [InlineData("rtmp://live.example/key", "The URL needs an application and a stream key: rtmp://host/app/key.")]
    [InlineData(null, "An rtmp output needs a url.")]
    public async Task A_bad_rtmp_url_is_400_naming_the_output(string? url, string message)
    {
        using var response = await _http.PostAsJsonAsync("/v1/captures",
            new { source = new { type = "whip" }, outputs = new object[] { new { type = "mp4" }, new { type = "rtmp", url } } });
        var body = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, Gateway.Api.Endpoints.CaptureProblems.InvalidCapture);
        Assert.Equal(message, body.GetProperty("errors").GetProperty("outputs[1].url")[0].GetString());
    }

    [Fact]
    public async Task An_rtmp_output_is_created_and_its_stream_key_is_not_echoed()
    {
        using var response = await _http.PostAsJsonAsync("/v1/captures",
            new { source = new { type = "whip" }, outputs = new object[] { new { type = "rtmp", url = "rtmps://live.example/app/s3cr3t-4711" } } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadAsStringAsync();
        var id = System.Text.Json.JsonDocument.Parse(created).RootElement.GetProperty("id").GetString();
        var shown = await _http.GetStringAsync($"/v1/captures/{id}");
        Assert.DoesNotContain("s3cr3t-4711", created, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-4711", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-4711", await _http.GetStringAsync("/v1/captures"), StringComparison.Ordinal);
    }
}
