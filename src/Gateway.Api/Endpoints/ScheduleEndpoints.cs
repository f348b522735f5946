using Gateway.Worker.Jobs;
using Gateway.Worker.Scheduling;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gateway.Api.Endpoints;

/// <summary>The schedule resource of API.md: create (cron or one-off at), read, list, delete.</summary>
public static class ScheduleEndpoints
{
    public static IEndpointRouteBuilder MapSchedules(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/schedules").WithTags("Schedules");
        group.MapPost("/", Create).WithName("CreateSchedule");
        group.MapGet("/", List).WithName("ListSchedules");
        group.MapGet("/{id}", Get).WithName("GetSchedule");
        group.MapDelete("/{id}", Delete).WithName("DeleteSchedule");
        return app;
    }

    private static Results<Created<ScheduleRecord>, ValidationProblem, ProblemHttpResult> Create(ScheduleSpec spec, ScheduleManager schedules)
    {
        try
        {
            return schedules.Create(spec) switch
            {
                ScheduleCreateOutcome.Created(var schedule) => TypedResults.Created($"/v1/schedules/{schedule.Id}", schedule),
                ScheduleCreateOutcome.Invalid(var errors) => TypedResults.ValidationProblem(errors,
                    title: "The schedule request is invalid", type: ScheduleProblems.InvalidSchedule),
                ScheduleCreateOutcome.StorageUnavailable => Unavailable(),
                _ => throw new InvalidOperationException("unknown outcome"),
            };
        }
        catch (JobStorageUnavailableException)
        {
            return Unavailable();
        }
    }

    private static Results<Ok<IReadOnlyList<ScheduleRecord>>, ProblemHttpResult> List(ScheduleManager schedules)
    {
        try
        {
            return TypedResults.Ok(schedules.List());
        }
        catch (JobStorageUnavailableException)
        {
            return Unavailable();
        }
    }

    private static Results<Ok<ScheduleRecord>, ProblemHttpResult> Get(string id, ScheduleManager schedules)
    {
        try
        {
            return schedules.Get(id) is { } schedule ? TypedResults.Ok(schedule) : NotFound(id);
        }
        catch (JobStorageUnavailableException)
        {
            return Unavailable();
        }
    }

    private static Results<NoContent, ProblemHttpResult> Delete(string id, ScheduleManager schedules)
    {
        try
        {
            return schedules.Delete(id) ? TypedResults.NoContent() : NotFound(id);
        }
        catch (JobStorageUnavailableException)
        {
            return Unavailable();
        }
    }

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem($"No schedule with id '{id}'.", statusCode: StatusCodes.Status404NotFound,
            title: "Schedule not found", type: ScheduleProblems.NotFound);

    // The storage's own error (a connection string, a path) stays in the log.
    private static ProblemHttpResult Unavailable() =>
        TypedResults.Problem("Schedules live in the job storage, which cannot be reached right now; see /readyz.",
            statusCode: StatusCodes.Status503ServiceUnavailable, title: "Job storage unavailable", type: ScheduleProblems.StorageUnavailable);
}
