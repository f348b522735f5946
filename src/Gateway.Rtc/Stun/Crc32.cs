namespace Gateway.Rtc.Stun;

/// <summary>
/// CRC-32 as in ISO 3309 / ITU-T V.42 (reflected polynomial 0xEDB88320), the one FINGERPRINT uses (RFC 8489 §14.7).
/// A 256-entry table is plenty for STUN-sized messages and keeps the project free of another package.
/// </summary>
internal static class Crc32
{
    private static readonly uint[] Table = CreateTable();

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data) crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return ~crc;
    }

    private static uint[] CreateTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            table[i] = c;
        }
        return table;
    }
}
