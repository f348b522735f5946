namespace Gateway.Worker.Options;

/// <summary>Where recordings go besides the data directory, bound from <c>Gateway:Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string Section = "Gateway:Storage";

    /// <summary>The Azure Blob account used by captures with <c>storage.type = azure</c>.</summary>
    [Microsoft.Extensions.Options.ValidateObjectMembers]
    public AzureStorageOptions Azure { get; set; } = new();

    /// <summary>
    /// Keep the local file after its upload was verified. Default false: the data directory only holds what is not
    /// safely in the cloud yet, so a long-running gateway does not fill its disk.
    /// </summary>
    public bool KeepLocalCopy { get; set; }
}
