using System.Net;
using System.Net.Http.Json;
using Gateway.Api.Tests.Infrastructure;

namespace Gateway.Api.Tests.Captures;

/// <summary><c>outputs[].audioCodec</c>: mp4 takes aac (default) or opus; anything else is a 400 naming the field.</summary>
public sealed class Mp4AudioCodecTests : IDisposable
{
    private readonly GatewayFactory _factory = new();
    private readonly HttpClient _http;

    public Mp4AudioCodecTests() => _http = _factory.CreateClient();

    public void Dispose()
    {
        _http.Dispose();
        _factory.Dispose();
    }

    [Theory]
    [InlineData("mp4", "mp3", "Must be aac or opus.")]
    [InlineData("mp4", "OPUS", "Must be aac or opus.")]
    [InlineData("webm", "opus", "Only an mp4 output takes an audioCodec.")]
    public async Task A_bad_audio_codec_is_400_naming_the_output(string type, string codec, string message)
    {
        using var response = await _http.PostAsJsonAsync("/v1/captures",
            new { source = new { type = "whip" }, outputs = new object[] { new { type = "audio" }, new { type, audioCodec = codec } } });
        var body = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, Gateway.Api.Endpoints.CaptureProblems.InvalidCapture);
        Assert.Equal(message, body.GetProperty("errors").GetProperty("outputs[1].audioCodec")[0].GetString());
    }

    [Theory]
    [InlineData("opus")]
    [InlineData("aac")]
    public async Task Mp4_with_opus_or_aac_is_created(string codec)
    {
        using var response = await _http.PostAsJsonAsync("/v1/captures",
            new { source = new { type = "whip" }, outputs = new[] { new { type = "mp4", audioCodec = codec } } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
