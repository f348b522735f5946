using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Gateway.Worker.Captures;
using Gateway.Worker.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gateway.Worker.Webhooks;

/// <summary>
/// Turns capture state changes into signed webhook deliveries. A capture's changes always go through the same lane,
/// one delivery at a time, so they arrive in order unless a receiver fails; lanes keep one slow receiver from
/// holding up every other capture. Queues are bounded: a receiver that stays down costs a logged drop, never memory.
/// </summary>
public sealed class WebhookDispatcher : ICaptureEvents, IHostedService, IAsyncDisposable
{
    private const int Lanes = 4;
    private const int LaneCapacity = 1024;

    private readonly WebhookOptions _options;
    private readonly WebhookSender _sender;
    private readonly TimeProvider _time;
    private readonly ILogger<WebhookDispatcher> _logger;
    private readonly Channel<WebhookDelivery>[] _lanes;
    private readonly ConcurrentDictionary<string, long> _sequences = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _abandon = new();
    private Task[] _loops = [];
    private int _disposed;

    public WebhookDispatcher(IOptions<WebhookOptions> options, WebhookSender sender, TimeProvider time, ILogger<WebhookDispatcher> logger)
    {
        (_options, _sender, _time, _logger) = (options.Value, sender, time, logger);
        _lanes = Enumerable.Range(0, Lanes)
            .Select(_ => Channel.CreateBounded<WebhookDelivery>(new BoundedChannelOptions(LaneCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait }))
            .ToArray();
    }

    public void StateChanged(CaptureRecord record, CaptureState from, CaptureSpec spec)
    {
        string? global = _options.Url.Length > 0 ? _options.Url : null;
        string? own = spec.WebhookUrl;
        if (global is null && own is null) return;

        long sequence = _sequences.AddOrUpdate(record.Id, 1, (_, s) => s + 1);
        if (CaptureTransitions.IsFinal(record.State)) _sequences.TryRemove(record.Id, out _);
        var deliveryId = Guid.NewGuid().ToString("N");
        var body = JsonSerializer.SerializeToUtf8Bytes(new WebhookEvent
        {
            DeliveryId = deliveryId,
            Sequence = sequence,
            OccurredAt = _time.GetUtcNow(),
            PreviousState = from,
            Capture = record.Source.BearerToken is null ? record : record with { Source = record.Source with { BearerToken = null } },
        }, WebhookJson.Default.WebhookEvent);

        var lane = _lanes[(int)((uint)StringComparer.Ordinal.GetHashCode(record.Id) % Lanes)];
        foreach (var url in new[] { global, own }.OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (!lane.Writer.TryWrite(new WebhookDelivery(url, record.Id, deliveryId, body)))
                _logger.WebhookDropped(record.Id, record.State, LaneCapacity);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loops = _lanes.Select(lane => Task.Run(() => DrainAsync(lane.Reader))).ToArray();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Runs after the capture manager stopped (registered before it), so the final states of captures that
    /// shutdown finalized are still delivered, within the host's shutdown budget.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var lane in _lanes) lane.Writer.TryComplete();
        try
        {
            await Task.WhenAll(_loops).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            int left = _lanes.Sum(l => l.Reader.Count);
            _logger.WebhooksAbandoned(left);
            await _abandon.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(_loops).ConfigureAwait(false);
        }
    }

    /// <summary>Idempotent: the container disposes it once per registration that hands it out.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        foreach (var lane in _lanes) lane.Writer.TryComplete();
        await _abandon.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_loops).ConfigureAwait(false);
        _abandon.Dispose();
    }

    private async Task DrainAsync(ChannelReader<WebhookDelivery> reader)
    {
        try
        {
            await foreach (var delivery in reader.ReadAllAsync(_abandon.Token).ConfigureAwait(false))
            {
                await _sender.DeliverAsync(delivery, _abandon.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_abandon.IsCancellationRequested)
        {
            // shutdown budget spent: what is left was counted in StopAsync
        }
    }
}

/// <summary>One queued POST: the body is serialized once, when the change happened.</summary>
public sealed record WebhookDelivery(string Url, string CaptureId, string DeliveryId, byte[] Body);
