using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Gateway.Worker.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Gateway.Worker.Webhooks;

/// <summary>
/// POSTs one delivery, signed (<see cref="WebhookSignature"/>), retrying with exponential backoff and jitter until it
/// is accepted (2xx) or the attempts run out. A 4xx other than 408/429 is the receiver refusing this body: retrying
/// would not change its mind, so it is given up at once.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    public const string MeterName = "Gateway.Webhooks";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Deliveries = Meter.CreateCounter<long>("gateway.webhook.deliveries", "{delivery}",
        "Webhook deliveries by result (delivered, failed)");
    private static readonly Counter<long> Attempts = Meter.CreateCounter<long>("gateway.webhook.attempts", "{attempt}",
        "HTTP attempts made, retries included");

    private readonly WebhookOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<WebhookSender> _logger;
    private readonly HttpClient _http;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public WebhookSender(IOptions<WebhookOptions> options, TimeProvider time, ILogger<WebhookSender> logger, HttpMessageHandler? handler = null)
    {
        (_options, _time, _logger) = (options.Value, time, logger);
        // Redirects are not followed: a receiver moving elsewhere must be reconfigured, not obeyed blindly.
        _http = new HttpClient(handler ?? new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = Timeout.InfiniteTimeSpan,   // the pipeline's per-attempt timeout rules
        };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Gateway-Webhooks", "1"));
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = Math.Max(0, _options.MaxAttempts - 1),
                Delay = _options.FirstRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                MaxDelay = TimeSpan.FromMinutes(5),
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(IsWorthRetrying),
                OnRetry = args =>
                {
                    var reason = args.Outcome.Exception?.Message ?? $"HTTP {(int)args.Outcome.Result!.StatusCode}";
                    args.Outcome.Result?.Dispose();
                    _logger.WebhookRetrying(args.AttemptNumber + 1, reason, args.RetryDelay);
                    return default;
                },
            })
            .AddTimeout(_options.AttemptTimeout)
            .Build();
    }

    public async Task DeliverAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var target = Redacted(delivery.Url);
        try
        {
            using var response = await _pipeline.ExecuteAsync(
                static async (state, token) => await state.Self.SendOnceAsync(state.Delivery, token).ConfigureAwait(false),
                (Self: this, Delivery: delivery), cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                Deliveries.Add(1, new KeyValuePair<string, object?>("result", "delivered"));
                _logger.WebhookDelivered(delivery.CaptureId, target, (int)response.StatusCode);
                return;
            }
            Fail(delivery, target, $"HTTP {(int)response.StatusCode}");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException)
        {
            Fail(delivery, target, ex.Message);
        }
    }

    public void Dispose() => _http.Dispose();

    private async ValueTask<HttpResponseMessage> SendOnceAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        Attempts.Add(1);
        long now = _time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
        {
            Content = new ByteArrayContent(delivery.Body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add("Gateway-Delivery", delivery.DeliveryId);
        request.Headers.Add("Gateway-Timestamp", now.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("Gateway-Signature", WebhookSignature.Compute(_options.Secret, now, delivery.Body));
        return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
    }

    private void Fail(WebhookDelivery delivery, string target, string reason)
    {
        Deliveries.Add(1, new KeyValuePair<string, object?>("result", "failed"));
        _logger.WebhookFailed(delivery.CaptureId, target, _options.MaxAttempts, reason);
    }

    private static bool IsWorthRetrying(HttpResponseMessage response) =>
        !response.IsSuccessStatusCode
        && ((int)response.StatusCode >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests);

    /// <summary>Query strings often carry tokens: logs show scheme, host and path only.</summary>
    private static string Redacted(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Path) : "(invalid url)";
}
