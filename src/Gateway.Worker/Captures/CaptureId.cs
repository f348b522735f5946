using System.Security.Cryptography;

namespace Gateway.Worker.Captures;

/// <summary>
/// Capture ids look like "c_01JD…": a ULID (48-bit milliseconds + 80 random bits, Crockford base32), so ids sort by
/// creation time and cannot be guessed.
/// </summary>
public static class CaptureId
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New(string prefix, DateTimeOffset now)
    {
        Span<byte> bytes = stackalloc byte[16];
        var ms = (ulong)now.ToUnixTimeMilliseconds();
        for (var i = 0; i < 6; i++) bytes[i] = (byte)(ms >> (8 * (5 - i)));
        RandomNumberGenerator.Fill(bytes[6..]);
        Span<char> text = stackalloc char[26];
        // 128 bits → 26 base32 digits, most significant first (the first digit carries 3 bits).
        var high = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes);
        var low = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        var value = new UInt128(high, low);
        for (var i = 25; i >= 0; i--)
        {
            text[i] = Alphabet[(int)(value & 31)];
            value >>= 5;
        }
        return prefix + new string(text);
    }

    /// <summary>Ids come from URLs: accept only the shape we issue, so nothing odd reaches the file system.</summary>
    public static bool IsWellFormed(string? id, string prefix) =>
        id is not null && id.Length == prefix.Length + 26 && id.StartsWith(prefix, StringComparison.Ordinal)
        && id.AsSpan(prefix.Length).IndexOfAnyExcept(Alphabet) < 0;
}
