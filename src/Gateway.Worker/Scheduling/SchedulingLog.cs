using Microsoft.Extensions.Logging;

namespace Gateway.Worker.Scheduling;

/// <summary>Log lines of schedules and jobs (event ids 34xx).</summary>
internal static partial class SchedulingLog
{
    [LoggerMessage(EventId = 3401, Level = LogLevel.Information, Message = "Schedule {ScheduleId} created ({When})")]
    public static partial void ScheduleCreated(this ILogger logger, string scheduleId, string when);

    [LoggerMessage(EventId = 3402, Level = LogLevel.Information, Message = "Schedule {ScheduleId} deleted")]
    public static partial void ScheduleDeleted(this ILogger logger, string scheduleId);

    [LoggerMessage(EventId = 3403, Level = LogLevel.Information,
        Message = "Schedule {ScheduleId} firing planned at {PlannedAt:O} started capture {CaptureId}")]
    public static partial void FiringStarted(this ILogger logger, string scheduleId, DateTimeOffset plannedAt, string captureId);

    [LoggerMessage(EventId = 3404, Level = LogLevel.Warning,
        Message = "Schedule {ScheduleId} firing planned at {PlannedAt:O} created no capture: {Reason}")]
    public static partial void FiringFailed(this ILogger logger, string scheduleId, DateTimeOffset plannedAt, string reason);

    [LoggerMessage(EventId = 3405, Level = LogLevel.Warning,
        Message = "Schedule {ScheduleId} firing planned at {PlannedAt:O} was missed: no node ran it in time, it is not run late")]
    public static partial void FiringMissed(this ILogger logger, string scheduleId, DateTimeOffset plannedAt);

    [LoggerMessage(EventId = 3406, Level = LogLevel.Debug,
        Message = "Schedule {ScheduleId} firing planned at {PlannedAt:O} skipped: {Decision}")]
    public static partial void FiringSkipped(this ILogger logger, string scheduleId, DateTimeOffset plannedAt, FiringDecision decision);

    [LoggerMessage(EventId = 3407, Level = LogLevel.Error, Message = "Schedule {ScheduleId} firing planned at {PlannedAt:O} failed")]
    public static partial void FiringError(this ILogger logger, Exception exception, string scheduleId, DateTimeOffset plannedAt);

    [LoggerMessage(EventId = 3408, Level = LogLevel.Warning, Message = "Job {JobId} of schedule {ScheduleId} carries no planned time; ignored")]
    public static partial void FiringWithoutTime(this ILogger logger, string? jobId, string scheduleId);

    [LoggerMessage(EventId = 3409, Level = LogLevel.Error, Message = "Auditing schedules for missed firings failed")]
    public static partial void AuditFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3410, Level = LogLevel.Error, Message = "Job storage ({Kind}) is unavailable; retrying")]
    public static partial void StorageUnavailable(this ILogger logger, Exception exception, string kind);

    [LoggerMessage(EventId = 3411, Level = LogLevel.Information, Message = "Hangfire server {ServerName} started on {Kind} job storage")]
    public static partial void JobServerStarted(this ILogger logger, string serverName, string kind);
}
