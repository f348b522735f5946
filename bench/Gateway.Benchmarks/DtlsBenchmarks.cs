using BenchmarkDotNet.Attributes;
using Gateway.Rtc.Dtls;

namespace Gateway.Benchmarks;

/// <summary>
/// A full DTLS-SRTP handshake, our client against our server over an in-memory datagram pair (two dedicated threads,
/// ECDHE P-256, ECDSA signatures both ways, keying material export), and the per-datagram record header parse.
/// </summary>
[MemoryDiagnoser]
public class DtlsBenchmarks
{
    private DtlsCertificate _serverCertificate = null!;
    private DtlsCertificate _clientCertificate = null!;
    private readonly byte[] _record = Convert.FromHexString("17FEFD0001000000000007002A" + new string('0', 84));

    [GlobalSetup]
    public void Setup()
    {
        _serverCertificate = DtlsCertificate.Generate();
        _clientCertificate = DtlsCertificate.Generate();
    }

    [Benchmark]
    public async Task<int> Handshake()
    {
        // Back to back: what one side sends is delivered into the other side's receive queue.
        DtlsDatagramChannel? clientSide = null;
        var serverSide = new DtlsDatagramChannel(datagram => clientSide!.TryDeliver(datagram));
        clientSide = new DtlsDatagramChannel(datagram => serverSide.TryDeliver(datagram));
        var server = new DtlsServerSession(_serverCertificate, _clientCertificate.Fingerprint, serverSide);
        var client = new DtlsClientSession(_clientCertificate, _serverCertificate.Fingerprint, clientSide);
        await using (server)
        await using (client)
        {
            var serverHandshake = server.HandshakeAsync(CancellationToken.None);
            var clientResult = await client.HandshakeAsync(CancellationToken.None);
            var serverResult = await serverHandshake;
            return clientResult.Keys.ClientKey[0] ^ serverResult.Keys.ClientKey[0];
        }
    }

    [Benchmark]
    public int ParseRecordHeader() =>
        DtlsRecord.TryParseHeader(_record, out _, out _, out var epoch, out _, out var length, out _) ? epoch + length : -1;
}
