using Gateway.Api.Problems;

namespace Gateway.Api.Hangfire;

/// <summary>
/// Hangfire's dashboard reads forms without guarding against bad ones: a JSON body, a broken multipart body or a
/// GET to a form route (<c>/stats</c>) throws inside it and became a 500. Requests are checked here first: a form
/// body must parse (400 otherwise), any other body is refused (415), and a request without a body gets an empty form.
/// </summary>
internal static class DashboardRequestGuard
{
    /// <summary>True when the request was answered here and must not reach the dashboard.</summary>
    public static async Task<bool> RejectAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.HasFormContentType)
        {
            try
            {
                await request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
                return false;
            }
            catch (Exception ex) when (ex is InvalidDataException || (ex is IOException && ex is not BadHttpRequestException))
            {
                // BadHttpRequestException (body too large, client too slow) keeps its own status via the exception handler.
                await Results.Problem($"The form body cannot be read: {ex.Message}", statusCode: StatusCodes.Status400BadRequest,
                    title: "Malformed form", type: ProblemTypes.BadRequest).ExecuteAsync(context).ConfigureAwait(false);
                return true;
            }
        }
        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            await Results.Problem("The dashboard takes form posts (application/x-www-form-urlencoded or multipart/form-data) only.",
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported body", type: ProblemTypes.UnsupportedMediaType)
                .ExecuteAsync(context).ConfigureAwait(false);
            return true;
        }
        request.Form = FormCollection.Empty;   // routes that read form values find none instead of throwing
        return false;
    }
}
