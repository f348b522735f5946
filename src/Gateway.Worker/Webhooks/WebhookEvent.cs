using System.Text.Json;
using System.Text.Json.Serialization;
using Gateway.Worker.Captures;

namespace Gateway.Worker.Webhooks;

/// <summary>
/// The JSON body of one delivery. <see cref="Sequence"/> counts a capture's changes from 1, so a receiver can order
/// deliveries that retries made arrive out of order.
/// </summary>
public sealed record WebhookEvent
{
    public string Type { get; init; } = "capture.stateChanged";

    public required string DeliveryId { get; init; }

    public required long Sequence { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }

    public required CaptureState PreviousState { get; init; }

    public required CaptureRecord Capture { get; init; }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(WebhookEvent))]
internal sealed partial class WebhookJson : JsonSerializerContext;
