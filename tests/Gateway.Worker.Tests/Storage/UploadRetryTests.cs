using Azure;
using Gateway.Pipelines.Storage;
using Gateway.Worker.Storage;

namespace Gateway.Worker.Tests.Storage;

public sealed class UploadRetryTests
{
    private const string Secret = "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(3, 120)]
    [InlineData(6, 900)]       // capped at 15 min
    [InlineData(500, 900)]
    public void Background_backoff_doubles_up_to_the_cap(int failedAttempts, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), UploadRetry.BackoffAfter(failedAttempts, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(15)));

    [Theory]
    [InlineData(0, true)]
    [InlineData(503, true)]
    [InlineData(500, true)]
    [InlineData(429, true)]
    [InlineData(408, true)]
    [InlineData(403, false)]
    [InlineData(404, false)]
    public void Only_network_and_busy_answers_get_quick_retries(int status, bool transient) =>
        Assert.Equal(transient, UploadRetry.IsTransient(new RequestFailedException(status, "x")));

    [Fact]
    public void Error_descriptions_never_carry_what_the_exception_message_says()
    {
        var answered = UploadRetry.Describe(new RequestFailedException(403, "Server failed to authenticate " + Secret, "AuthorizationFailure", null));
        Assert.Equal("Blob storage answered 403 AuthorizationFailure", answered);
        var unreachable = UploadRetry.Describe(new RequestFailedException(0, Secret, new HttpRequestException(Secret)));
        Assert.Equal("Blob storage is unreachable", unreachable);
        Assert.Equal("Upload failed (FormatException)", UploadRetry.Describe(new FormatException(Secret)));
        Assert.Equal("The uploaded blob did not verify: size", UploadRetry.Describe(new UploadVerificationException("size")));
    }
}
