using System.Net;
using System.Security.Cryptography;
using Gateway.Rtc.Stun;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Rtc.Ice;

/// <summary>Non-STUN datagrams (DTLS, SRTP, SRTCP) that arrived on a candidate pair; the span is only valid during the call.</summary>
public delegate void IceDataHandler(ReadOnlySpan<byte> datagram, long receivedAt);

/// <summary>
/// A full ICE agent (RFC 8445) for connections the gateway makes: gathers host, server-reflexive and relayed (TURN)
/// candidates, then runs paced connectivity checks, as the controlling side nominating with USE-CANDIDATE, or as the
/// controlled side following the peer's nomination; after that it keeps consent (RFC 7675) and carries the
/// connection's datagrams. One component (BUNDLE + rtcp-mux), UDP only, no trickle: candidates are all in the SDP.
/// <code>
/// await using var agent = new IceAgent(options, IceRole.Controlling, time, logger);
/// await agent.GatherAsync(ct);                       // agent.LocalCandidates go into the offer
/// agent.SetRemote(ufrag, pwd, remoteCandidates);     // from the answer
/// agent.DataReceived = (datagram, at) => ...;        // DTLS/SRTP from the peer
/// var pair = await agent.ConnectAsync(ct);           // IceException(Reason) when it fails
/// agent.Send(bytes);                                 // over the selected pair (through TURN if relayed)
/// </code>
/// </summary>
public sealed partial class IceAgent : IAsyncDisposable
{
    private readonly IceAgentOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly List<IceSocket> _sockets = [];
    private readonly List<IceCandidate> _local = [];
    private readonly List<IceCandidate> _remote = [];
    private readonly byte[] _localKey;
    private readonly ulong _tieBreaker = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<IceCandidatePair> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<IceFailureReason> _disconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<Task> _loops = [];
    private readonly IceCheckList _list;
    private readonly IceCheckScheduler _scheduler;
    private string? _remoteUfrag;
    private byte[]? _remoteKey;
    private IceCandidatePair? _selected;
    private int _disposed;

    public IceAgent(IceAgentOptions options, IceRole role, TimeProvider? time = null, ILogger? logger = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        Role = role;
        LocalUfrag = IceCredentialGenerator.NewUfrag();
        LocalPassword = IceCredentialGenerator.NewPassword();
        _localKey = StunCredentials.ShortTermKey(LocalPassword);
        _list = new IceCheckList(role == IceRole.Controlling);
        _scheduler = new IceCheckScheduler(_list, _options.Checks, _time);
    }

    public string LocalUfrag { get; }

    public string LocalPassword { get; }

    /// <summary>Changes only on a role conflict (RFC 8445 §7.3.1.1).</summary>
    public IceRole Role { get; private set; }

    public IcePolicy Policy => _options.Policy;

    /// <summary>What goes into the SDP: host and server-reflexive ones only with <see cref="IcePolicy.All"/>.</summary>
    public IReadOnlyList<IceCandidate> LocalCandidates
    {
        get { lock (_lock) return _local.ToList(); }
    }

    /// <summary>Why STUN/TURN servers gave no candidate during gathering (empty when all answered).</summary>
    public IReadOnlyList<string> GatheringProblems
    {
        get { lock (_lock) return _problems.ToList(); }
    }

    /// <summary>The relayed addresses TURN allocated for us (empty without a TURN server).</summary>
    public IReadOnlyList<IPEndPoint> RelayedAddresses
    {
        get { lock (_lock) return _sockets.Where(s => s.Relay is not null).Select(s => s.Relay!.EndPoint).ToList(); }
    }

    /// <summary>The nominated pair media flows on, once connected.</summary>
    public IceCandidatePair? SelectedPair => Volatile.Read(ref _selected);

    /// <summary>A snapshot of the check list (for diagnostics and tests).</summary>
    public IReadOnlyList<IceCandidatePair> Pairs
    {
        get { lock (_lock) return _list.Pairs.ToList(); }
    }

    /// <summary>Completes when the connection is lost after having been up (consent expiry).</summary>
    public Task<IceFailureReason> Disconnected => _disconnected.Task;

    /// <summary>Set before <see cref="ConnectAsync"/>: the receive loops call it for every non-STUN datagram from a known remote.</summary>
    public IceDataHandler? DataReceived { get; set; }

    /// <summary>Sets the role before <see cref="SetRemote"/> (an answerer is controlled unless the offerer is lite).</summary>
    public void AssumeRole(IceRole role)
    {
        lock (_lock)
        {
            if (_remoteKey is not null) throw new InvalidOperationException("The role is fixed once the remote description is set.");
            Role = role;
            _list.SetRole(role == IceRole.Controlling);
        }
    }

    /// <summary>The peer's credentials and candidates (from its SDP). Candidates we cannot use (mDNS, TCP) are skipped.</summary>
    public void SetRemote(string ufrag, string password, IEnumerable<IceCandidate> candidates)
    {
        ArgumentException.ThrowIfNullOrEmpty(ufrag);
        ArgumentException.ThrowIfNullOrEmpty(password);
        ArgumentNullException.ThrowIfNull(candidates);
        lock (_lock)
        {
            _remoteUfrag = ufrag;
            _remoteKey = StunCredentials.ShortTermKey(password);
            _remote.AddRange(candidates);
            _list.Form(PairableLocals(), _remote);
        }
    }

    /// <summary>Sends one datagram (DTLS, SRTP) over the selected pair; false before connection or when it cannot go out.</summary>
    public bool Send(ReadOnlySpan<byte> datagram)
    {
        var pair = SelectedPair;
        if (pair is null) return false;
        var socket = SocketOf(pair.Local);
        return socket is not null && socket.SendFrom(pair.Local, datagram, pair.Remote.EndPoint);
    }

    private IEnumerable<IceCandidate> PairableLocals()
    {
        foreach (var socket in _sockets)
        {
            if (_options.Policy == IcePolicy.All) yield return socket.Host;
            if (socket.Relay is { } relay) yield return relay;
        }
    }

    private IceSocket? SocketOf(IceCandidate local)
    {
        lock (_lock)
        {
            foreach (var socket in _sockets)
                if (ReferenceEquals(socket.Host, local) || ReferenceEquals(socket.Relay, local)) return socket;
        }
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _stop.CancelAsync().ConfigureAwait(false);
        _connected.TrySetCanceled();
        _disconnected.TrySetResult(IceFailureReason.None);
        List<IceSocket> sockets;
        lock (_lock) sockets = _sockets.ToList();
        // TURN first: releasing the allocation still needs the socket (and its receive loop for the answer).
        foreach (var socket in sockets)
            if (socket.Turn is { } turn) await turn.DisposeAsync().ConfigureAwait(false);
        foreach (var socket in sockets) socket.Socket.Dispose();
        try
        {
            await Task.WhenAll(_loops).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopped
        }
        _stop.Dispose();
    }
}
