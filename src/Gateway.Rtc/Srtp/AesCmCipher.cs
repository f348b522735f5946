using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;

namespace Gateway.Rtc.Srtp;

/// <summary>
/// AES in counter mode as SRTP uses it (RFC 3711 §4.1.1): IV = (salt · 2^16) XOR (SSRC · 2^64) XOR (index · 2^16),
/// block i encrypts IV + i. .NET has no CTR mode, so the counter blocks of a whole packet are built in a reusable
/// buffer and encrypted with one ECB call, then XORed into the payload. One instance per session key; not thread-safe.
/// </summary>
internal sealed class AesCmCipher : IDisposable
{
    public const int BlockSize = 16;
    private const int ChunkBlocks = 128; // 2 KiB per ECB call covers a full-MTU packet in one go

    private readonly Aes _aes;
    private readonly ICryptoTransform _encryptor;
    private readonly byte[] _salt = new byte[14];
    private readonly byte[] _counters = new byte[ChunkBlocks * BlockSize];
    private readonly byte[] _keystream = new byte[ChunkBlocks * BlockSize];

    public AesCmCipher(ReadOnlySpan<byte> key, ReadOnlySpan<byte> salt)
    {
        _aes = Aes.Create();
        _aes.Key = key.ToArray();
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        // A reused ECB transform keeps one native cipher context; the one-shot Aes.EncryptEcb creates one per call,
        // which measured as 64 bytes allocated per packet.
        _encryptor = _aes.CreateEncryptor();
        salt[..Math.Min(14, salt.Length)].CopyTo(_salt);
    }

    /// <summary>Encrypts or decrypts <paramref name="data"/> in place for this SSRC and 48-bit packet index.</summary>
    public void Transform(uint ssrc, ulong index, Span<byte> data)
    {
        Span<byte> iv = stackalloc byte[BlockSize];
        iv.Clear();
        _salt.CopyTo(iv);
        BinaryPrimitives.WriteUInt32BigEndian(iv[4..], BinaryPrimitives.ReadUInt32BigEndian(iv[4..]) ^ ssrc);
        // index · 2^16 occupies bytes 8..13; bytes 14..15 stay zero and take the block counter.
        ulong low = BinaryPrimitives.ReadUInt64BigEndian(iv[8..]) ^ ((index & 0xFFFF_FFFF_FFFF) << 16);
        ulong high = MemoryMarshal.Read<ulong>(iv); // copied as raw bytes, endianness irrelevant

        int counter = 0;
        while (!data.IsEmpty)
        {
            int length = Math.Min(data.Length, _keystream.Length);
            int blocks = (length + BlockSize - 1) / BlockSize;
            var counters = _counters.AsSpan(0, blocks * BlockSize);
            for (int i = 0; i < blocks; i++, counter++)
            {
                MemoryMarshal.Write(counters[(i * BlockSize)..], high);
                BinaryPrimitives.WriteUInt64BigEndian(counters[(i * BlockSize + 8)..], low + (ulong)(counter & 0xFFFF));
            }
            _encryptor.TransformBlock(_counters, 0, counters.Length, _keystream, 0);
            Xor(data[..length], _keystream);
            data = data[length..];
        }
    }

    /// <summary>data ^= keystream over data.Length bytes, 32 or 16 bytes at a time.</summary>
    internal static void Xor(Span<byte> data, ReadOnlySpan<byte> keystream)
    {
        ref byte d = ref MemoryMarshal.GetReference(data);
        ref byte k = ref MemoryMarshal.GetReference(keystream);
        nuint length = (nuint)data.Length, i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 32 <= length; i += 32)
                (Vector256.LoadUnsafe(ref d, i) ^ Vector256.LoadUnsafe(ref k, i)).StoreUnsafe(ref d, i);
        }
        for (; i + 16 <= length; i += 16)
            (Vector128.LoadUnsafe(ref d, i) ^ Vector128.LoadUnsafe(ref k, i)).StoreUnsafe(ref d, i);
        for (; i < length; i++) Unsafe.Add(ref d, i) ^= Unsafe.Add(ref k, i);
    }

    public void Dispose()
    {
        _encryptor.Dispose();
        _aes.Dispose();
    }
}
