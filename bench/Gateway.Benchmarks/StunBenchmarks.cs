using System.Net;
using BenchmarkDotNet.Attributes;
using Gateway.Rtc.Stun;

namespace Gateway.Benchmarks;

/// <summary>The ICE-lite hot path: parse a Binding request, check MESSAGE-INTEGRITY and FINGERPRINT, answer it.</summary>
[MemoryDiagnoser]
public class StunBenchmarks
{
    // RFC 5769 §2.1 sample request.
    private static readonly byte[] Request = Convert.FromHexString(
        "000100582112a442b7e7a701bc34d686fa87dfae8022001053545" + "54e20746573742063" + "6c69656e74002400046e0001ff" +
        "80290008932ff9b151263b3600060009657674" + "6a3a6836765920202000080014" + "9aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2" +
        "80280004e57a3bcf");

    private static readonly byte[] Key = StunCredentials.ShortTermKey("VOkJxbRl1RmTxUk/WvJxBt");
    private static readonly IPEndPoint Remote = new(IPAddress.Parse("192.0.2.1"), 32853);
    private readonly byte[] _response = new byte[256];

    [Benchmark(Baseline = true)]
    public bool ParseVerify() =>
        StunMessage.TryParse(Request, out var message, out _) && message.VerifyMessageIntegrity(Key) && message.VerifyFingerprint();

    [Benchmark]
    public int ParseVerifyRespond()
    {
        if (!StunMessage.TryParse(Request, out var message, out _) || !message.VerifyMessageIntegrity(Key) || !message.VerifyFingerprint())
            return 0;
        var writer = new StunMessageWriter(_response, StunMessageType.BindingSuccess, message.TransactionId);
        writer.AddXorMappedAddress(Remote);
        writer.AddMessageIntegrity(Key);
        writer.AddFingerprint();
        return writer.Length;
    }
}
