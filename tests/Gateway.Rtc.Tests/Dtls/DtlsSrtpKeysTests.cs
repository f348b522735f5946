using Gateway.Rtc.Dtls;

namespace Gateway.Rtc.Tests.Dtls;

public sealed class DtlsSrtpKeysTests
{
    [Theory]
    [InlineData(SrtpProtectionProfile.AesCm128HmacSha1_80, 16, 14, 60)]
    [InlineData(SrtpProtectionProfile.AeadAes128Gcm, 16, 12, 56)]
    public void Splits_client_key_server_key_client_salt_server_salt(SrtpProtectionProfile profile, int key, int salt, int total)
    {
        Assert.Equal(total, DtlsSrtpKeys.ExportLength(profile));
        var material = Enumerable.Range(0, total).Select(i => (byte)i).ToArray();

        var keys = DtlsSrtpKeys.FromKeyingMaterial(profile, material);

        Assert.Equal(material[..key], keys.ClientKey);
        Assert.Equal(material[key..(2 * key)], keys.ServerKey);
        Assert.Equal(material[(2 * key)..(2 * key + salt)], keys.ClientSalt);
        Assert.Equal(material[(2 * key + salt)..], keys.ServerSalt);
        Assert.Equal(profile, keys.Profile);
    }

    [Fact]
    public void Refuses_keying_material_of_the_wrong_length() =>
        Assert.Throws<ArgumentException>(() => DtlsSrtpKeys.FromKeyingMaterial(SrtpProtectionProfile.AeadAes128Gcm, new byte[60]));
}
