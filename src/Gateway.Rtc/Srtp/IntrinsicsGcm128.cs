using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;

namespace Gateway.Rtc.Srtp;

/// <summary>
/// AES-128-GCM on AES-NI and PCLMULQDQ (SP 800-38D): counter mode eight blocks at a time, GHASH of the same eight blocks
/// with precomputed H…H⁸ and one reduction (<see cref="Ghash"/>), so a 1200-byte packet is ~10 loop turns with no
/// native call. Decrypt hashes and decrypts in one pass, then compares tags in constant time and clears the output
/// on a mismatch, as AesGcm does. Nothing is allocated per call.
/// </summary>
internal sealed class IntrinsicsGcm128 : Gcm128
{
    private Aes128RoundKeys _keys;
    private GhashKeyPowers _h;
    private bool _disposed;

    public IntrinsicsGcm128(ReadOnlySpan<byte> key)
    {
        if (!IsSupported) throw new PlatformNotSupportedException("AES-NI and PCLMULQDQ are required");
        if (key.Length != KeyLength) throw new ArgumentException("AES-128 takes a 16-byte key", nameof(key));
        Aes128Rounds.ExpandKey(key, ref _keys);
        Ghash.Init(Aes128Rounds.Encrypt(_keys, Vector128<byte>.Zero), ref _h);
    }

    public static bool IsSupported => X86Aes.IsSupported && Pclmulqdq.IsSupported && Ssse3.IsSupported;

    public override void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag,
        ReadOnlySpan<byte> associatedData)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CheckArguments(nonce, plaintext, ciphertext, tag);
        var iv = IvBlock(nonce);
        var acc = Ghash.Absorb(_h, Vector128<ulong>.Zero, associatedData);
        ref byte input = ref MemoryMarshal.GetReference(plaintext);
        ref byte output = ref MemoryMarshal.GetReference(ciphertext);
        int length = plaintext.Length, offset = 0;
        uint counter = 2; // inc32(J0): J0 = nonce || 1 masks the tag (SP 800-38D §7.1)
        for (; length - offset >= Ghash.Blocks8; offset += Ghash.Blocks8, counter += 8)
        {
            Keystream8(iv, counter, out var b0, out var b1, out var b2, out var b3, out var b4, out var b5, out var b6, out var b7);
            ref byte from = ref Unsafe.Add(ref input, offset);
            ref byte to = ref Unsafe.Add(ref output, offset);
            b0 ^= Ghash.Load(ref from, 0); b1 ^= Ghash.Load(ref from, 1); b2 ^= Ghash.Load(ref from, 2); b3 ^= Ghash.Load(ref from, 3);
            b4 ^= Ghash.Load(ref from, 4); b5 ^= Ghash.Load(ref from, 5); b6 ^= Ghash.Load(ref from, 6); b7 ^= Ghash.Load(ref from, 7);
            Store(b0, ref to, 0); Store(b1, ref to, 1); Store(b2, ref to, 2); Store(b3, ref to, 3);
            Store(b4, ref to, 4); Store(b5, ref to, 5); Store(b6, ref to, 6); Store(b7, ref to, 7);
            acc = Ghash.Absorb8(_h, acc, b0, b1, b2, b3, b4, b5, b6, b7);
        }
        if (offset < length)
        {
            XorTail(iv, counter, plaintext[offset..], ciphertext[offset..]);
            acc = Ghash.Absorb(_h, acc, ciphertext[offset..length]);
        }
        Tag(iv, acc, associatedData.Length, length).CopyTo(tag);
    }

    public override bool Decrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext,
        ReadOnlySpan<byte> associatedData)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CheckArguments(nonce, ciphertext, plaintext, tag);
        var iv = IvBlock(nonce);
        var acc = Ghash.Absorb(_h, Vector128<ulong>.Zero, associatedData);
        ref byte input = ref MemoryMarshal.GetReference(ciphertext);
        ref byte output = ref MemoryMarshal.GetReference(plaintext);
        int length = ciphertext.Length, offset = 0;
        uint counter = 2;
        for (; length - offset >= Ghash.Blocks8; offset += Ghash.Blocks8, counter += 8)
        {
            ref byte from = ref Unsafe.Add(ref input, offset);
            ref byte to = ref Unsafe.Add(ref output, offset);
            // All eight blocks are read before any is written: decryption may be in place.
            var c0 = Ghash.Load(ref from, 0); var c1 = Ghash.Load(ref from, 1); var c2 = Ghash.Load(ref from, 2); var c3 = Ghash.Load(ref from, 3);
            var c4 = Ghash.Load(ref from, 4); var c5 = Ghash.Load(ref from, 5); var c6 = Ghash.Load(ref from, 6); var c7 = Ghash.Load(ref from, 7);
            acc = Ghash.Absorb8(_h, acc, c0, c1, c2, c3, c4, c5, c6, c7);
            Keystream8(iv, counter, out var b0, out var b1, out var b2, out var b3, out var b4, out var b5, out var b6, out var b7);
            Store(b0 ^ c0, ref to, 0); Store(b1 ^ c1, ref to, 1); Store(b2 ^ c2, ref to, 2); Store(b3 ^ c3, ref to, 3);
            Store(b4 ^ c4, ref to, 4); Store(b5 ^ c5, ref to, 5); Store(b6 ^ c6, ref to, 6); Store(b7 ^ c7, ref to, 7);
        }
        if (offset < length)
        {
            acc = Ghash.Absorb(_h, acc, ciphertext[offset..]); // before the in-place XOR overwrites it
            XorTail(iv, counter, ciphertext[offset..], plaintext[offset..]);
        }
        Span<byte> expected = stackalloc byte[TagLength];
        Tag(iv, acc, associatedData.Length, length).CopyTo(expected);
        if (CryptographicOperations.FixedTimeEquals(expected, tag)) return true;
        CryptographicOperations.ZeroMemory(plaintext); // unauthenticated plaintext never reaches the caller
        return false;
    }

    /// <summary>nonce || 0^32; the counter goes into the last word big-endian (<see cref="Counter"/>).</summary>
    private static Vector128<uint> IvBlock(ReadOnlySpan<byte> nonce)
    {
        Span<byte> block = stackalloc byte[16];
        nonce.CopyTo(block);
        return Vector128.Create<byte>(block).AsUInt32();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Counter(Vector128<uint> iv, uint counter) =>
        iv.WithElement(3, BinaryPrimitives.ReverseEndianness(counter)).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Keystream8(Vector128<uint> iv, uint counter, out Vector128<byte> b0, out Vector128<byte> b1, out Vector128<byte> b2,
        out Vector128<byte> b3, out Vector128<byte> b4, out Vector128<byte> b5, out Vector128<byte> b6, out Vector128<byte> b7)
    {
        b0 = Counter(iv, counter); b1 = Counter(iv, counter + 1); b2 = Counter(iv, counter + 2); b3 = Counter(iv, counter + 3);
        b4 = Counter(iv, counter + 4); b5 = Counter(iv, counter + 5); b6 = Counter(iv, counter + 6); b7 = Counter(iv, counter + 7);
        Aes128Rounds.Encrypt8(_keys, ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7);
    }

    /// <summary>Fewer than eight blocks left: one eight-block keystream through a stack copy, cut to length.</summary>
    private void XorTail(Vector128<uint> iv, uint counter, ReadOnlySpan<byte> input, Span<byte> output)
    {
        Span<byte> buffer = stackalloc byte[Ghash.Blocks8];
        input.CopyTo(buffer);
        Keystream8(iv, counter, out var b0, out var b1, out var b2, out var b3, out var b4, out var b5, out var b6, out var b7);
        ref byte at = ref MemoryMarshal.GetReference(buffer);
        Store(b0 ^ Ghash.Load(ref at, 0), ref at, 0); Store(b1 ^ Ghash.Load(ref at, 1), ref at, 1);
        Store(b2 ^ Ghash.Load(ref at, 2), ref at, 2); Store(b3 ^ Ghash.Load(ref at, 3), ref at, 3);
        Store(b4 ^ Ghash.Load(ref at, 4), ref at, 4); Store(b5 ^ Ghash.Load(ref at, 5), ref at, 5);
        Store(b6 ^ Ghash.Load(ref at, 6), ref at, 6); Store(b7 ^ Ghash.Load(ref at, 7), ref at, 7);
        buffer[..input.Length].CopyTo(output);
        CryptographicOperations.ZeroMemory(buffer); // keystream and plaintext do not linger on the stack
    }

    /// <summary>T = E_K(J0) XOR GHASH(A || C || [len(A)]64 || [len(C)]64), lengths in bits (SP 800-38D §7.1 steps 5–6).</summary>
    private Vector128<byte> Tag(Vector128<uint> iv, Vector128<ulong> acc, int associatedLength, int textLength)
    {
        // The length block byte-reversed: len(C) lands in the low word, len(A) in the high one.
        var lengths = Vector128.Create((ulong)textLength * 8, (ulong)associatedLength * 8);
        var s = Ghash.ToBytes(Ghash.Multiply(acc ^ lengths, _h[0]));
        return s ^ Aes128Rounds.Encrypt(_keys, Counter(iv, 1));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector128<byte> block, ref byte at, int index) => block.StoreUnsafe(ref at, (nuint)(index * Ghash.Block));

    public override void Dispose()
    {
        _disposed = true;
        _keys = default; // key material does not outlive the session
        _h = default;
    }
}
