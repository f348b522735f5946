using System.Text;
using Gateway.Api.Problems;
using Gateway.Worker.Captures;
using Gateway.Worker.Sources.Whip;
using Microsoft.Net.Http.Headers;

namespace Gateway.Api.Endpoints;

/// <summary>
/// WHIP (RFC 9725) for captures whose source is "whip": POST the offer to <c>/whip/{id}</c> with the capture's bearer
/// token, get the answer and a session resource; DELETE the session to end the source, after which the recording
/// completes. Browser publishers on other origins get CORS (preflight included).
/// </summary>
public static class WhipEndpoints
{
    public const string CorsPolicy = "whip";

    /// <summary>An SDP offer is a few KiB; anything near this is not one.</summary>
    public const int MaxOfferBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapWhip(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/whip").WithTags("WHIP").RequireCors(CorsPolicy);
        group.MapPost("/{id}", OfferAsync).WithName("WhipOffer").Accepts<string>("application/sdp");
        group.MapDelete("/{id}/{session}", Delete).WithName("WhipDelete");
        // No trickle ICE: the answer carries every candidate, and the gateway is ICE-lite (RFC 9725 §4.3.1).
        group.MapMethods("/{id}/{session}", [HttpMethods.Patch], (HttpResponse response) =>
        {
            response.Headers.Allow = "DELETE, OPTIONS";
            return TypedResults.Problem("This WHIP endpoint does not support trickle ICE or ICE restarts; the answer lists every candidate.",
                statusCode: StatusCodes.Status405MethodNotAllowed, title: "Trickle ICE is not supported", type: ProblemTypes.MethodNotAllowed);
        }).WithName("WhipPatch");
        return app;
    }

    private static async Task<IResult> OfferAsync(string id, HttpRequest request, HttpResponse response, CaptureManager captures,
        CancellationToken cancellationToken)
    {
        if (captures.FindSource<IWhipIngest>(id) is not { } ingest) return NoCapture(id);
        if (!ingest.IsAuthorized(BearerToken(request))) return Unauthorized(response);
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("application/sdp", StringComparison.OrdinalIgnoreCase))
            return TypedResults.Problem("Send the SDP offer with 'Content-Type: application/sdp'.", statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "The offer must be application/sdp", type: ProblemTypes.UnsupportedMediaType);
        var offer = await ReadOfferAsync(request, cancellationToken);
        if (offer is null)
            return TypedResults.Problem($"An SDP offer is at most {MaxOfferBytes / 1024} KiB.", statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "The offer is too large", type: ProblemTypes.PayloadTooLarge);

        switch (await ingest.AcceptOfferAsync(offer, cancellationToken))
        {
            case WhipOfferResult.Answered(var session, var answer):
                response.Headers.Location = $"/whip/{id}/{session}";
                return TypedResults.Text(answer, "application/sdp", Encoding.UTF8, StatusCodes.Status201Created);
            case WhipOfferResult.Rejected(var reason, var detail):
                return reason switch
                {
                    WhipRejection.NoSupportedCodec => TypedResults.Problem(detail, statusCode: StatusCodes.Status406NotAcceptable,
                        title: "The offer has no codec the gateway records", type: ProblemTypes.NotAcceptable),
                    WhipRejection.Busy => TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict,
                        title: "A publisher is already connected", type: ProblemTypes.Conflict),
                    WhipRejection.Ended => NoCapture(id),
                    _ => TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest,
                        title: "The offer cannot be used", type: ProblemTypes.BadRequest),
                };
            default:
                throw new InvalidOperationException("unknown WHIP outcome");
        }
    }

    private static IResult Delete(string id, string session, HttpRequest request, HttpResponse response, CaptureManager captures)
    {
        if (captures.FindSource<IWhipIngest>(id) is not { } ingest) return NoCapture(id);
        if (!ingest.IsAuthorized(BearerToken(request))) return Unauthorized(response);
        return ingest.TryEndSession(session)
            ? TypedResults.Ok()
            : TypedResults.Problem($"Capture {id} has no WHIP session {session}.", statusCode: StatusCodes.Status404NotFound,
                title: "No such WHIP session", type: ProblemTypes.NotFound);
    }

    /// <summary>The body as text, or null when it is larger than <see cref="MaxOfferBytes"/>.</summary>
    internal static async Task<string?> ReadOfferAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxOfferBytes) return null;
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxOfferBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    internal static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        return header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ? header[Scheme.Length..].Trim() : null;
    }

    private static IResult Unauthorized(HttpResponse response)
    {
        response.Headers.WWWAuthenticate = "Bearer realm=\"whip\"";
        return TypedResults.Problem("Send 'Authorization: Bearer <token>' with the bearerToken the capture was created with.",
            statusCode: StatusCodes.Status401Unauthorized, title: "Wrong or missing WHIP bearer token", type: ProblemTypes.Unauthorized);
    }

    private static IResult NoCapture(string id) =>
        TypedResults.Problem($"No running capture {id} takes a WHIP publisher.", statusCode: StatusCodes.Status404NotFound,
            title: "No such WHIP endpoint", type: ProblemTypes.NotFound);
}
