using System.Text.RegularExpressions;
using Gateway.Rtc.Dtls;

namespace Gateway.Rtc.Tests.Dtls;

/// <summary>An EC P-256 key and self-signed certificate made by the openssl CLI in a temp folder, deleted on dispose.</summary>
internal sealed partial class OpenSslIdentity : IDisposable
{
    public static readonly TimeSpan CommandLimit = TimeSpan.FromSeconds(30);

    private OpenSslIdentity(string directory, DtlsFingerprint fingerprint)
    {
        Directory = directory;
        Fingerprint = fingerprint;
    }

    public string Directory { get; }

    public string CertificateFile => "c.pem";

    public string KeyFile => "k.pem";

    /// <summary>The fingerprint as OpenSSL computes it, converted to the SDP form.</summary>
    public DtlsFingerprint Fingerprint { get; }

    public static async Task<OpenSslIdentity> CreateAsync()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("gateway-dtls-").FullName;
        try
        {
            await OpenSslProcess.RunAsync(directory, CommandLimit, "req", "-x509", "-newkey", "ec",
                "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "k.pem", "-out", "c.pem",
                "-days", "2", "-subj", "/CN=openssl-peer");
            var printed = await OpenSslProcess.RunAsync(directory, CommandLimit, "x509", "-in", "c.pem", "-noout", "-fingerprint", "-sha256");
            // "sha256 Fingerprint=63:C2:..." (OpenSSL 3) or "SHA256 Fingerprint=..." (1.1).
            var match = FingerprintLine().Match(printed);
            Assert.True(match.Success, $"unexpected openssl output: {printed}");
            return new OpenSslIdentity(directory, DtlsFingerprint.Parse("sha-256 " + match.Groups[1].Value));
        }
        catch
        {
            System.IO.Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    /// <summary>The DER bytes of the first PEM certificate printed after <paramref name="heading"/> in openssl output.</summary>
    public static byte[] PemAfter(string output, string heading)
    {
        int at = output.IndexOf(heading, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{heading}' not in openssl output:\n{output}");
        const string begin = "-----BEGIN CERTIFICATE-----", end = "-----END CERTIFICATE-----";
        int from = output.IndexOf(begin, at, StringComparison.Ordinal) + begin.Length;
        int to = output.IndexOf(end, from, StringComparison.Ordinal);
        return Convert.FromBase64String(string.Concat(output[from..to].Split('\n', StringSplitOptions.TrimEntries)));
    }

    /// <summary>The hex after "Keying material: " that -keymatexport prints.</summary>
    public static byte[] ExportedKeyingMaterial(string output)
    {
        var match = KeyingMaterialLine().Match(output);
        Assert.True(match.Success, $"no keying material in openssl output:\n{output}");
        return Convert.FromHexString(match.Groups[1].Value);
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    [GeneratedRegex(@"(?i)sha256 Fingerprint=([0-9A-F:]+)")]
    private static partial Regex FingerprintLine();

    [GeneratedRegex(@"Keying material: ([0-9A-F]+)")]
    private static partial Regex KeyingMaterialLine();
}
