using Gateway.Rtc.Dtls;

namespace Gateway.Rtc.Tests.Dtls;

/// <summary>Generated once per test run: key generation is the slow part of a handshake test.</summary>
internal static class TestCertificates
{
    public static readonly DtlsCertificate Server = DtlsCertificate.Generate();
    public static readonly DtlsCertificate Client = DtlsCertificate.Generate();
    public static readonly DtlsCertificate Stranger = DtlsCertificate.Generate();

    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Condition not met within {limit}");
            await Task.Delay(5);   // a polling interval, not the condition
        }
    }
}
