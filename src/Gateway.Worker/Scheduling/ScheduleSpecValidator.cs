using System.Globalization;
using Gateway.Worker.Captures;

namespace Gateway.Worker.Scheduling;

/// <summary>Field-level checks of a schedule request, keyed like the JSON (capture fields as <c>capture.source.type</c>).</summary>
public static class ScheduleSpecValidator
{
    /// <summary>
    /// Validates <paramref name="spec"/> against the current time and returns the errors; on success
    /// <paramref name="at"/> holds the parsed one-off instant (null for a cron schedule).
    /// </summary>
    public static Dictionary<string, string[]> Validate(ScheduleSpec? spec, DateTimeOffset now, out DateTimeOffset? at)
    {
        at = null;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (spec is null)
        {
            errors[""] = ["A JSON body describing the schedule is required."];
            return errors;
        }
        if (spec.Name is { Length: > 200 }) errors["name"] = ["At most 200 characters."];

        var hasCron = !string.IsNullOrWhiteSpace(spec.Cron);
        var hasAt = !string.IsNullOrWhiteSpace(spec.At);
        if (hasCron && hasAt) errors["at"] = ["Give either cron (recurring) or at (one-off), not both."];
        else if (!hasCron && !hasAt) errors["cron"] = ["Give cron (recurring, with timeZone) or at (an ISO 8601 instant, one-off)."];
        else if (hasCron)
        {
            CronSchedule.TryParse(spec.Cron, spec.TimeZone, out _, out var cronError, out var zoneError);
            if (cronError is not null) errors["cron"] = [cronError];
            if (zoneError is not null) errors["timeZone"] = [zoneError];
        }
        else
        {
            if (!TryParseInstant(spec.At!, out var instant))
                errors["at"] = ["Must be an ISO 8601 instant with an offset, such as 2026-11-25T09:00:00Z."];
            else if (instant <= now)
                errors["at"] = ["Must be in the future."];
            else at = instant;
            if (spec.TimeZone is not null) errors["timeZone"] = ["Only cron schedules take a time zone; at carries its own offset."];
        }

        if (spec.DurationSeconds is not { } duration) errors["durationSeconds"] = ["Required: how long each capture records."];
        else if (duration < 1 || duration > CaptureSpecValidator.MaxDurationLimitSeconds)
            errors["durationSeconds"] = [$"Must be between 1 and {CaptureSpecValidator.MaxDurationLimitSeconds}."];

        if (spec.Capture is null) errors["capture"] = ["A capture template is required."];
        else
            foreach (var (field, messages) in CaptureSpecValidator.Validate(spec.Capture))
                errors[field.Length == 0 ? "capture" : "capture." + field] = messages;
        if (errors.Count > 0) at = null;
        return errors;
    }

    /// <summary>An instant must carry its offset (Z or ±hh:mm): a local time would fire at a different moment per node.</summary>
    private static bool TryParseInstant(string text, out DateTimeOffset instant)
    {
        instant = default;
        var trimmed = text.Trim();
        var hasOffset = trimmed.EndsWith('Z') || trimmed.EndsWith('z')
            || (trimmed.Length > 6 && trimmed[^6] is '+' or '-' && trimmed[^3] == ':');
        return hasOffset && trimmed.Contains('T', StringComparison.Ordinal)
            && DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out instant);
    }
}
