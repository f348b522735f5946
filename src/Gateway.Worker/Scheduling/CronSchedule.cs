using System.Diagnostics.CodeAnalysis;
using Cronos;

namespace Gateway.Worker.Scheduling;

/// <summary>
/// A cron expression read in a time zone, parsed exactly as Hangfire's recurring job scheduler parses it (5 fields, or
/// 6 with seconds first; @macros), so the occurrences computed here are the ones Hangfire triggers.
/// </summary>
public sealed class CronSchedule
{
    private static readonly char[] Separators = [' ', '\t'];
    private readonly CronExpression _expression;

    private CronSchedule(CronExpression expression, TimeZoneInfo zone) => (_expression, Zone) = (expression, zone);

    public TimeZoneInfo Zone { get; }

    public static bool TryParse(string? cron, string? timeZoneId, [NotNullWhen(true)] out CronSchedule? schedule,
        out string? cronError, out string? zoneError)
    {
        (schedule, cronError, zoneError) = (null, null, null);
        var expression = ParseExpression(cron, out cronError);
        var zone = FindZone(timeZoneId, out zoneError);
        if (expression is null || zone is null) return false;
        schedule = new CronSchedule(expression, zone);
        return true;
    }

    /// <summary>The time zone named by an IANA id (Windows ids work too where the OS maps them); null: UTC.</summary>
    public static TimeZoneInfo? FindZone(string? timeZoneId, out string? error)
    {
        error = null;
        if (string.IsNullOrEmpty(timeZoneId)) return TimeZoneInfo.Utc;
        if (TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var zone)) return zone;
        error = $"Unknown time zone '{timeZoneId}'; use an IANA id such as Europe/Berlin.";
        return null;
    }

    /// <summary>The first occurrence strictly after <paramref name="instant"/>, or null when there is none.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset instant) =>
        _expression.GetNextOccurrence(instant.UtcDateTime, Zone, inclusive: false) is { } next ? new DateTimeOffset(next, TimeSpan.Zero) : null;

    /// <summary>Occurrences in (<paramref name="after"/>, <paramref name="until"/>], oldest first.</summary>
    public IEnumerable<DateTimeOffset> Between(DateTimeOffset after, DateTimeOffset until)
    {
        if (until <= after) yield break;
        foreach (var occurrence in _expression.GetOccurrences(after.UtcDateTime, until.UtcDateTime, Zone, fromInclusive: false, toInclusive: true))
            yield return new DateTimeOffset(occurrence, TimeSpan.Zero);
    }

    private static CronExpression? ParseExpression(string? cron, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(cron))
        {
            error = "A cron expression is required.";
            return null;
        }
        var format = CronFormat.Standard;
        if (!cron.StartsWith('@'))
        {
            var fields = cron.Split(Separators, StringSplitOptions.RemoveEmptyEntries).Length;
            if (fields == 6) format |= CronFormat.IncludeSeconds;
            else if (fields != 5)
            {
                error = "A cron expression has 5 fields (minute hour day month weekday) or 6 with seconds first.";
                return null;
            }
        }
        if (CronExpression.TryParse(cron, format, out var expression)) return expression;
        error = $"'{cron}' is not a valid cron expression.";
        return null;
    }
}
