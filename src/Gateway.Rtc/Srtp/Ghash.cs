using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Gateway.Rtc.Srtp;

/// <summary>H, H², … H⁸ in POLYVAL form: element i is H^(i+1). Eight blocks share one reduction.</summary>
[InlineArray(8)]
internal struct GhashKeyPowers
{
    private Vector128<ulong> _element;
}

/// <summary>
/// GHASH (SP 800-38D §6.4) computed as POLYVAL (RFC 8452 §3), whose little-endian bit order suits PCLMULQDQ:
/// GHASH(H, X…) = ByteReverse(POLYVAL(mulX_POLYVAL(ByteReverse(H)), ByteReverse(X)…)) (RFC 8452 Appendix A).
/// The accumulator stays in POLYVAL form; blocks are byte-reversed as they are loaded.
/// </summary>
internal static class Ghash
{
    public const int Block = 16, Blocks8 = 8 * Block;

    private static Vector128<byte> ByteReverse => Vector128.Create((byte)15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);

    /// <summary>x^121 + x^126 + x^127: Q = x^128 + x^127 + x^126 + x^121 + 1 without its x^128 and 1 terms, shifted down by 64.</summary>
    private static Vector128<ulong> Poly => Vector128.Create(0xC200_0000_0000_0000UL, 0UL);

    /// <param name="hashKey">H = AES_K(0^128), as GCM defines it.</param>
    public static void Init(Vector128<byte> hashKey, ref GhashKeyPowers powers)
    {
        var h = Ssse3.Shuffle(hashKey, ByteReverse).AsUInt64();
        ulong lo = h.GetElement(0), hi = h.GetElement(1);
        ulong reduce = 0UL - (hi >> 63); // all ones when x^127 is set; a mask, not a branch, as H is secret
        hi = (hi << 1) | (lo >> 63);
        lo <<= 1;
        var h1 = Vector128.Create(lo ^ (reduce & 1), hi ^ (reduce & 0xC200_0000_0000_0000UL)); // mulX_POLYVAL
        powers[0] = h1;
        for (int i = 1; i < 8; i++) powers[i] = Multiply(powers[i - 1], h1);
    }

    /// <summary>Loads a GCM block as a POLYVAL element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> Reverse(Vector128<byte> block) => Ssse3.Shuffle(block, ByteReverse).AsUInt64();

    /// <summary>The GCM byte string of a POLYVAL accumulator.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> ToBytes(Vector128<ulong> accumulator) => Ssse3.Shuffle(accumulator.AsByte(), ByteReverse);

    /// <summary>Adds the unreduced 256-bit product x·h to (lo, mid, hi); mid holds the two cross terms.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MultiplyAdd(Vector128<ulong> x, Vector128<ulong> h, ref Vector128<ulong> lo, ref Vector128<ulong> mid, ref Vector128<ulong> hi)
    {
        lo ^= Pclmulqdq.CarrylessMultiply(x, h, 0x00);
        hi ^= Pclmulqdq.CarrylessMultiply(x, h, 0x11);
        mid ^= Pclmulqdq.CarrylessMultiply(x, h, 0x01) ^ Pclmulqdq.CarrylessMultiply(x, h, 0x10);
    }

    /// <summary>
    /// Montgomery reduction of the 256-bit product to (product · x^-128) mod Q, 64 bits at a time: adding L·Q for the
    /// lowest 64-bit word L clears it, and L·(x^121 + x^126 + x^127) is one carry-less multiply by <see cref="Poly"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> Reduce(Vector128<ulong> lo, Vector128<ulong> mid, Vector128<ulong> hi)
    {
        lo ^= Sse2.ShiftLeftLogical128BitLane(mid, 8);
        hi ^= Sse2.ShiftRightLogical128BitLane(mid, 8);
        var poly = Poly;
        lo = Sse2.Shuffle(lo.AsUInt32(), 0x4E).AsUInt64() ^ Pclmulqdq.CarrylessMultiply(lo, poly, 0x00);
        lo = Sse2.Shuffle(lo.AsUInt32(), 0x4E).AsUInt64() ^ Pclmulqdq.CarrylessMultiply(lo, poly, 0x00);
        return hi ^ lo;
    }

    /// <summary>POLYVAL's dot(a, b) = a · b · x^-128 mod Q.</summary>
    public static Vector128<ulong> Multiply(Vector128<ulong> a, Vector128<ulong> b)
    {
        Vector128<ulong> lo = default, mid = default, hi = default;
        MultiplyAdd(a, b, ref lo, ref mid, ref hi);
        return Reduce(lo, mid, hi);
    }

    /// <summary>Absorbs eight GCM blocks: (acc + x0)·H⁸ + x1·H⁷ + … + x7·H, one reduction.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> Absorb8(in GhashKeyPowers h, Vector128<ulong> acc, Vector128<byte> x0, Vector128<byte> x1, Vector128<byte> x2,
        Vector128<byte> x3, Vector128<byte> x4, Vector128<byte> x5, Vector128<byte> x6, Vector128<byte> x7)
    {
        Vector128<ulong> lo = default, mid = default, hi = default;
        MultiplyAdd(Reverse(x0) ^ acc, h[7], ref lo, ref mid, ref hi);
        MultiplyAdd(Reverse(x1), h[6], ref lo, ref mid, ref hi);
        MultiplyAdd(Reverse(x2), h[5], ref lo, ref mid, ref hi);
        MultiplyAdd(Reverse(x3), h[4], ref lo, ref mid, ref hi);
        MultiplyAdd(Reverse(x4), h[3], ref lo, ref mid, ref hi);
        MultiplyAdd(Reverse(x5), h[2], ref lo, ref mid, ref hi);
        MultiplyAdd(Reverse(x6), h[1], ref lo, ref mid, ref hi);
        MultiplyAdd(Reverse(x7), h[0], ref lo, ref mid, ref hi);
        return Reduce(lo, mid, hi);
    }

    /// <summary>Absorbs any number of bytes, the last partial block zero-padded (SP 800-38D §7.1 step 5).</summary>
    public static Vector128<ulong> Absorb(in GhashKeyPowers h, Vector128<ulong> acc, ReadOnlySpan<byte> data)
    {
        ref byte start = ref MemoryMarshal.GetReference(data);
        int offset = 0;
        for (; data.Length - offset >= Blocks8; offset += Blocks8)
        {
            ref byte at = ref Unsafe.Add(ref start, offset);
            acc = Absorb8(h, acc, Load(ref at, 0), Load(ref at, 1), Load(ref at, 2), Load(ref at, 3),
                Load(ref at, 4), Load(ref at, 5), Load(ref at, 6), Load(ref at, 7));
        }
        int rest = data.Length - offset;
        if (rest == 0) return acc;
        int blocks = (rest + Block - 1) / Block, full = rest / Block;
        Vector128<ulong> lo = default, mid = default, hi = default;
        var x = acc;
        for (int i = 0; i < full; i++)
        {
            MultiplyAdd(x ^ Reverse(Load(ref Unsafe.Add(ref start, offset), i)), h[blocks - 1 - i], ref lo, ref mid, ref hi);
            x = default;
        }
        if (full < blocks)
        {
            Span<byte> padded = stackalloc byte[Block];
            data[(offset + full * Block)..].CopyTo(padded);
            MultiplyAdd(x ^ Reverse(Vector128.Create(padded)), h[0], ref lo, ref mid, ref hi);
        }
        return Reduce(lo, mid, hi);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Load(ref byte at, int block) => Vector128.LoadUnsafe(ref at, (nuint)(block * Block));
}
