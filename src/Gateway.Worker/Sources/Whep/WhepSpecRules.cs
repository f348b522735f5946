using Gateway.Worker.Captures;

namespace Gateway.Worker.Sources.Whep;

/// <summary>What a whep source must say (API.md): an absolute http(s) URL, and a bearer token of sane size if any.</summary>
internal static class WhepSpecRules
{
    public static void Check(CaptureSpec spec, Dictionary<string, string[]> errors)
    {
        var source = spec.Source!;
        if (!Uri.TryCreate(source.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            errors["source.url"] = ["A whep source needs the WHEP endpoint's absolute http:// or https:// URL."];
        if (source.BearerToken is { } token && (token.Length > 4096 || token.Any(char.IsControl)))
            errors["source.bearerToken"] = ["At most 4096 characters, no control characters."];
    }
}
