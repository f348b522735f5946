namespace Gateway.Pipelines.Storage;

/// <summary>A block the service holds for a blob, as Get Block List reports it.</summary>
public readonly record struct StoredBlock(string Id, long Size, bool Committed);
