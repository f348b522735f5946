using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Gateway.Api.Problems;
using Gateway.Api.Tests.Infrastructure;

namespace Gateway.Api.Tests.Whip;

/// <summary>
/// The WHIP endpoint's HTTP contract (RFC 9725, API.md) with Chromium's real offers: tokens, content types, answers,
/// conflicts, CORS, DELETE. The media side (ICE, DTLS, SRTP with a real browser) is in the interop suite.
/// </summary>
public sealed class WhipEndpointTests : IDisposable
{
    private static readonly string ChromiumOffer = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", "sdp", "chromium-offer-default.sdp"));
    private static readonly string ChromiumH264Offer = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", "sdp", "chromium-offer-h264.sdp"));
    private readonly GatewayFactory _factory = new();
    private readonly HttpClient _http;

    public WhipEndpointTests() => _http = _factory.CreateClient();

    public void Dispose()
    {
        _http.Dispose();
        _factory.Dispose();
    }

    private async Task<(string Id, string Token, string WhipUrl)> CreateWhipCaptureAsync()
    {
        var response = await _http.PostAsJsonAsync("/v1/captures", new { source = new { type = "whip" }, outputs = new[] { new { type = "mp4" } } });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        var capture = JsonNode.Parse(body)!;
        return (capture["id"]!.GetValue<string>(), capture["source"]!["bearerToken"]!.GetValue<string>(), capture["source"]!["whipUrl"]!.GetValue<string>());
    }

    private Task<HttpResponseMessage> PostOfferAsync(string url, string? token, string offer, string contentType = "application/sdp")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(offer, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return _http.SendAsync(request);
    }

    [Fact]
    public async Task Creating_a_whip_capture_returns_its_url_and_a_128_bit_token_that_is_never_shown_again()
    {
        var (id, token, whipUrl) = await CreateWhipCaptureAsync();
        Assert.Equal($"/whip/{id}", whipUrl);
        Assert.Matches("^[0-9a-f]{32}$", token);
        var shown = await _http.GetStringAsync($"/v1/captures/{id}");
        Assert.DoesNotContain(token, shown, StringComparison.Ordinal);
        Assert.Equal("waiting", JsonNode.Parse(shown)!["state"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("00000000000000000000000000000000")]
    [InlineData("")]
    public async Task A_missing_or_wrong_token_is_401_with_a_bearer_challenge(string? token)
    {
        var (_, _, url) = await CreateWhipCaptureAsync();
        using var response = await PostOfferAsync(url, token, ChromiumOffer);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task An_unknown_capture_is_404()
    {
        using var response = await PostOfferAsync("/whip/c_unknown", "x", ChromiumOffer);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, ProblemTypes.NotFound);
    }

    [Fact]
    public async Task An_rtp_capture_has_no_whip_endpoint()
    {
        var sdp = "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 0 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
        var created = await _http.PostAsJsonAsync("/v1/captures", new { source = new { type = "rtp", sdp }, outputs = new[] { new { type = "audio" } } });
        var id = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        using var response = await PostOfferAsync($"/whip/{id}", "x", ChromiumOffer);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, ProblemTypes.NotFound);
    }

    [Fact]
    public async Task The_offer_must_be_application_sdp()
    {
        var (_, token, url) = await CreateWhipCaptureAsync();
        using var response = await PostOfferAsync(url, token, ChromiumOffer, "text/plain");
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType, ProblemTypes.UnsupportedMediaType);
    }

    [Fact]
    public async Task An_oversized_offer_is_413()
    {
        var (_, token, url) = await CreateWhipCaptureAsync();
        using var response = await PostOfferAsync(url, token, ChromiumOffer + new string('x', 70_000));
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, ProblemTypes.PayloadTooLarge);
    }

    [Theory]
    [InlineData("not sdp at all")]
    [InlineData("v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n")]
    public async Task A_malformed_offer_is_400_and_the_capture_still_waits(string offer)
    {
        var (id, token, url) = await CreateWhipCaptureAsync();
        using var response = await PostOfferAsync(url, token, offer);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.BadRequest);
        using var retry = await PostOfferAsync(url, token, ChromiumOffer);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal("waiting", JsonNode.Parse(await _http.GetStringAsync($"/v1/captures/{id}"))!["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_offer_without_a_recordable_codec_is_406_naming_what_was_offered()
    {
        var (_, token, url) = await CreateWhipCaptureAsync();
        // Chromium's offer reduced to AV1 video and G722 audio.
        var offer = string.Join("\r\n", ChromiumOffer.Split("\r\n").Select(line =>
            line.StartsWith("m=video", StringComparison.Ordinal) ? string.Join(' ', line.Split(' ').Take(3)) + " 45"
            : line.StartsWith("m=audio", StringComparison.Ordinal) ? string.Join(' ', line.Split(' ').Take(3)) + " 9"
            : line));
        Assert.Contains("a=rtpmap:45 AV1/90000", offer, StringComparison.Ordinal);
        using var response = await PostOfferAsync(url, token, offer);
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotAcceptable, ProblemTypes.NotAcceptable);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("AV1", detail, StringComparison.Ordinal);
        Assert.Contains("G722", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("chromium-offer-default.sdp", "VP8")]
    [InlineData("chromium-offer-h264.sdp", "H264")]
    public async Task A_browser_offer_is_answered_ice_lite_passive_with_our_candidate_and_a_session_location(string file, string codec)
    {
        var offer = file.Contains("h264", StringComparison.Ordinal) ? ChromiumH264Offer : ChromiumOffer;
        var (id, token, url) = await CreateWhipCaptureAsync();
        using var response = await PostOfferAsync(url, token, offer);
        var answer = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, answer);
        Assert.Equal("application/sdp", response.Content.Headers.ContentType?.MediaType);
        Assert.Matches($"^/whip/{id}/[0-9a-f]{{32}}$", response.Headers.Location!.OriginalString);
        Assert.Contains("a=ice-lite", answer, StringComparison.Ordinal);
        Assert.Contains("a=setup:passive", answer, StringComparison.Ordinal);
        Assert.Matches(@"a=fingerprint:sha-256 [0-9A-F]{2}(:[0-9A-F]{2}){31}\r\n", answer);
        Assert.Contains("a=group:BUNDLE", answer, StringComparison.Ordinal);
        Assert.Matches(@"a=candidate:\d+ 1 udp \d+ 127\.0\.0\.1 [1-9]\d* typ host", answer);
        Assert.Matches($@"a=rtpmap:\d+ {codec}/90000", answer);
        Assert.Matches(@"a=rtpmap:\d+ rtx/90000", answer);
        Assert.Contains("a=rtpmap:111 opus/48000/2", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("a=candidate", answer.Split("m=")[0], StringComparison.Ordinal);
        if (codec == "H264") Assert.Contains("packetization-mode=1", answer, StringComparison.Ordinal);

        var capture = JsonNode.Parse(await _http.GetStringAsync($"/v1/captures/{id}"))!;
        Assert.Equal(["video", "audio"], capture["tracks"]!.AsArray().Select(t => t!["kind"]!.GetValue<string>()).Order().Reverse());
    }

    [Fact]
    public async Task A_second_publisher_is_409_and_the_first_session_stays()
    {
        var (_, token, url) = await CreateWhipCaptureAsync();
        using var first = await PostOfferAsync(url, token, ChromiumOffer);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        using var second = await PostOfferAsync(url, token, ChromiumOffer);
        await ProblemAssert.IsProblemAsync(second, HttpStatusCode.Conflict, ProblemTypes.Conflict);
    }

    [Fact]
    public async Task Patch_is_405_and_delete_ends_the_source_so_the_capture_finishes()
    {
        var (id, token, url) = await CreateWhipCaptureAsync();
        using var created = await PostOfferAsync(url, token, ChromiumOffer);
        var session = created.Headers.Location!.OriginalString;

        using var patch = new HttpRequestMessage(HttpMethod.Patch, session) { Content = new StringContent("a=end-of-candidates", Encoding.UTF8, "application/trickle-ice-sdpfrag") };
        patch.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var patched = await _http.SendAsync(patch);
        await ProblemAssert.IsProblemAsync(patched, HttpStatusCode.MethodNotAllowed, ProblemTypes.MethodNotAllowed);

        using var wrongSession = new HttpRequestMessage(HttpMethod.Delete, $"{url}/0123");
        wrongSession.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        await ProblemAssert.IsProblemAsync(await _http.SendAsync(wrongSession), HttpStatusCode.NotFound, ProblemTypes.NotFound);

        using var unauthorized = await _http.DeleteAsync(session);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);

        using var delete = new HttpRequestMessage(HttpMethod.Delete, session);
        delete.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var deleted = await _http.SendAsync(delete);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);

        JsonNode capture;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        do
        {
            await Task.Delay(50);
            capture = JsonNode.Parse(await _http.GetStringAsync($"/v1/captures/{id}"))!;
        }
        while (capture["state"]!.GetValue<string>() is not ("completed" or "failed") && DateTime.UtcNow < deadline);
        Assert.Equal("sourceEnded", capture["endReason"]?.GetValue<string>());
        using var late = await PostOfferAsync(url, token, ChromiumOffer);
        await ProblemAssert.IsProblemAsync(late, HttpStatusCode.NotFound, ProblemTypes.NotFound);
    }

    [Fact]
    public async Task Browsers_on_other_origins_get_cors_preflight_and_can_read_location()
    {
        var (_, token, url) = await CreateWhipCaptureAsync();
        using var preflight = new HttpRequestMessage(HttpMethod.Options, url);
        preflight.Headers.Add("Origin", "http://127.0.0.1:5555");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        using var answered = await _http.SendAsync(preflight);
        Assert.Equal(HttpStatusCode.NoContent, answered.StatusCode);
        Assert.Equal("*", answered.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("POST", answered.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        Assert.Contains("authorization", answered.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.OrdinalIgnoreCase);

        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(ChromiumOffer, Encoding.UTF8, "application/sdp") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("Origin", "http://127.0.0.1:5555");
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("Location", response.Headers.GetValues("Access-Control-Expose-Headers").Single(), StringComparison.Ordinal);
    }
}
