using System.Globalization;
using Gateway.Worker.Captures;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gateway.Api.Endpoints;

/// <summary>The capture resource of API.md: create, read, list, stop, download outputs.</summary>
public static class CaptureEndpoints
{
    public static IEndpointRouteBuilder MapCaptures(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/captures").WithTags("Captures");
        group.MapPost("/", CreateAsync).WithName("CreateCapture");
        group.MapGet("/", List).WithName("ListCaptures");
        group.MapGet("/{id}", Get).WithName("GetCapture");
        group.MapPost("/{id}/stop", Stop).WithName("StopCapture");
        group.MapGet("/{id}/outputs/{index:int}", Download).WithName("DownloadOutput");
        return app;
    }

    private static async Task<Results<Created<CaptureRecord>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CaptureSpec spec, CaptureManager captures, HttpResponse response, CancellationToken cancellationToken)
    {
        switch (await captures.CreateAsync(spec, scheduleId: null, cancellationToken))
        {
            case CreateOutcome.Created(var capture):
                return TypedResults.Created($"/v1/captures/{capture.Id}", capture);
            case CreateOutcome.Invalid(var errors):
                return TypedResults.ValidationProblem(errors, title: "The capture request is invalid",
                    type: CaptureProblems.InvalidCapture);
            case CreateOutcome.Unsupported(var detail):
                return TypedResults.Problem(detail, statusCode: StatusCodes.Status422UnprocessableEntity,
                    title: "This gateway cannot serve that capture", type: CaptureProblems.Unsupported);
            case CreateOutcome.AtCapacity(var retryAfter):
                response.Headers.RetryAfter = ((int)retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                return TypedResults.Problem("Try again later or raise Gateway:MaxConcurrentCaptures.",
                    statusCode: StatusCodes.Status503ServiceUnavailable,
                    title: "The gateway is running as many captures as it can", type: CaptureProblems.AtCapacity);
            case CreateOutcome.InsufficientStorage(var detail):
                return TypedResults.Problem(detail, statusCode: StatusCodes.Status507InsufficientStorage,
                    title: "The data directory is nearly full", type: CaptureProblems.InsufficientStorage);
            default:
                throw new InvalidOperationException("unknown outcome");
        }
    }

    private static Results<Ok<IReadOnlyList<CaptureRecord>>, ValidationProblem> List(CaptureManager captures, string? state = null)
    {
        CaptureState? filter = null;
        if (state is not null)
        {
            if (!Enum.TryParse<CaptureState>(state, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["state"] = [$"Must be one of: {string.Join(", ", Enum.GetNames<CaptureState>().Select(n => n.ToLowerInvariant()))}."],
                }, type: CaptureProblems.InvalidCapture);
            filter = parsed;
        }
        return TypedResults.Ok(captures.List(filter));
    }

    private static Results<Ok<CaptureRecord>, ProblemHttpResult> Get(string id, CaptureManager captures) =>
        captures.Get(id) is { } capture ? TypedResults.Ok(capture) : NotFound(id);

    private static Results<Accepted, ProblemHttpResult> Stop(string id, CaptureManager captures) =>
        captures.Stop(id) ? TypedResults.Accepted($"/v1/captures/{id}") : NotFound(id);

    private static Results<PhysicalFileHttpResult, ProblemHttpResult> Download(string id, int index, CaptureManager captures)
    {
        if (captures.Get(id) is not { } capture) return NotFound(id);
        if (index < 0 || index >= capture.Outputs.Count)
            return TypedResults.Problem($"Capture {id} has {capture.Outputs.Count} outputs.", statusCode: StatusCodes.Status404NotFound,
                title: "No such output", type: CaptureProblems.NotFound);
        var output = capture.Outputs[index];
        if (output.Location is not { } location || !Uri.TryCreate(location, UriKind.Absolute, out var uri) || !uri.IsFile)
            return TypedResults.Problem("The output has no local file (not started yet, or stored remotely).",
                statusCode: StatusCodes.Status404NotFound, title: "No local file for this output", type: CaptureProblems.NotFound);
        var path = uri.LocalPath;
        var folder = Path.GetFullPath(captures.DirectoryFor(id)) + Path.DirectorySeparatorChar;
        // Only files inside the capture's own folder are served, whatever the record says.
        if (!Path.GetFullPath(path).StartsWith(folder, StringComparison.Ordinal) || !File.Exists(path))
            return TypedResults.Problem("The file is gone from local storage.", statusCode: StatusCodes.Status404NotFound,
                title: "No local file for this output", type: CaptureProblems.NotFound);
        return TypedResults.PhysicalFile(path, ContentTypeFor(path), Path.GetFileName(path), enableRangeProcessing: true);
    }

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem($"No capture with id '{id}'.", statusCode: StatusCodes.Status404NotFound,
            title: "Capture not found", type: CaptureProblems.NotFound);

    private static string ContentTypeFor(string path) => Path.GetExtension(path) switch
    {
        ".mp4" => "video/mp4",
        ".webm" => "video/webm",
        ".ogg" => "audio/ogg",
        ".m4a" => "audio/mp4",
        ".mkv" => "video/x-matroska",
        _ => "application/octet-stream",
    };
}
