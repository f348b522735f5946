using Gateway.Worker.Captures;

namespace Gateway.Worker.Tests.Captures;

public sealed class OutputFailureWatchTests
{
    private static OutputStatus Output(string state, string? error = null) => new() { Type = "mp4", State = state, Error = error };

    [Fact]
    public void A_capture_with_an_output_still_writing_or_restarting_goes_on()
    {
        Assert.Null(OutputFailureWatch.Reason([Output("failed", "x"), Output("writing")]));
        Assert.Null(OutputFailureWatch.Reason([Output("restarting", "ffmpeg exited with 1")]));
        Assert.Null(OutputFailureWatch.Reason([Output("skipped")]));
        Assert.Null(OutputFailureWatch.Reason([]));
    }

    [Fact]
    public void Every_output_failed_ends_it_and_a_full_disk_is_named()
    {
        var full = OutputFailureWatch.Reason([Output("failed", "ffmpeg exited with 1: av_interleaved_write_frame(): No space left on device"), Output("skipped")]);
        Assert.StartsWith("The data directory's disk is full", full, StringComparison.Ordinal);
        var other = OutputFailureWatch.Reason([Output("failed", "ffmpeg exited with 1: boom")]);
        Assert.StartsWith("Every output failed", other, StringComparison.Ordinal);
        Assert.Contains("boom", other, StringComparison.Ordinal);
    }
}
