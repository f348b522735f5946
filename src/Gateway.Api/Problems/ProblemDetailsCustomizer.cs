using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Gateway.Api.Problems;

/// <summary>
/// Runs for every problem the framework writes (status code pages, exception handler, TypedResults.Problem):
/// gives it our stable type, a title and a detail, and a traceId. Exception messages never reach the client
/// outside Development: they can carry paths, connection strings or keys.
/// </summary>
internal static class ProblemDetailsCustomizer
{
    // Framework defaults point at RFC sections; ours are stable identifiers clients can switch on.
    private const string FrameworkTypePrefix = "https://tools.ietf.org/";

    public static void Customize(ProblemDetailsContext context, bool isDevelopment)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        problem.Status = status;
        var described = ProblemTypes.Describe(status);

        if (problem.Type is null || problem.Type.StartsWith(FrameworkTypePrefix, StringComparison.Ordinal))
        {
            problem.Type = problem is HttpValidationProblemDetails ? ProblemTypes.Validation : described.Type;
            problem.Title = problem is HttpValidationProblemDetails ? "The request is invalid" : described.Title;
        }
        problem.Title ??= described.Title;

        if (context.Exception is not null && !isDevelopment)
        {
            problem.Detail = described.Detail;
            problem.Extensions.Remove("exception");
        }
        else if (string.IsNullOrEmpty(problem.Detail))
        {
            problem.Detail = problem is HttpValidationProblemDetails
                ? "One or more fields are invalid; see errors."
                : described.Detail;
        }

        problem.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
    }
}
