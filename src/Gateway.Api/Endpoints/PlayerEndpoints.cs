using Microsoft.AspNetCore.Http.HttpResults;

namespace Gateway.Api.Endpoints;

/// <summary>
/// The live player page for a capture's HLS output, with hls.js vendored at build time (Gateway.Api.csproj embeds
/// it from npm; the browser fetches nothing from elsewhere). Outside <c>/v1</c> on purpose: a browser cannot send a
/// bearer key when it opens a page, and the page is a static shell that reveals nothing about captures. Its media
/// requests go to <c>/v1</c> with the key taken from the URL fragment (README "Live player").
/// </summary>
public static class PlayerEndpoints
{
    // Only this origin may provide scripts, media and connections; hls.js runs its transmuxer in a blob: worker.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; connect-src 'self'; media-src 'self' blob:; worker-src 'self' blob:; " +
        "style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

    public static IEndpointRouteBuilder MapPlayer(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/player").WithTags("Player");
        group.MapGet("/{id}", Page).WithName("PlayerPage");
        group.MapGet("/assets/{file}", Asset).WithName("PlayerAsset");
        return app;
    }

    private static Results<FileContentHttpResult, ProblemHttpResult> Page(string id, PlayerAssets assets, HttpResponse response)
    {
        // Checked here so a build without npm gives a clear answer instead of a page that cannot play.
        if (assets.HlsJs is null || assets.PageHtml is not { } html) return AssetMissing();
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Content-Type-Options"] = "nosniff";
        return TypedResults.File(html, "text/html; charset=utf-8");
    }

    private static Results<FileContentHttpResult, ProblemHttpResult> Asset(string file, PlayerAssets assets, HttpResponse response)
    {
        if (file is not ("hls.min.js" or "player.js"))
            return TypedResults.Problem("The player's assets are hls.min.js and player.js.", statusCode: StatusCodes.Status404NotFound,
                title: "No such player asset", type: Problems.ProblemTypes.NotFound);
        if ((file == "player.js" ? assets.PlayerJs : assets.HlsJs) is not { } bytes) return AssetMissing();
        response.Headers.CacheControl = "public, max-age=3600";
        response.Headers["X-Content-Type-Options"] = "nosniff";
        return TypedResults.File(bytes, "text/javascript; charset=utf-8");
    }

    private static ProblemHttpResult AssetMissing() =>
        TypedResults.Problem("hls.js was not vendored when the gateway was built (npm missing?): install npm and rebuild; " +
                             "the build runs 'npm ci' in src/Gateway.Api/Player.", statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "The player is not available", type: CaptureProblems.PlayerUnavailable);
}
