using System.ComponentModel.DataAnnotations;

namespace Gateway.Worker.Options;

/// <summary>Capture state-change notifications, bound from <c>Gateway:Webhooks</c>.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Gateway:Webhooks";

    /// <summary>Receives every capture's state changes. Empty: only captures that name their own <c>webhookUrl</c>.</summary>
    public string Url { get; set; } = "";

    /// <summary>
    /// The HMAC-SHA256 key that signs every delivery (header <c>Gateway-Signature</c>). Required as soon as any
    /// webhook is used: an unsigned notification could be forged by anyone who can reach the receiver.
    /// </summary>
    public string Secret { get; set; } = "";

    /// <summary>Attempts per delivery, the first included. Between them the wait doubles from <see cref="FirstRetryDelay"/>.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 8;

    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>One attempt's budget: a receiver slower than this counts as failed and is retried.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:02:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public bool UrlIsUsable() => Url.Length == 0 || Webhooks.WebhookUrls.IsUsable(Url);

    public bool SecretIsSetWhenNeeded() => Url.Length == 0 || Secret.Length >= 16;
}
