using Gateway.Rtc.Srtp;
using static Gateway.Rtc.Tests.Srtp.SrtpTestData;

namespace Gateway.Rtc.Tests.Srtp;

/// <summary>
/// Known answers for both <see cref="Gcm128"/> implementations: McGrew–Viega test cases 1–4 (the GCM specification's
/// AES-128 cases with a 96-bit IV) and a selection of NIST CAVP gcmEncryptExtIV128.rsp (Count 0 of each group),
/// covering empty, one-block, 13-, 51-, 60- and 64-byte texts and 0-, 16-, 20- and 90-byte AAD. The platform run checks
/// the transcription of each vector; the intrinsics run checks the code.
/// </summary>
public sealed class Gcm128VectorTests
{
    public static TheoryData<string, string, string, string, string, string, bool> Vectors()
    {
        (string Key, string Iv, string Pt, string Aad, string Ct, string Tag)[] vectors =
        [
            // McGrew–Viega TC1–TC4
            ("00000000000000000000000000000000", "000000000000000000000000", "", "", "", "58e2fccefa7e3061367f1d57a4e7455a"),
            ("00000000000000000000000000000000", "000000000000000000000000", "00000000000000000000000000000000", "",
                "0388dace60b6a392f328c2b971b2fe78", "ab6e47d42cec13bdf53a67b21257bddf"),
            ("feffe9928665731c6d6a8f9467308308", "cafebabefacedbaddecaf888",
                "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255", "",
                "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985",
                "4d5c2af327cd64a62cf35abd2ba6fab4"),
            ("feffe9928665731c6d6a8f9467308308", "cafebabefacedbaddecaf888",
                "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
                "feedfacedeadbeeffeedfacedeadbeefabaddad2",
                "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
                "5bc94fbc3221a5db94fae95ae7121a47"),
            // CAVP gcmEncryptExtIV128: PTlen/AADlen 0/0, 0/128, 128/0, 408/160, 408/720, 104/0 (bits)
            ("11754cd72aec309bf52f7687212e8957", "3c819d9a9bed087615030b65", "", "", "", "250327c674aaf477aef2675748cf6971"),
            ("77be63708971c4e240d1cb79e8d77feb", "e0e00f19fed7ba0136a797f3", "", "7a43ec1d9c0a5a78a0b16533a6213cab", "",
                "209fcc8d3675ed938e9c7166709dd946"),
            ("7fddb57453c241d03efbed3ac44e371c", "ee283a3fc75575e33efd4887", "d5de42b461646c255c87bd2962d3b9a2", "",
                "2ccda4a5415cb91e135c2a0f78c9b2fd", "b36d1df9b9d5e596f83e8b7f52971cb3"),
            ("fe47fcce5fc32665d2ae399e4eec72ba", "5adb9609dbaeb58cbd6e7275",
                "7c0e88c88899a779228465074797cd4c2e1498d259b54390b85e3eef1c02df60e743f1b840382c4bccaf3bafb4ca8429bea063",
                "88319d6e1d3ffa5f987199166c8a9b56c2aeba5a",
                "98f4826f05a265e6dd2be82db241c0fbbbf9ffb1c173aa83964b7cf5393043736365253ddbc5db8778371495da76d269e5db3e",
                "291ef1982e4defedaa2249f898556b47"),
            ("2c1f21cf0f6fb3661943155c3e3d8492", "23cb5ff362e22426984d1907",
                "42f758836986954db44bf37c6ef5e4ac0adaf38f27252a1b82d02ea949c8a1a2dbc0d68b5615ba7c1220ff6510e259f06655d8",
                "5d3624879d35e46849953e45a32a624d6a6c536ed9857c613b572b0333e701557a713e3f010ecdf9a6bd6c9e3e44b065208645aff4aabee611b391528514170084ccf587177f4488f33cfb5e979e42b6e1cfc0a60238982a7aec",
                "81824f0e0d523db30d3da369fdc0d60894c7a0a20646dd015073ad2732bd989b14a222b6ad57af43e1895df9dca2a5344a62cc",
                "57a3ee28136e94c74838997ae9823f3a"),
            ("fe9bb47deb3a61e423c2231841cfd1fb", "4d328eb776f500a2f7fb47aa", "f1cc3818e421876bb6b8bbd6c9", "", "b88c5c1977b35b517b0aeae967",
                "43fd4727fe5cdb4b5b42818dea7ef8c9"),
        ];
        var data = new TheoryData<string, string, string, string, string, string, bool>();
        foreach (var v in vectors)
        {
            data.Add(v.Key, v.Iv, v.Pt, v.Aad, v.Ct, v.Tag, true);
            data.Add(v.Key, v.Iv, v.Pt, v.Aad, v.Ct, v.Tag, false);
        }
        return data;
    }

    internal static Gcm128 New(byte[] key, bool intrinsics) => intrinsics ? new IntrinsicsGcm128(key) : new PlatformGcm128(key);

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Encrypt_gives_the_known_ciphertext_and_tag(string key, string iv, string pt, string aad, string ct, string tag, bool intrinsics)
    {
        using var gcm = New(Hex(key), intrinsics);
        var ciphertext = new byte[Hex(pt).Length];
        var computedTag = new byte[16];
        gcm.Encrypt(Hex(iv), Hex(pt), ciphertext, computedTag, Hex(aad));
        Assert.Equal(Hex(ct), ciphertext);
        Assert.Equal(Hex(tag), computedTag);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Decrypt_in_place_gives_the_known_plaintext(string key, string iv, string pt, string aad, string ct, string tag, bool intrinsics)
    {
        using var gcm = New(Hex(key), intrinsics);
        var buffer = Hex(ct);
        Assert.True(gcm.Decrypt(Hex(iv), buffer, Hex(tag), buffer, Hex(aad)));
        Assert.Equal(Hex(pt), buffer);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Decrypt_refuses_a_tag_with_one_bit_flipped(string key, string iv, string pt, string aad, string ct, string tag, bool intrinsics)
    {
        using var gcm = New(Hex(key), intrinsics);
        for (int bit = 0; bit < 128; bit += 7)
        {
            var badTag = Hex(tag);
            badTag[bit / 8] ^= (byte)(1 << (bit % 8));
            var plaintext = new byte[Hex(pt).Length];
            Assert.False(gcm.Decrypt(Hex(iv), Hex(ct), badTag, plaintext, Hex(aad)));
            Assert.All(plaintext, b => Assert.Equal(0, b));
        }
    }

    [Fact]
    public void The_intrinsics_implementation_runs_on_this_machine()
    {
        // The figures in the SRTP benchmark assume it; on a CPU without AES-NI Gcm128.Create falls back to AesGcm.
        Assert.True(IntrinsicsGcm128.IsSupported, "AES-NI/PCLMULQDQ not available: the platform AesGcm is in use");
        using var gcm = Gcm128.Create(new byte[16]);
        Assert.IsType<IntrinsicsGcm128>(gcm);
    }

    [Fact]
    public void Arguments_of_the_wrong_shape_are_refused()
    {
        using var gcm = New(new byte[16], intrinsics: true);
        var text = new byte[40];
        Assert.Throws<ArgumentException>(() => gcm.Encrypt(new byte[8], text, text, new byte[16], []));
        Assert.Throws<ArgumentException>(() => gcm.Encrypt(new byte[12], text, text, new byte[12], []));
        Assert.Throws<ArgumentException>(() => gcm.Encrypt(new byte[12], text, new byte[39], new byte[16], []));
        Assert.Throws<ArgumentException>(() => gcm.Encrypt(new byte[12], text.AsSpan(0, 32), text.AsSpan(4, 32), new byte[16], []));
        Assert.Throws<ArgumentException>(() => new IntrinsicsGcm128(new byte[24]));
        gcm.Dispose();
        Assert.Throws<ObjectDisposedException>(() => gcm.Encrypt(new byte[12], text, text, new byte[16], []));
    }
}
