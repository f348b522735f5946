using System.Net;
using System.Net.Sockets;
using Gateway.Rtc.Dtls;

namespace Gateway.Rtc.Tests.Dtls;

/// <summary>
/// Test-only stand-in for the gateway's shared socket: a UDP socket on 127.0.0.1 whose DTLS datagrams (RFC 7983 first
/// byte 20..63) are pumped into a <see cref="DtlsDatagramChannel"/>, and whose channel sends go to the one peer.
/// </summary>
internal sealed class UdpDtlsEndpoint : IAsyncDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;
    private volatile IPEndPoint? _remote;

    public UdpDtlsEndpoint(IPEndPoint? remote = null)
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _remote = remote;
        Channel = new DtlsDatagramChannel(Send);
        _pump = Task.Run(PumpAsync);
    }

    public DtlsDatagramChannel Channel { get; }

    public int Port => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    public int NonDtlsDatagrams { get; private set; }

    /// <summary>Reserves nothing: binds port 0, reads the number, closes. openssl s_server then binds it.</summary>
    public static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    private void Send(ReadOnlySpan<byte> datagram)
    {
        var remote = _remote;
        if (remote is not null) _socket.SendTo(datagram, SocketFlags.None, remote);
    }

    private async Task PumpAsync()
    {
        var buffer = new byte[65536];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
            {
                continue;   // ICMP port unreachable from an earlier send (facts.md); the socket is still fine
            }
            _remote ??= (IPEndPoint)received.RemoteEndPoint;
            if (received.ReceivedBytes > 0 && DtlsRecord.IsDtls(buffer[0])) Channel.TryDeliver(buffer.AsSpan(0, received.ReceivedBytes));
            else NonDtlsDatagrams++;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _pump;
        }
        finally
        {
            _socket.Dispose();
            Channel.Close();
            _stop.Dispose();
        }
    }
}
