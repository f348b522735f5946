using System.Text.Json.Serialization;

namespace Gateway.Worker.Captures;

[JsonConverter(typeof(JsonStringEnumConverter<EndReason>))]
public enum EndReason
{
    /// <summary>Someone asked it to stop (API, WHIP DELETE, shutdown).</summary>
    [JsonStringEnumMemberName("stopped")]
    Stopped,
    [JsonStringEnumMemberName("maxDuration")]
    MaxDuration,
    /// <summary>The source went silent for longer than the configured timeout, or said goodbye.</summary>
    [JsonStringEnumMemberName("sourceEnded")]
    SourceEnded,
    /// <summary>The gateway restarted while the capture ran; what was written is kept.</summary>
    [JsonStringEnumMemberName("interrupted")]
    Interrupted,
    [JsonStringEnumMemberName("error")]
    Error,
}
