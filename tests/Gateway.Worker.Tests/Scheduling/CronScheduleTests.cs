using Gateway.Worker.Scheduling;

namespace Gateway.Worker.Tests.Scheduling;

public sealed class CronScheduleTests
{
    private static CronSchedule Parse(string cron, string? zone = null)
    {
        Assert.True(CronSchedule.TryParse(cron, zone, out var schedule, out var cronError, out var zoneError), $"{cronError} {zoneError}");
        return schedule;
    }

    [Theory]
    [InlineData("0 9 * * MON-FRI", "2026-11-27T08:00:00Z", "2026-11-30T08:00:00Z")]   // Friday 09:00 Berlin passed → Monday
    [InlineData("*/5 * * * * *", "2026-11-25T10:00:03Z", "2026-11-25T10:00:05Z")]      // 6 fields: seconds first
    [InlineData("@daily", "2026-11-25T10:00:00Z", "2026-11-25T23:00:00Z")]             // midnight in Berlin (UTC+1)
    [InlineData("30 2 * * *", "2026-03-28T12:00:00Z", "2026-03-29T01:00:00Z")]         // 02:30 does not exist that day: runs at the jump, 03:00 CEST
    public void Next_occurrence_is_read_in_the_time_zone(string cron, string after, string expected)
    {
        var next = Parse(cron, "Europe/Berlin").NextAfter(DateTimeOffset.Parse(after, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), next);
    }

    [Fact]
    public void Between_excludes_the_start_and_includes_the_end()
    {
        var start = new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
        var occurrences = Parse("* * * * *").Between(start, start.AddMinutes(3)).ToList();
        Assert.Equal([start.AddMinutes(1), start.AddMinutes(2), start.AddMinutes(3)], occurrences);
        Assert.Empty(Parse("* * * * *").Between(start, start));
    }

    [Theory]
    [InlineData("61 * * * *", null, true, false)]
    [InlineData("* * *", null, true, false)]
    [InlineData("* * * * * * *", null, true, false)]
    [InlineData("", null, true, false)]
    [InlineData("0 9 * * *", "Mars/Olympus", false, true)]
    [InlineData("nonsense", "Nowhere/Nothing", true, true)]
    public void Bad_expressions_and_zones_are_reported_separately(string cron, string? zone, bool cronBad, bool zoneBad)
    {
        Assert.False(CronSchedule.TryParse(cron, zone, out _, out var cronError, out var zoneError));
        Assert.Equal(cronBad, cronError is not null);
        Assert.Equal(zoneBad, zoneError is not null);
    }
}
