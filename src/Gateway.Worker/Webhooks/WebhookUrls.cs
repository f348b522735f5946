namespace Gateway.Worker.Webhooks;

/// <summary>What a webhook URL must look like: absolute http or https, no credentials in it (they would be logged).</summary>
public static class WebhookUrls
{
    public static bool IsUsable(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.UserInfo.Length == 0;
}
