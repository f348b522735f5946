using System.Text.Json.Serialization;

namespace Gateway.Worker.Captures;

/// <summary>The lifecycle the API reports (see API.md): starting → waiting → recording → stopping → completed | failed.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CaptureState>))]
public enum CaptureState
{
    [JsonStringEnumMemberName("starting")]
    Starting,
    [JsonStringEnumMemberName("waiting")]
    Waiting,
    [JsonStringEnumMemberName("recording")]
    Recording,
    [JsonStringEnumMemberName("stopping")]
    Stopping,
    [JsonStringEnumMemberName("completed")]
    Completed,
    [JsonStringEnumMemberName("failed")]
    Failed,
}
