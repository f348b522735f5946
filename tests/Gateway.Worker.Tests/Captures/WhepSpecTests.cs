using Gateway.Worker.Captures;

namespace Gateway.Worker.Tests.Captures;

public sealed class WhepSpecTests
{
    private static Dictionary<string, string[]> Validate(string? url, string? token = null) => CaptureSpecValidator.Validate(new CaptureSpec
    {
        Source = new SourceSpec { Type = "whep", Url = url, BearerToken = token },
        Outputs = [new OutputSpec { Type = "mp4" }],
    });

    [Theory]
    [InlineData("http://127.0.0.1:8080/whep/c_1")]
    [InlineData("https://sfu.example/whep/room?x=1")]
    public void An_absolute_http_url_is_enough(string url) => Assert.Empty(Validate(url, "token"));

    [Theory]
    [InlineData(null)]
    [InlineData("/whep/c_1")]
    [InlineData("ws://127.0.0.1/whep")]
    [InlineData("not a url")]
    public void Anything_else_names_source_url(string? url) => Assert.Contains("source.url", Validate(url).Keys);

    [Fact]
    public void A_token_with_a_line_break_is_refused() => Assert.Contains("source.bearerToken", Validate("http://127.0.0.1/whep", "a\r\nX-Injected: 1").Keys);
}
