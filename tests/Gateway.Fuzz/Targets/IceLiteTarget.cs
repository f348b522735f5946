using System.Net;
using Gateway.Rtc.Ice;
using Gateway.Rtc.Stun;

namespace Gateway.Fuzz.Targets;

/// <summary>Connectivity checks (arbitrary bytes as STUN) against an ICE-lite responder with one session.</summary>
internal sealed class IceLiteTarget : IFuzzTarget
{
    private static readonly IPEndPoint Remote = new(IPAddress.Loopback, 50000);
    private readonly byte[] _response = new byte[512];
    private IceLiteResponder? _responder;   // created on first input: no instrumented code before SharpFuzz starts

    public string Name => "ice";

    public void Run(ReadOnlySpan<byte> input)
    {
        if (_responder is null)
        {
            _responder = new IceLiteResponder(TimeProvider.System);
            _responder.Add(new IceLiteSession("gwUf", "gateway-ice-password-24c", "brUf"));
        }
        var result = _responder.Handle(input, Remote, _response, out var written, out var session);
        if ((result == IceCheckResult.Answered) != (written > 0 && session is not null))
            throw new InvalidOperationException($"{result} with {written} bytes written");
        if (result == IceCheckResult.Answered && !StunMessage.TryParse(_response.AsSpan(0, written), out _, out var error))
            throw new InvalidOperationException($"our own response does not parse: {error}");
        DatagramClassifier.Classify(input);
    }
}
