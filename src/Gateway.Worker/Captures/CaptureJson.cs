using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gateway.Worker.Captures;

/// <summary>Source-generated JSON for the persisted capture files (camelCase, like the API).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(StoredCapture))]
internal sealed partial class CaptureJson : JsonSerializerContext;
