using Gateway.Rtc.Stun;

namespace Gateway.Fuzz.Targets;

internal sealed class StunMessageTarget : IFuzzTarget
{
    private static readonly byte[] Key = StunCredentials.ShortTermKey("VOkJxbRl1RmTxUk/WvJxBt");

    public string Name => "stun";

    public void Run(ReadOnlySpan<byte> input)
    {
        _ = StunMessage.IsStun(input);
        if (!StunMessage.TryParse(input, out var message, out _)) return;
        _ = message.TryGetXorMappedAddress(out _);
        _ = message.TryGetMappedAddress(out _);
        _ = message.TryGetUsername(out _);
        _ = message.TryGetErrorCode(out _, out _);
        _ = message.TryGetUnknownAttributes(stackalloc ushort[4], out _);
        _ = message.TryGetPriority(out _);
        _ = message.TryGetIceControlled(out _);
        _ = message.TryGetIceControlling(out _);
        _ = message.HasUseCandidate;
        _ = message.VerifyMessageIntegrity(Key);
        _ = message.VerifyMessageIntegritySha256(Key);
        _ = message.VerifyFingerprint();
        int walked = 0;
        foreach (var attribute in message.Attributes) walked += attribute.PaddedLength;
        // A parsed message's attributes must tile the body exactly.
        if (walked != input.Length - StunMessage.HeaderLength) throw new InvalidOperationException($"attributes cover {walked} bytes");
    }
}
