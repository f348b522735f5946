using Gateway.Worker.Captures;
using Gateway.Worker.Recording;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gateway.Api.Endpoints;

/// <summary><c>GET /v1/captures/{id}/thumbnail.jpg</c>: the newest video key frame of a recording capture as JPEG.</summary>
public static class ThumbnailEndpoints
{
    public static IEndpointRouteBuilder MapThumbnails(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/v1/captures").WithTags("Captures").MapGet("/{id}/thumbnail.jpg", GetAsync).WithName("GetThumbnail");
        return app;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetAsync(
        string id, CaptureManager captures, LiveThumbnails thumbnails, HttpResponse response, CancellationToken cancellationToken)
    {
        if (captures.Get(id) is null)
            return TypedResults.Problem($"No capture with id '{id}'.", statusCode: StatusCodes.Status404NotFound,
                title: "Capture not found", type: CaptureProblems.NotFound);
        var (outcome, jpeg, error) = await thumbnails.GetAsync(id, cancellationToken);
        switch (outcome)
        {
            case ThumbnailOutcome.Rendered:
                response.Headers.CacheControl = "no-cache";
                return TypedResults.File(jpeg!, "image/jpeg");
            case ThumbnailOutcome.DecodeFailed:
                return TypedResults.Problem($"The newest key frame could not be decoded: {error}", statusCode: StatusCodes.Status502BadGateway,
                    title: "Thumbnail failed", type: CaptureProblems.ThumbnailFailed);
            default:
                return TypedResults.Problem(outcome == ThumbnailOutcome.NoVideoYet
                        ? "No video key frame has arrived yet."
                        : "Thumbnails come from a recording capture with video; this one is not recording (or has no video track).",
                    statusCode: StatusCodes.Status404NotFound, title: "No video frame", type: CaptureProblems.NoVideoFrame);
        }
    }
}
