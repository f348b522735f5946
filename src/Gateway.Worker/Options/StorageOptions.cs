namespace Gateway.Worker.Options;

/// <summary>Where recordings go besides the data directory, bound from <c>Gateway:Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string Section = "Gateway:Storage";

    /// <summary>The Azure Blob account used by captures with <c>storage.type = azure</c>.</summary>
    public AzureStorageOptions Azure { get; set; } = new();
}
