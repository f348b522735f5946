using Gateway.Rtc.Srtp;

namespace Gateway.Fuzz.Targets;

/// <summary>
/// Unprotects arbitrary input as SRTP and SRTCP with fixed contexts of both profiles (libsrtp's test keys, so the
/// corpus can hold real protected packets). State carries over between inputs, as it does on a live socket.
/// </summary>
internal sealed class SrtpUnprotectTarget : IFuzzTarget
{
    private static readonly byte[] CmKey = Convert.FromHexString("e1f97a0d3e018be0d64fa32c06de4139");
    private static readonly byte[] CmSalt = Convert.FromHexString("0ec675ad498afeebb6960b3aabe6");
    private static readonly byte[] GcmKey = Convert.FromHexString("000102030405060708090a0b0c0d0e0f");
    private static readonly byte[] GcmSalt = Convert.FromHexString("a0a1a2a3a4a5a6a7a8a9aaab");

    // Created on first use: under afl, instrumented code must not run before SharpFuzz sets up the coverage map,
    // and the runner instantiates every target at start.
    private SrtpContext? _cm;
    private SrtpContext? _gcm;
    private readonly byte[] _buffer = new byte[70_000];

    public string Name => "srtp";

    public void Run(ReadOnlySpan<byte> input)
    {
        if (input.Length > _buffer.Length) return;
        _cm ??= new SrtpContext(SrtpProfile.AesCm128HmacSha1_80, CmKey, CmSalt);
        _gcm ??= new SrtpContext(SrtpProfile.AeadAes128Gcm, GcmKey, GcmSalt);
        foreach (var context in new[] { _cm, _gcm })
        {
            var packet = _buffer.AsSpan(0, input.Length);
            input.CopyTo(packet);
            Check(context.UnprotectRtp(packet, out int length, out var error), length, error, input.Length);
            input.CopyTo(packet);
            Check(context.UnprotectRtcp(packet, out length, out error), length, error, input.Length);
        }
    }

    private static void Check(bool ok, int length, SrtpError error, int inputLength)
    {
        if (ok != (error == SrtpError.None)) throw new InvalidOperationException($"result {ok} with error {error}");
        if (ok && (length <= 0 || length >= inputLength)) throw new InvalidOperationException($"plaintext length {length} of {inputLength}");
    }
}
