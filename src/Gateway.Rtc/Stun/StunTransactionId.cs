using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Gateway.Rtc.Stun;

/// <summary>The 96-bit transaction id (RFC 8489 §5), held as two integers so it compares and hashes without allocating.</summary>
public readonly record struct StunTransactionId(uint High, ulong Low)
{
    public const int Length = 12;

    public static StunTransactionId Read(ReadOnlySpan<byte> source) =>
        new(BinaryPrimitives.ReadUInt32BigEndian(source), BinaryPrimitives.ReadUInt64BigEndian(source[4..]));

    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, High);
        BinaryPrimitives.WriteUInt64BigEndian(destination[4..], Low);
    }

    /// <summary>A fresh id from a cryptographic random source, as RFC 8489 §5 requires.</summary>
    public static StunTransactionId NewRandom()
    {
        Span<byte> bytes = stackalloc byte[Length];
        RandomNumberGenerator.Fill(bytes);
        return Read(bytes);
    }

    public override string ToString() => $"{High:x8}{Low:x16}";
}
