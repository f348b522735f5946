using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gateway.Worker.Storage;

/// <summary>Source-generated JSON for <c>upload.json</c> (camelCase, like the capture records).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(UploadManifest))]
internal sealed partial class UploadJson : JsonSerializerContext;
