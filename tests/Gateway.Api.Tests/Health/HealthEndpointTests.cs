using System.Net;
using System.Text.Json;
using Gateway.Api.Problems;
using Gateway.Api.Tests.Infrastructure;

namespace Gateway.Api.Tests.Health;

public sealed class HealthEndpointTests
{
    [Fact]
    public async Task Healthz_is_200_while_the_process_runs()
    {
        using var factory = new GatewayFactory();
        using var client = factory.CreateClient();
        using var response = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"status\":\"healthy\"}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Readyz_is_200_with_ffmpeg_and_a_writable_data_directory()
    {
        using var factory = new GatewayFactory();
        using var client = factory.CreateClient();
        using var response = await client.GetAsync("/readyz");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("healthy", body.GetProperty("status").GetString());
        var checks = body.GetProperty("checks");
        Assert.Equal("healthy", checks.GetProperty("ffmpeg").GetProperty("status").GetString());
        Assert.Equal("healthy", checks.GetProperty("dataDirectory").GetProperty("status").GetString());
        // The probe file is gone; only the embedded Hangfire database (and its SQLite journal files) stays.
        Assert.DoesNotContain(Directory.GetFiles(factory.DataDirectory, "*", SearchOption.AllDirectories),
            f => !Path.GetFileName(f).StartsWith("hangfire.db", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Readyz_creates_a_missing_data_directory()
    {
        var parent = Directory.CreateTempSubdirectory("gateway-ready-").FullName;
        try
        {
            var missing = Path.Combine(parent, "not", "yet");
            using var factory = new GatewayFactory(new Dictionary<string, string?> { ["Gateway:DataDirectory"] = missing });
            using var client = factory.CreateClient();
            using var response = await client.GetAsync("/readyz");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(Directory.Exists(missing));
        }
        finally
        {
            Directory.Delete(parent, recursive: true);
        }
    }

    [Fact]
    public async Task Readyz_is_503_naming_the_data_directory_when_it_cannot_be_written()
    {
        // A path below a regular file can never be created, even by root (which ignores permission bits).
        var file = Path.GetTempFileName();
        try
        {
            using var factory = new GatewayFactory(new Dictionary<string, string?> { ["Gateway:DataDirectory"] = Path.Combine(file, "data") });
            using var client = factory.CreateClient();
            var body = await ProblemAssert.IsProblemAsync(await client.GetAsync("/readyz"), HttpStatusCode.ServiceUnavailable, ProblemTypes.NotReady);

            Assert.Contains("dataDirectory", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.DoesNotContain("ffmpeg", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
            var checks = body.GetProperty("checks");
            Assert.Equal("unhealthy", checks.GetProperty("dataDirectory").GetProperty("status").GetString());
            Assert.Equal("healthy", checks.GetProperty("ffmpeg").GetProperty("status").GetString());
            Assert.DoesNotContain(file, body.ToString(), StringComparison.Ordinal); // the path stays in the log
            Assert.Contains(factory.Logs.Entries, e => e.EventId == 4007 && Equals(e.Values["DataDirectory"], Path.Combine(file, "data")));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("/nonexistent/bin/ffmpeg-4711")] // not there
    [InlineData("/bin/false")]                    // runs, exits non-zero
    [InlineData("/bin/true")]                     // exits 0 but is not FFmpeg
    public async Task Readyz_is_503_naming_ffmpeg_when_it_does_not_answer(string ffmpegPath)
    {
        using var factory = new GatewayFactory(new Dictionary<string, string?> { ["Gateway:FFmpegPath"] = ffmpegPath });
        using var client = factory.CreateClient();
        var body = await ProblemAssert.IsProblemAsync(await client.GetAsync("/readyz"), HttpStatusCode.ServiceUnavailable, ProblemTypes.NotReady);

        Assert.Equal("Failing checks: ffmpeg.", body.GetProperty("detail").GetString());
        var checks = body.GetProperty("checks");
        Assert.Equal("unhealthy", checks.GetProperty("ffmpeg").GetProperty("status").GetString());
        Assert.Equal("healthy", checks.GetProperty("dataDirectory").GetProperty("status").GetString());
        Assert.Contains(factory.Logs.Entries, e => e.EventId == 4006 && Equals(e.Values["FFmpegPath"], ffmpegPath));
    }
}
