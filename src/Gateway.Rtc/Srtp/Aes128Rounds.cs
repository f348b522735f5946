using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;

namespace Gateway.Rtc.Srtp;

/// <summary>The 11 round keys of AES-128 (FIPS 197 §5.2).</summary>
[InlineArray(11)]
internal struct Aes128RoundKeys
{
    private Vector128<byte> _element;
}

/// <summary>AES-128 encryption with AES-NI: key expansion and one or eight blocks at a time (eight keep the unit busy).</summary>
internal static class Aes128Rounds
{
    public static void ExpandKey(ReadOnlySpan<byte> key, ref Aes128RoundKeys keys)
    {
        var k = Vector128.Create(key[..16]);
        keys[0] = k;
        // KeygenAssist needs its round constant as an immediate, hence one line per round.
        keys[1] = k = Next(k, X86Aes.KeygenAssist(k, 0x01));
        keys[2] = k = Next(k, X86Aes.KeygenAssist(k, 0x02));
        keys[3] = k = Next(k, X86Aes.KeygenAssist(k, 0x04));
        keys[4] = k = Next(k, X86Aes.KeygenAssist(k, 0x08));
        keys[5] = k = Next(k, X86Aes.KeygenAssist(k, 0x10));
        keys[6] = k = Next(k, X86Aes.KeygenAssist(k, 0x20));
        keys[7] = k = Next(k, X86Aes.KeygenAssist(k, 0x40));
        keys[8] = k = Next(k, X86Aes.KeygenAssist(k, 0x80));
        keys[9] = k = Next(k, X86Aes.KeygenAssist(k, 0x1B));
        keys[10] = Next(k, X86Aes.KeygenAssist(k, 0x36));
    }

    // w[i] = w[i-1] XOR w[i-4] across the four words, plus SubWord(RotWord(w[3])) XOR rcon from KeygenAssist's top word.
    private static Vector128<byte> Next(Vector128<byte> key, Vector128<byte> assist)
    {
        assist = Sse2.Shuffle(assist.AsUInt32(), 0xFF).AsByte();
        key ^= Sse2.ShiftLeftLogical128BitLane(key, 4);
        key ^= Sse2.ShiftLeftLogical128BitLane(key, 4);
        key ^= Sse2.ShiftLeftLogical128BitLane(key, 4);
        return key ^ assist;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Encrypt(in Aes128RoundKeys keys, Vector128<byte> block)
    {
        block ^= keys[0];
        for (int round = 1; round < 10; round++) block = X86Aes.Encrypt(block, keys[round]);
        return X86Aes.EncryptLast(block, keys[10]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Encrypt8(in Aes128RoundKeys keys, ref Vector128<byte> b0, ref Vector128<byte> b1, ref Vector128<byte> b2,
        ref Vector128<byte> b3, ref Vector128<byte> b4, ref Vector128<byte> b5, ref Vector128<byte> b6, ref Vector128<byte> b7)
    {
        var k = keys[0];
        b0 ^= k; b1 ^= k; b2 ^= k; b3 ^= k; b4 ^= k; b5 ^= k; b6 ^= k; b7 ^= k;
        for (int round = 1; round < 10; round++)
        {
            k = keys[round];
            b0 = X86Aes.Encrypt(b0, k); b1 = X86Aes.Encrypt(b1, k); b2 = X86Aes.Encrypt(b2, k); b3 = X86Aes.Encrypt(b3, k);
            b4 = X86Aes.Encrypt(b4, k); b5 = X86Aes.Encrypt(b5, k); b6 = X86Aes.Encrypt(b6, k); b7 = X86Aes.Encrypt(b7, k);
        }
        k = keys[10];
        b0 = X86Aes.EncryptLast(b0, k); b1 = X86Aes.EncryptLast(b1, k); b2 = X86Aes.EncryptLast(b2, k); b3 = X86Aes.EncryptLast(b3, k);
        b4 = X86Aes.EncryptLast(b4, k); b5 = X86Aes.EncryptLast(b5, k); b6 = X86Aes.EncryptLast(b6, k); b7 = X86Aes.EncryptLast(b7, k);
    }
}
