using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Gateway.Interop.Tests.Support;

/// <summary>What a relay does to each datagram it forwards.</summary>
public sealed record Impairment
{
    public double Loss { get; init; }

    public double Duplication { get; init; }

    /// <summary>Share of datagrams held back by up to <see cref="ReorderWindow"/> extra, so later ones overtake them.</summary>
    public double ReorderShare { get; init; }

    public TimeSpan ReorderWindow { get; init; }

    /// <summary>Uniform extra delay in [0, Jitter] for every datagram.</summary>
    public TimeSpan Jitter { get; init; }

    /// <summary>Constant delay for every datagram.</summary>
    public TimeSpan Delay { get; init; }

    public static Impairment None { get; } = new();
}

/// <summary>
/// A one-way UDP relay on 127.0.0.1 that drops, duplicates, delays and reorders datagrams (the kernel here has no
/// netem). Seeded, so a failing run can be repeated. Counts what it did.
/// </summary>
public sealed class ImpairmentRelay : IAsyncDisposable
{
    private readonly Socket _in;
    private readonly Socket _out;
    private readonly IPEndPoint _destination;
    private readonly Impairment _impairment;
    private readonly Random _random;
    private readonly PriorityQueue<byte[], long> _pending = new();
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiving;
    private readonly Thread _sending;

    private readonly IPEndPoint? _mirror;

    /// <param name="mirrorPort">When set, every datagram is also forwarded unimpaired to this port (a reference receiver).</param>
    public ImpairmentRelay(int listenPort, int destinationPort, Impairment impairment, int seed, int? mirrorPort = null)
    {
        _mirror = mirrorPort is { } m ? new IPEndPoint(IPAddress.Loopback, m) : null;
        _impairment = impairment;
        _random = new Random(seed);
        _destination = new IPEndPoint(IPAddress.Loopback, destinationPort);
        _in = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _in.Bind(new IPEndPoint(IPAddress.Loopback, listenPort));
        _out = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _out.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _receiving = Task.Run(ReceiveAsync);
        _sending = new Thread(SendLoop) { IsBackground = true, Name = $"relay {listenPort}->{destinationPort}" };
        _sending.Start();
    }

    public long Received { get; private set; }

    public long Dropped { get; private set; }

    public long Duplicated { get; private set; }

    public long Forwarded { get; private set; }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[65536];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await _in.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }
            var data = buffer.AsSpan(0, result.ReceivedBytes).ToArray();
            if (_mirror is not null)
            {
                try
                {
                    _out.SendTo(data, _mirror);
                }
                catch (SocketException)
                {
                    // the reference receiver is gone; the impaired path goes on
                }
            }
            lock (_gate)
            {
                Received++;
                if (_random.NextDouble() < _impairment.Loss)
                {
                    Dropped++;
                    continue;
                }
                var copies = _random.NextDouble() < _impairment.Duplication ? 2 : 1;
                Duplicated += copies - 1;
                for (var i = 0; i < copies; i++)
                {
                    var delay = _impairment.Delay + _impairment.Jitter * _random.NextDouble();
                    if (_random.NextDouble() < _impairment.ReorderShare) delay += _impairment.ReorderWindow * _random.NextDouble();
                    _pending.Enqueue(data, Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency));
                }
            }
        }
    }

    private void SendLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            byte[]? next = null;
            lock (_gate)
            {
                if (_pending.TryPeek(out var data, out var due) && due <= Stopwatch.GetTimestamp())
                {
                    _pending.Dequeue();
                    next = data;
                }
            }
            if (next is null)
            {
                Thread.Sleep(1);
                continue;
            }
            try
            {
                _out.SendTo(next, _destination);
                Forwarded++;
            }
            catch (SocketException)
            {
                // the receiver is gone (ICMP unreachable): keep relaying the rest
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _in.Dispose();
        await _receiving;
        _sending.Join(TimeSpan.FromSeconds(5));
        _out.Dispose();
        _stop.Dispose();
    }
}
