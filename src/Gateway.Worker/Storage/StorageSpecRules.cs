using Gateway.Worker.Captures;

namespace Gateway.Worker.Storage;

/// <summary>Checks of <c>storage</c> when it names Azure: the account is configured, container and prefix are valid.</summary>
public static class StorageSpecRules
{
    public static void Check(StorageSpec storage, bool azureConfigured, Dictionary<string, string[]> errors)
    {
        if (!azureConfigured)
            errors["storage.type"] = ["Azure storage is not configured on this gateway: set Gateway:Storage:Azure:ConnectionString."];
        if (!IsValidContainerName(storage.Container))
            errors["storage.container"] = ["An Azure container name: 3 to 63 lowercase letters, digits and single dashes, starting and ending with a letter or digit."];
        if (storage.Prefix is { } prefix && !IsValidPrefix(prefix))
            errors["storage.prefix"] = [$"At most {BlobNames.MaxPrefixLength} characters, no backslash or control characters, no leading '/', no '.' or '..' segments."];
    }

    /// <summary>Azure container naming rules (Naming and Referencing Containers, Blobs, and Metadata).</summary>
    public static bool IsValidContainerName(string? name)
    {
        if (name is null || name.Length is < 3 or > 63) return false;
        if (!char.IsAsciiLetterLower(name[0]) && !char.IsAsciiDigit(name[0])) return false;
        if (name[^1] == '-' || name.Contains("--", StringComparison.Ordinal)) return false;
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '-') return false;
        }
        return true;
    }

    public static bool IsValidPrefix(string prefix) =>
        prefix.Length <= BlobNames.MaxPrefixLength
        && !prefix.StartsWith('/')
        && !prefix.Any(c => c == '\\' || char.IsControl(c))
        && !prefix.Split('/').Any(segment => segment is "." or "..");
}
