using System.Text;
using Gateway.Api.Problems;
using Gateway.Api.Security;
using Gateway.Worker.Captures;
using Gateway.Worker.Options;
using Gateway.Worker.Sources.Whip;
using Gateway.Worker.Viewers;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Gateway.Api.Endpoints;

/// <summary>
/// WHEP (RFC 9725's egress counterpart, draft-ietf-wish-whep): any live capture can be watched at <c>/whep/{id}</c>.
/// A viewer POSTs a recvonly offer and gets a sendonly answer (ICE-lite, all candidates, DTLS passive) plus a session
/// resource; DELETE ends that viewer only — the recording never notices viewers. Who may watch: a configured API key
/// as bearer token (like <c>/v1</c>), the capture's own WHIP bearer token for a WHIP capture, or — when no API keys are
/// configured — any client on this host.
/// </summary>
public static class WhepEndpoints
{
    public static IEndpointRouteBuilder MapWhep(this IEndpointRouteBuilder app)
    {
        // Same CORS policy as WHIP: viewers are web pages on any origin that must read the Location header.
        var group = app.MapGroup("/whep").WithTags("WHEP").RequireCors(WhipEndpoints.CorsPolicy);
        group.MapPost("/{id}", OfferAsync).WithName("WhepOffer").Accepts<string>("application/sdp");
        group.MapDelete("/{id}/{session}", DeleteAsync).WithName("WhepDelete");
        group.MapMethods("/{id}/{session}", [HttpMethods.Patch], (HttpResponse response) =>
        {
            response.Headers.Allow = "DELETE, OPTIONS";
            return TypedResults.Problem("This WHEP endpoint does not support trickle ICE or ICE restarts; the answer lists every candidate.",
                statusCode: StatusCodes.Status405MethodNotAllowed, title: "Trickle ICE is not supported", type: ProblemTypes.MethodNotAllowed);
        }).WithName("WhepPatch");
        return app;
    }

    private static async Task<IResult> OfferAsync(string id, HttpContext context, LiveMediaRegistry live, CaptureManager captures,
        IOptions<GatewayOptions> options, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (live.Find(id) is not { } media) return NoCapture(id);
        if (!IsAuthorized(context, id, captures, options.Value)) return Unauthorized(context.Response);
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("application/sdp", StringComparison.OrdinalIgnoreCase))
            return TypedResults.Problem("Send the SDP offer with 'Content-Type: application/sdp'.", statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "The offer must be application/sdp", type: ProblemTypes.UnsupportedMediaType);
        var offer = await WhipEndpoints.ReadOfferAsync(request, cancellationToken);
        if (offer is null)
            return TypedResults.Problem($"An SDP offer is at most {WhipEndpoints.MaxOfferBytes / 1024} KiB.", statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "The offer is too large", type: ProblemTypes.PayloadTooLarge);

        switch (media.AddViewer(offer))
        {
            case WhepViewOutcome.Answered(var session, var answer):
                context.Response.Headers.Location = $"/whep/{id}/{session}";
                return TypedResults.Text(answer, "application/sdp", Encoding.UTF8, StatusCodes.Status201Created);
            case WhepViewOutcome.Rejected(var reason, var detail):
                return reason switch
                {
                    WhepViewRejection.NoCommonCodec => TypedResults.Problem(detail, statusCode: StatusCodes.Status406NotAcceptable,
                        title: "The offer accepts none of the capture's codecs", type: ProblemTypes.NotAcceptable),
                    WhepViewRejection.NotAvailable => TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict,
                        title: "The capture cannot take this viewer now", type: ProblemTypes.Conflict),
                    WhepViewRejection.Ended => NoCapture(id),
                    _ => TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest,
                        title: "The offer cannot be used", type: ProblemTypes.BadRequest),
                };
            default:
                throw new InvalidOperationException("unknown WHEP outcome");
        }
    }

    private static async Task<IResult> DeleteAsync(string id, string session, HttpContext context, LiveMediaRegistry live, CaptureManager captures,
        IOptions<GatewayOptions> options)
    {
        if (live.Find(id) is not { } media) return NoCapture(id);
        if (!IsAuthorized(context, id, captures, options.Value)) return Unauthorized(context.Response);
        return await media.TryRemoveViewerAsync(session)
            ? TypedResults.Ok()
            : TypedResults.Problem($"Capture {id} has no WHEP session {session}.", statusCode: StatusCodes.Status404NotFound,
                title: "No such WHEP session", type: ProblemTypes.NotFound);
    }

    private static bool IsAuthorized(HttpContext context, string id, CaptureManager captures, GatewayOptions options)
    {
        var token = WhipEndpoints.BearerToken(context.Request);
        if (token is not null && captures.FindSource<IWhipIngest>(id)?.IsAuthorized(token) == true) return true;
        var keys = new ApiKeyVerifier(options.ApiKeys);
        return keys.HasKeys ? token is not null && keys.IsValid(token) : AccessPolicyMiddleware.IsLocal(context.Connection.RemoteIpAddress);
    }

    private static IResult Unauthorized(HttpResponse response)
    {
        response.Headers.WWWAuthenticate = "Bearer realm=\"whep\"";
        return TypedResults.Problem("Send 'Authorization: Bearer <token>' with an API key of this gateway (or, for a WHIP capture, its bearerToken).",
            statusCode: StatusCodes.Status401Unauthorized, title: "Wrong or missing WHEP bearer token", type: ProblemTypes.Unauthorized);
    }

    private static IResult NoCapture(string id) =>
        TypedResults.Problem($"No live capture {id} to watch.", statusCode: StatusCodes.Status404NotFound,
            title: "No such WHEP endpoint", type: ProblemTypes.NotFound);
}
