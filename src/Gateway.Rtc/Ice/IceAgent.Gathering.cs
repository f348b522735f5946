using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Gateway.Rtc.Stun;
using Gateway.Rtc.Turn;

namespace Gateway.Rtc.Ice;

public sealed partial class IceAgent
{
    private readonly List<string> _problems = [];
    private readonly ConcurrentDictionary<StunTransactionId, TaskCompletionSource<IPEndPoint>> _serverBindings = new();
    private TurnFailure? _turnFailure;

    /// <summary>
    /// Binds a socket per host address, asks every STUN server for our reflexive address and every TURN server for a
    /// relay, all at once, and returns when they answered or <see cref="IceAgentOptions.GatheringTimeout"/> passed —
    /// proceeding with what was gathered. Throws <see cref="IceException"/> when nothing usable was found.
    /// </summary>
    public async Task GatherAsync(CancellationToken cancellationToken)
    {
        var index = 0;
        foreach (var address in _options.HostAddresses)
        {
            var socket = IceSocket.Bind(address, IceCandidate.LocalPreference(address, index++));
            lock (_lock)
            {
                _sockets.Add(socket);
                if (_options.Policy == IcePolicy.All) _local.Add(socket.Host);
            }
            _loops.Add(Task.Run(() => ReceiveLoopAsync(socket)));
        }

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        budget.CancelAfter(_options.GatheringTimeout);
        var work = new List<Task>();
        foreach (var server in _options.Servers)
        {
            foreach (var url in server.Urls)
            {
                if (!IceServerUrl.TryParse(url, out var parsed, out var reason))
                {
                    Problem(url, reason);
                    continue;
                }
                work.Add(GatherFromAsync(parsed!, server, budget.Token));
            }
        }
        await Task.WhenAll(work).ConfigureAwait(false);   // each one catches its own failure, the timeout included
        cancellationToken.ThrowIfCancellationRequested();

        List<IceCandidate> gathered;
        lock (_lock) gathered = _local.ToList();
        _logger.IceGathered(gathered.Count, string.Join(", ", gathered));
        if (gathered.Count > 0) return;
        var problems = string.Join("; ", GatheringProblems);
        if (_turnFailure == TurnFailure.AuthenticationFailed) throw Fail(IceFailureReason.TurnAuthenticationFailed, problems);
        if (_options.Policy == IcePolicy.Relay)
            throw Fail(IceFailureReason.TurnUnavailable, problems.Length > 0 ? problems : "relay-only ICE needs a turn: server in Gateway:WebRtc:IceServers");
        throw Fail(IceFailureReason.GatheringFoundNothing, problems.Length > 0 ? problems : "no host address is configured");
    }

    private async Task GatherFromAsync(IceServerUrl url, IceServer server, CancellationToken cancellationToken)
    {
        try
        {
            var addresses = await Dns.GetHostAddressesAsync(url.Host, cancellationToken).ConfigureAwait(false);
            List<IceSocket> sockets;
            lock (_lock) sockets = _sockets.ToList();
            var target = addresses.Select(a => (Address: a, Socket: sockets.Find(s => s.Socket.AddressFamily == a.AddressFamily)))
                .FirstOrDefault(t => t.Socket is not null);
            if (target.Socket is null)
            {
                Problem(url.ToString(), $"no local socket of the server's address family ({string.Join(", ", addresses.Select(a => a.ToString()))})");
                return;
            }
            var endPoint = new IPEndPoint(target.Address, url.Port);
            if (url.Scheme == IceServerScheme.Turn) await AllocateAsync(target.Socket, endPoint, server, cancellationToken).ConfigureAwait(false);
            else if (_options.Policy == IcePolicy.All)
            {
                foreach (var socket in sockets.Where(s => s.Socket.AddressFamily == target.Address.AddressFamily))
                    AddReflexive(socket, await BindingAsync(socket, endPoint, cancellationToken).ConfigureAwait(false), endPoint);
            }
        }
        catch (TurnException ex)
        {
            lock (_lock) _turnFailure ??= ex.Failure;
            if (ex.Failure == TurnFailure.AuthenticationFailed) lock (_lock) _turnFailure = ex.Failure;
            Problem(url.ToString(), ex.Message);
        }
        catch (OperationCanceledException)
        {
            Problem(url.ToString(), $"no answer within the gathering timeout ({_options.GatheringTimeout.TotalSeconds:0.#} s)");
        }
        catch (SocketException ex)
        {
            Problem(url.ToString(), ex.Message);
        }
    }

    private async Task AllocateAsync(IceSocket socket, IPEndPoint server, IceServer config, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(config.Username) || config.Credential is null)
            throw new TurnException(TurnFailure.AuthenticationFailed, $"TURN auth failed: no username/credential configured for {server}");
        var turn = new TurnClient(socket.Socket, server, config.Username, config.Credential, _options.Turn, _time, _logger);
        lock (_lock)
        {
            if (socket.Turn is not null) return;   // one allocation per socket: a second TURN URL adds nothing
            socket.Turn = turn;
        }
        try
        {
            await turn.AllocateAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            lock (_lock) socket.Turn = null;
            await turn.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        var relayed = turn.RelayedAddress!;
        var relay = new IceCandidate(IceCandidateType.Relayed, relayed,
            IceCandidate.ComputePriority(IceCandidateType.Relayed, LocalPreferenceOf(socket.Host)),
            IceCandidate.MakeFoundation(IceCandidateType.Relayed, socket.Host.EndPoint.Address, server), turn.MappedAddress);
        lock (_lock)
        {
            socket.Relay = relay;
            _local.Add(relay);
        }
        if (_options.Policy == IcePolicy.All && turn.MappedAddress is { } mapped) AddReflexive(socket, mapped, server);
    }

    /// <summary>A plain STUN Binding (RFC 8489 §6.2.1 retransmissions, shortened for gathering).</summary>
    private async Task<IPEndPoint> BindingAsync(IceSocket socket, IPEndPoint server, CancellationToken cancellationToken)
    {
        var (transaction, request) = EncodeBinding();
        var answered = new TaskCompletionSource<IPEndPoint>(TaskCreationOptions.RunContinuationsAsynchronously);
        _serverBindings[transaction] = answered;
        try
        {
            var rto = _options.Turn.InitialRto;
            while (true)
            {
                socket.Socket.SendTo(request, SocketFlags.None, server);
                var wait = Task.Delay(rto, _time, cancellationToken);
                if (await Task.WhenAny(answered.Task, wait).ConfigureAwait(false) == answered.Task) return await answered.Task.ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                rto *= 2;
            }
        }
        finally
        {
            _serverBindings.TryRemove(transaction, out _);
        }
    }

    private static (StunTransactionId, byte[]) EncodeBinding()
    {
        var request = new byte[StunMessage.HeaderLength + 8];
        var writer = new StunMessageWriter(request, StunMessageType.BindingRequest, StunTransactionId.NewRandom());
        writer.AddFingerprint();
        return (writer.TransactionId, request[..writer.Length]);
    }

    /// <summary>§5.1.3: a reflexive address equal to its base adds nothing (no NAT) and is dropped.</summary>
    private void AddReflexive(IceSocket socket, IPEndPoint mapped, IPEndPoint server)
    {
        if (mapped.Equals(socket.Host.EndPoint)) return;
        var candidate = new IceCandidate(IceCandidateType.ServerReflexive, mapped,
            IceCandidate.ComputePriority(IceCandidateType.ServerReflexive, LocalPreferenceOf(socket.Host)),
            IceCandidate.MakeFoundation(IceCandidateType.ServerReflexive, socket.Host.EndPoint.Address, server), socket.Host.EndPoint);
        lock (_lock)
        {
            if (!_local.Exists(c => c.Type == IceCandidateType.ServerReflexive && c.EndPoint.Equals(mapped))) _local.Add(candidate);
        }
    }

    private static ushort LocalPreferenceOf(IceCandidate candidate) => (ushort)((candidate.Priority >> 8) & 0xFFFF);

    private void Problem(string server, string reason)
    {
        lock (_lock) _problems.Add($"{server}: {reason}");
        _logger.IceServerFailed(server, reason);
    }

    private IceException Fail(IceFailureReason reason, string detail)
    {
        _logger.IceFailed(reason, detail);
        return new IceException(reason, detail);
    }
}
