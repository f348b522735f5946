using System.Net;
using Gateway.Rtc.Stun;
using Gateway.Rtc.Turn;

namespace Gateway.Rtc.Ice;

public sealed partial class IceAgent
{
    /// <summary>How often the check loop wakes while connecting: a fifth of Ta keeps pacing and RTOs accurate.</summary>
    private TimeSpan ConnectingPoll => _options.Checks.Ta / 5;

    private static readonly TimeSpan ConnectedPoll = TimeSpan.FromMilliseconds(250);
    private long? _firstValidAt;
    private long _lastConsent;
    private IceCandidatePair? _nominating;

    /// <summary>
    /// Runs the checks until a pair is selected (nominated by us as controlling, or by the peer as controlled) and
    /// returns it; afterwards the agent keeps consent in the background. Throws <see cref="IceException"/> with
    /// <see cref="IceFailureReason.NoRemoteCandidates"/> or <see cref="IceFailureReason.ChecksFailed"/> (after
    /// <see cref="IceAgentOptions.ConnectTimeout"/> or when every pair failed).
    /// </summary>
    public async Task<IceCandidatePair> ConnectAsync(CancellationToken cancellationToken)
    {
        List<(IceSocket Socket, IPAddress Peer)> permissions;
        lock (_lock)
        {
            if (_remoteKey is null) throw new InvalidOperationException("SetRemote first.");
            if (_list.Pairs.Count == 0)
                throw Fail(IceFailureReason.NoRemoteCandidates,
                    $"no remote candidate pairs with ours ({_remote.Count} remote, {_local.Count} local: {string.Join(", ", _local)})");
            permissions = _sockets.Where(s => s.Relay is not null)
                .SelectMany(s => _remote.Select(r => r.EndPoint.Address).Distinct().Where(a => a.AddressFamily == s.Relay!.EndPoint.AddressFamily).Select(a => (s, a)))
                .ToList();
        }
        // RFC 8656 §9: the relay forwards nothing to or from a peer without a permission; install them before checking.
        await Task.WhenAll(permissions.Select(p => PermitAsync(p.Socket, p.Peer, cancellationToken))).ConfigureAwait(false);
        lock (_lock) Interlocked.Exchange(ref _lastConsent, _time.GetTimestamp());
        _loops.Add(Task.Run(() => RunAsync(_stop.Token), CancellationToken.None));
        return await _connected.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task PermitAsync(IceSocket socket, IPAddress peer, CancellationToken cancellationToken)
    {
        try
        {
            await socket.Turn!.CreatePermissionAsync(peer, cancellationToken).ConfigureAwait(false);
        }
        catch (TurnException ex)
        {
            _logger.IceTurnPermissionFailed(peer.ToString(), ex.Message);   // that peer's relayed pairs will fail their checks
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var send = new List<IceCheckTransaction>();
        var expired = new List<IceCheckTransaction>();
        var nextConsent = long.MaxValue;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var connected = _selected is not null;
                await Task.Delay(connected ? ConnectedPoll : ConnectingPoll, _time, cancellationToken).ConfigureAwait(false);
                send.Clear();
                expired.Clear();
                lock (_lock)
                {
                    _scheduler.Poll(send, expired, newChecks: _selected is null);
                    if (_selected is null)
                    {
                        if (!CheckProgress(started, expired)) return;
                    }
                    else if (!KeepConsent(send, ref nextConsent)) return;
                    foreach (var transaction in send)
                        if (transaction.Request.Length == 0) transaction.Request = EncodeCheck(transaction);
                }
                foreach (var transaction in send)
                    SocketOf(transaction.Pair.Local)?.SendFrom(transaction.Pair.Local, transaction.Request, transaction.Pair.Remote.EndPoint);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // disposed
        }
    }

    /// <summary>While connecting: nominate when the time is right, fail on timeout or when every pair failed.</summary>
    private bool CheckProgress(long started, List<IceCheckTransaction> expired)
    {
        foreach (var transaction in expired)
            if (ReferenceEquals(transaction.Pair, _nominating)) _nominating = null;   // the nomination went unanswered
        if (Role == IceRole.Controlling && _nominating is null && _list.BestValid() is { } best)
        {
            var waited = _firstValidAt is { } first && _time.GetElapsedTime(first) >= _options.NominationWait;
            if (!_list.HigherPairPending(best) || waited)
            {
                _nominating = best;
                _scheduler.Trigger(best, useCandidate: true);
            }
        }
        var timedOut = _time.GetElapsedTime(started) >= _options.ConnectTimeout;
        var exhausted = _list.AllFailed && _scheduler.InFlight.Count == 0 && _scheduler.TriggeredQueued == 0;
        if (!timedOut && !exhausted) return true;
        var pairs = string.Join("; ", _list.Pairs.Select(p => p.ToString()));
        var detail = timedOut ? $"no pair selected within {_options.ConnectTimeout.TotalSeconds:0.#} s: {pairs}" : $"every candidate pair failed: {pairs}";
        var reason = _turnFailure == TurnFailure.AuthenticationFailed ? IceFailureReason.TurnAuthenticationFailed : IceFailureReason.ChecksFailed;
        if (reason == IceFailureReason.TurnAuthenticationFailed) detail += $" (and the relay was refused: {string.Join("; ", _problems)})";
        _connected.TrySetException(Fail(reason, detail));
        return false;
    }

    /// <summary>RFC 7675 §5.1: a check every interval ±20 % on the selected pair; consent ends after the timeout.</summary>
    private bool KeepConsent(List<IceCheckTransaction> send, ref long nextConsent)
    {
        var now = _time.GetTimestamp();
        if (_time.GetElapsedTime(Interlocked.Read(ref _lastConsent)) >= _options.ConsentTimeout)
        {
            _logger.IceConsentLost(_selected!.ToString(), _options.ConsentTimeout);
            _disconnected.TrySetResult(IceFailureReason.ConsentLost);
            return false;
        }
        if (nextConsent == long.MaxValue) nextConsent = now + NextConsentDelay();
        if (now < nextConsent) return true;
        send.Add(_scheduler.StartConsent(_selected!));
        nextConsent = now + NextConsentDelay();
        return true;
    }

    private long NextConsentDelay() =>
        (long)(_options.ConsentInterval.TotalSeconds * (0.8 + 0.4 * Random.Shared.NextDouble()) * _time.TimestampFrequency);

    private void Select(IceCandidatePair pair)
    {
        if (_selected is not null) return;
        pair.Nominated = true;
        Volatile.Write(ref _selected, pair);
        Interlocked.Exchange(ref _lastConsent, _time.GetTimestamp());
        _logger.IceSelected(pair.ToString(), Role);
        if (pair.Local.Type == IceCandidateType.Relayed && SocketOf(pair.Local)?.Turn is { } turn)
            _ = BindChannelAsync(turn, pair.Remote.EndPoint);
        _connected.TrySetResult(pair);
    }

    /// <summary>A channel for the selected relayed pair: 4 bytes of TURN overhead per packet instead of 36.</summary>
    private async Task BindChannelAsync(TurnClient turn, IPEndPoint peer)
    {
        try
        {
            await turn.BindChannelAsync(peer, _stop.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TurnException or OperationCanceledException or ObjectDisposedException)
        {
            _logger.IceTurnPermissionFailed(peer.ToString(), ex.Message);   // Send indications keep working
        }
    }

    /// <summary>RFC 8445 §7.2.2: USERNAME, PRIORITY (as a peer-reflexive candidate), role, nomination, integrity.</summary>
    private byte[] EncodeCheck(IceCheckTransaction transaction)
    {
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, transaction.Id);
        writer.AddUsername($"{_remoteUfrag}:{LocalUfrag}");
        writer.AddPriority(IceCandidate.ComputePriority(IceCandidateType.PeerReflexive, LocalPreferenceOf(transaction.Pair.Local)));
        if (Role == IceRole.Controlling) writer.AddIceControlling(_tieBreaker);
        else writer.AddIceControlled(_tieBreaker);
        if (transaction.UseCandidate) writer.AddUseCandidate();
        writer.AddMessageIntegrity(_remoteKey);
        writer.AddFingerprint();
        return buffer[..writer.Length];
    }

    private int WriteResponse(Span<byte> buffer, StunTransactionId id, IPEndPoint remote, bool roleConflict)
    {
        var writer = new StunMessageWriter(buffer, roleConflict ? StunMessageType.BindingError : StunMessageType.BindingSuccess, id);
        if (roleConflict) writer.AddErrorCode(487, "Role Conflict");
        else writer.AddXorMappedAddress(remote);
        writer.AddMessageIntegrity(_localKey);
        writer.AddFingerprint();
        return writer.Length;
    }
}
