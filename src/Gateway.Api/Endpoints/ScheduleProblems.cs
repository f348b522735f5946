namespace Gateway.Api.Endpoints;

/// <summary>Stable problem type URIs of the schedule endpoints.</summary>
public static class ScheduleProblems
{
    private const string Base = "https://gateway.dev/problems/";
    public const string InvalidSchedule = Base + "invalid-schedule";
    public const string NotFound = Base + "schedule-not-found";
    public const string StorageUnavailable = Base + "job-storage-unavailable";
}
