using Gateway.Worker.Captures;
using Gateway.Worker.Recording;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Gateway.Api.Endpoints;

/// <summary>
/// A capture's HLS output served from its folder (API.md): the playlist grows while recording and is VOD afterwards.
/// Only names ffmpeg's hls muxer writes are accepted (<see cref="HlsFolder.IsServable"/>), so a request can name
/// nothing outside the folder.
/// </summary>
public static class HlsEndpoints
{
    public static IEndpointRouteBuilder MapHls(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/captures").WithTags("Captures");
        group.MapGet("/{id}/hls/{file}", Get).WithName("GetHlsFile");
        return app;
    }

    private static Results<PhysicalFileHttpResult, ProblemHttpResult> Get(string id, string file, CaptureManager captures, HttpResponse response)
    {
        if (captures.Get(id) is not { } capture)
            return TypedResults.Problem($"No capture with id '{id}'.", statusCode: StatusCodes.Status404NotFound,
                title: "Capture not found", type: CaptureProblems.NotFound);
        if (!capture.Outputs.Any(o => o.Type == "hls"))
            return TypedResults.Problem($"Capture {id} has no hls output; ask for {{ \"type\": \"hls\" }} when creating it.",
                statusCode: StatusCodes.Status404NotFound, title: "No HLS output", type: CaptureProblems.NoHlsOutput);
        if (!HlsFolder.IsServable(file))
            return TypedResults.Problem("HLS files are index.m3u8, init.mp4 and index<n>.m4s or index<n>.ts.",
                statusCode: StatusCodes.Status404NotFound, title: "No such HLS file", type: CaptureProblems.NoHlsFile);
        var path = Path.Combine(HlsFolder.For(captures.DirectoryFor(id)), file);
        if (!File.Exists(path))
            return TypedResults.Problem(file == HlsFolder.Playlist
                    ? "The playlist appears with the first segment, a few seconds after media arrives (or it is stored remotely only)."
                    : "This segment does not exist (yet), or it is stored remotely only.",
                statusCode: StatusCodes.Status404NotFound, title: "No such HLS file", type: CaptureProblems.NoHlsFile);
        // The playlist (and init.mp4, rewritten if ffmpeg restarts) change; a numbered segment never does once named.
        response.Headers.CacheControl = file.StartsWith("index", StringComparison.Ordinal) && file != HlsFolder.Playlist
            ? "private, max-age=86400" : "no-cache";
        return TypedResults.PhysicalFile(path, HlsFolder.ContentTypeFor(file), enableRangeProcessing: true);
    }
}
