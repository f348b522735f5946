using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gateway.Worker.Scheduling;

/// <summary>Source-generated JSON for what schedules keep in job storage (camelCase, like the API).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ScheduleDefinition))]
[JsonSerializable(typeof(ScheduleLedger))]
internal sealed partial class ScheduleJson : JsonSerializerContext;
