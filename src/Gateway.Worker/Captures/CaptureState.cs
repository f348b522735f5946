using System.Text.Json.Serialization;

namespace Gateway.Worker.Captures;

/// <summary>The lifecycle the API reports (see API.md): starting → waiting → recording → stopping → completed | failed.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CaptureState>))]
public enum CaptureState
{
    Starting,
    Waiting,
    Recording,
    Stopping,
    Completed,
    Failed,
}
