using System.Buffers.Binary;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Gateway.Rtc.Srtp;

namespace Gateway.Benchmarks;

/// <summary>
/// SRTP at a full-MTU packet (1200-byte payload). Unprotect must see fresh indices (the replay window rejects repeats),
/// so each iteration restores a batch of distinct protected packets and a fresh receiver before the measured loop.
/// AEAD_AES_128_GCM runs twice: on the platform AesGcm (OpenSSL) and on the AES-NI/PCLMULQDQ <see cref="Gcm128"/>.
/// </summary>
[MemoryDiagnoser]
public class SrtpBenchmarks
{
    internal const int Packets = 16384;
    private const int Payload = 1200, Header = 12;
    private static readonly byte[] Key = Convert.FromHexString("e1f97a0d3e018be0d64fa32c06de4139");
    private static readonly byte[] CmSalt = Convert.FromHexString("0ec675ad498afeebb6960b3aabe6");
    private static readonly byte[] GcmSalt = Convert.FromHexString("0ec675ad498afeebb6960b3a");

    private byte[] _pristine = [];
    private byte[] _work = [];
    private int _stride, _protectedLength;
    private SrtpContext? _receiver, _sender;
    private readonly byte[] _plain = new byte[Header + Payload + 16];
    private readonly byte[] _hmacKey = new byte[20];
    private IncrementalHash? _hmac;
    private AesCmCipher? _keystream;
    private Aes? _aes;
    private readonly byte[] _counterBlocks = new byte[((Payload + 15) / 16) * 16];

    public enum SrtpCipher { AesCmPlatform, AesCmIntrinsics, GcmPlatform, GcmIntrinsics }

    [Params(SrtpCipher.AesCmPlatform, SrtpCipher.AesCmIntrinsics, SrtpCipher.GcmPlatform, SrtpCipher.GcmIntrinsics)]
    public SrtpCipher Cipher { get; set; }

    private SrtpContext NewContext() => Cipher switch
    {
        SrtpCipher.AesCmPlatform or SrtpCipher.AesCmIntrinsics => new(SrtpProfile.AesCm128HmacSha1_80,
            new AesCmHmacTransform(Key, CmSalt, 10, allowIntrinsics: Cipher == SrtpCipher.AesCmIntrinsics)),
        _ => new(SrtpProfile.AeadAes128Gcm,
            AesGcmTransform.FromMasterKey(Key, GcmSalt, allowIntrinsics: Cipher == SrtpCipher.GcmIntrinsics)),
    };

    [GlobalSetup]
    public void GlobalSetup()
    {
        _sender = NewContext();
        _stride = Header + Payload + 16;
        _pristine = new byte[Packets * _stride];
        _work = new byte[_pristine.Length];
        using var producer = NewContext();
        for (int i = 0; i < Packets; i++)
        {
            var packet = _pristine.AsSpan(i * _stride, _stride);
            WriteRtp(packet, (ushort)(60000 + i)); // crosses the 65535 → 0 wrap
            if (!producer.ProtectRtp(packet, Header + Payload, out _protectedLength, out var error))
                throw new InvalidOperationException(error.ToString());
        }
        WriteRtp(_plain, 1);
        _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, _hmacKey);
        _keystream = new AesCmCipher(Key, CmSalt);
        _aes = Aes.Create();
        _aes.Key = Key;
        _gcm = new AesGcm(Key, 16);
        _gcmIntrinsics = new IntrinsicsGcm128(Key);
    }

    [IterationSetup(Target = nameof(Unprotect))]
    public void RestorePackets()
    {
        _pristine.CopyTo(_work, 0);
        _receiver?.Dispose();
        _receiver = NewContext();
    }

    [Benchmark(OperationsPerInvoke = Packets)]
    public int Unprotect()
    {
        int total = 0;
        for (int i = 0; i < Packets; i++)
        {
            if (!_receiver!.UnprotectRtp(_work.AsSpan(i * _stride, _protectedLength), out int length, out var error))
                throw new InvalidOperationException(error.ToString());
            total += length;
        }
        return total;
    }

    [Benchmark]
    public int Protect()
    {
        _sender!.ProtectRtp(_plain, Header + Payload, out int length, out _);
        return length;
    }

    /// <summary>HMAC-SHA1 over one packet with a reused IncrementalHash (what AesCmHmacTransform does).</summary>
    [Benchmark]
    public int HmacIncremental()
    {
        _hmac!.AppendData(_plain.AsSpan(0, Header + Payload));
        _hmac.AppendData(_plain.AsSpan(0, 4));
        Span<byte> tag = stackalloc byte[20];
        return _hmac.GetHashAndReset(tag);
    }

    /// <summary>The alternative: one-shot HMACSHA1.HashData, which redoes the key schedule per packet.</summary>
    [Benchmark]
    public int HmacOneShot()
    {
        Span<byte> tag = stackalloc byte[20];
        return HMACSHA1.HashData(_hmacKey, _plain.AsSpan(0, Header + Payload + 4), tag);
    }

    /// <summary>AES-CM keystream and XOR over one payload (what AesCmCipher does: reused ECB transform).</summary>
    [Benchmark]
    public int AesCmKeystream()
    {
        _keystream!.Transform(0x1234_5678, 42, _plain.AsSpan(Header, Payload));
        return _plain[Header];
    }

    /// <summary>The alternative: counter blocks through the one-shot Aes.EncryptEcb (no XOR), per packet.</summary>
    [Benchmark]
    public int AesEcbOneShot()
    {
        return _aes!.EncryptEcb(_counterBlocks, _counterBlocks, PaddingMode.None);
    }

    /// <summary>
    /// The ceiling for AEAD_AES_128_GCM: the platform's AesGcm over one 1200-byte payload with its 12-byte header as
    /// associated data, encrypt then decrypt (halve it for one direction), without any SRTP work around it.
    /// </summary>
    [Benchmark]
    public int AesGcmEncryptDecrypt()
    {
        Span<byte> nonce = stackalloc byte[12];
        _gcm!.Encrypt(nonce, _gcmPlain, _gcmCipher, _gcmTag, _plain.AsSpan(0, Header));
        _gcm.Decrypt(nonce, _gcmCipher, _gcmTag, _gcmPlain, _plain.AsSpan(0, Header));
        return _gcmPlain[0];
    }

    /// <summary>The same on the AES-NI/PCLMULQDQ implementation.</summary>
    [Benchmark]
    public int IntrinsicsGcmEncryptDecrypt()
    {
        Span<byte> nonce = stackalloc byte[12];
        _gcmIntrinsics!.Encrypt(nonce, _gcmPlain, _gcmCipher, _gcmTag, _plain.AsSpan(0, Header));
        _gcmIntrinsics.Decrypt(nonce, _gcmCipher, _gcmTag, _gcmPlain, _plain.AsSpan(0, Header));
        return _gcmPlain[0];
    }

    private readonly byte[] _gcmPlain = new byte[Payload];
    private readonly byte[] _gcmCipher = new byte[Payload];
    private readonly byte[] _gcmTag = new byte[16];
    private AesGcm? _gcm;
    private IntrinsicsGcm128? _gcmIntrinsics;

    private static void WriteRtp(Span<byte> packet, ushort sequence)
    {
        packet[0] = 0x80;
        packet[1] = 96;
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet[4..], 90_000u * sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet[8..], 0x1234_5678);
        for (int i = Header; i < Header + Payload; i++) packet[i] = (byte)i;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _receiver?.Dispose();
        _sender?.Dispose();
        _hmac?.Dispose();
        _keystream?.Dispose();
        _aes?.Dispose();
        _gcm?.Dispose();
        _gcmIntrinsics?.Dispose();
    }
}
