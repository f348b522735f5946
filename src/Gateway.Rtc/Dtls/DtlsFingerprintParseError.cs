namespace Gateway.Rtc.Dtls;

public enum DtlsFingerprintParseError
{
    None,
    /// <summary>No space between the hash function name and the hex bytes.</summary>
    MissingHash,
    /// <summary>Not sha-1, sha-256, sha-384 or sha-512.</summary>
    UnsupportedHash,
    /// <summary>A byte is not two hex digits, or the separators are not single colons.</summary>
    BadHex,
    /// <summary>The byte count does not match the hash function's output size.</summary>
    WrongLength,
}
