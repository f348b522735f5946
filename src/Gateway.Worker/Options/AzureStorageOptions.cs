namespace Gateway.Worker.Options;

/// <summary>Bound from <c>Gateway:Storage:Azure</c>.</summary>
public sealed class AzureStorageOptions
{
    /// <summary>Azure Storage connection string. Empty: captures asking for Azure storage are rejected.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>True when a connection string is set.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(ConnectionString);
}
