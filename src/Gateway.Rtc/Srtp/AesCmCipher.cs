using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;

namespace Gateway.Rtc.Srtp;

/// <summary>
/// AES in counter mode as SRTP uses it (RFC 3711 §4.1.1): IV = (salt · 2^16) XOR (SSRC · 2^64) XOR (index · 2^16),
/// block i encrypts IV + i. With AES-NI the keystream comes from <see cref="Aes128Rounds"/>, eight blocks in flight,
/// XORed straight into the payload with no native call. Otherwise (.NET has no CTR mode) the counter blocks are built
/// in a reusable buffer, encrypted with one ECB call of a reused transform and XORed in. One instance per session
/// key; not thread-safe.
/// </summary>
internal sealed class AesCmCipher : IDisposable
{
    public const int BlockSize = 16;
    private const int ChunkBlocks = 128; // 2 KiB per ECB call covers a full-MTU packet in one go

    private readonly Aes? _aes;
    private readonly ICryptoTransform? _encryptor;
    private readonly byte[] _salt = new byte[14];
    private readonly byte[]? _counters, _keystream;
    private Aes128RoundKeys _keys;

    /// <param name="allowIntrinsics">False forces the platform ECB path (tests and benchmarks compare the two).</param>
    public AesCmCipher(ReadOnlySpan<byte> key, ReadOnlySpan<byte> salt, bool allowIntrinsics = true)
    {
        if (key.Length != 16) throw new ArgumentException("AES_CM_128 takes a 16-byte key", nameof(key));
        salt[..Math.Min(14, salt.Length)].CopyTo(_salt);
        UsesIntrinsics = allowIntrinsics && IsSupported;
        if (UsesIntrinsics)
        {
            Aes128Rounds.ExpandKey(key, ref _keys);
            return;
        }
        _aes = Aes.Create();
        _aes.Key = key.ToArray();
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        // A reused ECB transform keeps one native cipher context; the one-shot Aes.EncryptEcb creates one per call,
        // which measured as 64 bytes allocated per packet.
        _encryptor = _aes.CreateEncryptor();
        _counters = new byte[ChunkBlocks * BlockSize];
        _keystream = new byte[ChunkBlocks * BlockSize];
    }

    public static bool IsSupported => X86Aes.IsSupported;

    public bool UsesIntrinsics { get; }

    /// <summary>Encrypts or decrypts <paramref name="data"/> in place for this SSRC and 48-bit packet index.</summary>
    public void Transform(uint ssrc, ulong index, Span<byte> data)
    {
        Span<byte> iv = stackalloc byte[BlockSize];
        iv.Clear();
        _salt.CopyTo(iv);
        BinaryPrimitives.WriteUInt32BigEndian(iv[4..], BinaryPrimitives.ReadUInt32BigEndian(iv[4..]) ^ ssrc);
        // index · 2^16 occupies bytes 8..13; bytes 14..15 stay zero and take the block counter.
        ulong low = BinaryPrimitives.ReadUInt64BigEndian(iv[8..]) ^ ((index & 0xFFFF_FFFF_FFFF) << 16);
        BinaryPrimitives.WriteUInt64BigEndian(iv[8..], low);
        if (UsesIntrinsics) TransformIntrinsics(Vector128.Create<byte>(iv), data);
        else TransformPlatform(iv, data);
    }

    private void TransformIntrinsics(Vector128<byte> iv, Span<byte> data)
    {
        ref byte d = ref MemoryMarshal.GetReference(data);
        int length = data.Length, offset = 0;
        uint counter = 0;
        for (; length - offset >= 8 * BlockSize; offset += 8 * BlockSize, counter += 8)
        {
            var b0 = Counter(iv, counter); var b1 = Counter(iv, counter + 1); var b2 = Counter(iv, counter + 2); var b3 = Counter(iv, counter + 3);
            var b4 = Counter(iv, counter + 4); var b5 = Counter(iv, counter + 5); var b6 = Counter(iv, counter + 6); var b7 = Counter(iv, counter + 7);
            Aes128Rounds.Encrypt8(_keys, ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7);
            ref byte p = ref Unsafe.Add(ref d, offset);
            XorStore(b0, ref p, 0); XorStore(b1, ref p, 1); XorStore(b2, ref p, 2); XorStore(b3, ref p, 3);
            XorStore(b4, ref p, 4); XorStore(b5, ref p, 5); XorStore(b6, ref p, 6); XorStore(b7, ref p, 7);
        }
        for (; length - offset >= BlockSize; offset += BlockSize, counter++)
            XorStore(Aes128Rounds.Encrypt(_keys, Counter(iv, counter)), ref Unsafe.Add(ref d, offset), 0);
        if (offset < length)
        {
            Span<byte> last = stackalloc byte[BlockSize];
            Aes128Rounds.Encrypt(_keys, Counter(iv, counter)).CopyTo(last);
            Xor(data[offset..], last);
        }
    }

    // IV + i: the IV's last two bytes are zero, so adding a 16-bit counter is XORing it, big-endian, into bytes 14..15.
    // The counter wraps at 2^16 blocks (1 MiB), as the platform path does; no SRTP packet comes near it.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Counter(Vector128<byte> iv, uint counter) =>
        iv ^ Vector128.Create(0UL, (ulong)BinaryPrimitives.ReverseEndianness((ushort)counter) << 48).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void XorStore(Vector128<byte> keystream, ref byte data, nuint block) =>
        (keystream ^ Vector128.LoadUnsafe(ref data, block * BlockSize)).StoreUnsafe(ref data, block * BlockSize);

    private void TransformPlatform(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        ulong low = BinaryPrimitives.ReadUInt64BigEndian(iv[8..]);
        ulong high = MemoryMarshal.Read<ulong>(iv); // copied as raw bytes, endianness irrelevant
        int counter = 0;
        while (!data.IsEmpty)
        {
            int length = Math.Min(data.Length, _keystream!.Length);
            int blocks = (length + BlockSize - 1) / BlockSize;
            var counters = _counters.AsSpan(0, blocks * BlockSize);
            for (int i = 0; i < blocks; i++, counter++)
            {
                MemoryMarshal.Write(counters[(i * BlockSize)..], high);
                BinaryPrimitives.WriteUInt64BigEndian(counters[(i * BlockSize + 8)..], low + (ulong)(counter & 0xFFFF));
            }
            _encryptor!.TransformBlock(_counters!, 0, counters.Length, _keystream, 0);
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
        _encryptor?.Dispose();
        _aes?.Dispose();
        _keys = default; // round keys are key material
    }
}
