using System.Net;
using System.Net.Sockets;
using System.Text;
using Gateway.Rtc.Stun;

namespace Gateway.Rtc.Ice;

public sealed partial class IceAgent
{
    private const int MaxDatagram = 1500 + 64;
    private long _dropped;

    /// <summary>Datagrams dropped: malformed or unauthenticated STUN, data from addresses no pair knows.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>One per socket, until the socket is disposed: TURN traffic to the TURN client, the rest to the pairs.</summary>
    private async Task ReceiveLoopAsync(IceSocket socket)
    {
        var buffer = new byte[MaxDatagram];
        var from = new IPEndPoint(socket.Socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (true)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await socket.Socket.ReceiveFromAsync(buffer, SocketFlags.None, from).ConfigureAwait(false);
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionRefused)
            {
                continue;   // ICMP port unreachable from an earlier send (facts.md): not fatal
            }
            catch (Exception ex) when (ex is ObjectDisposedException or SocketException or OperationCanceledException)
            {
                return;
            }
            var remote = (IPEndPoint)result.RemoteEndPoint;
            var receivedAt = _time.GetTimestamp();
            var datagram = buffer.AsSpan(0, result.ReceivedBytes);
            try
            {
                if (socket.Turn is { } turn && remote.Equals(turn.Server))
                {
                    if (turn.TryReceive(datagram, out var peer, out var payload))
                    {
                        if (peer is not null && socket.Relay is { } relay) HandleFromRemote(socket, relay, peer, payload, receivedAt);
                    }
                    else if (!TryCompleteServerBinding(datagram)) Interlocked.Increment(ref _dropped);
                    continue;
                }
                if (TryCompleteServerBinding(datagram)) continue;
                HandleFromRemote(socket, socket.Host, remote, datagram, receivedAt);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A handler bug must not end the socket's only reader; count it and go on.
                Interlocked.Increment(ref _dropped);
                _logger.IceFailed(IceFailureReason.None, $"receive handler threw: {ex.Message}");
            }
        }
    }

    /// <summary>Answers to our gathering Binding requests to STUN servers.</summary>
    private bool TryCompleteServerBinding(ReadOnlySpan<byte> datagram)
    {
        if (_serverBindings.IsEmpty || !StunMessage.TryParse(datagram, out var message, out _)) return false;
        if (message.Type != StunMessageType.BindingSuccess || !_serverBindings.TryRemove(message.TransactionId, out var waiting)) return false;
        if (message.TryGetXorMappedAddress(out var mapped) || message.TryGetMappedAddress(out mapped)) waiting.TrySetResult(mapped!);
        return true;
    }

    private void HandleFromRemote(IceSocket socket, IceCandidate local, IPEndPoint remote, ReadOnlySpan<byte> datagram, long receivedAt)
    {
        if (DatagramClassifier.Classify(datagram) == DatagramKind.Stun)
        {
            HandleStun(socket, local, remote, datagram);
            return;
        }
        bool known;
        lock (_lock) known = _list.Find(local, remote) is not null;
        // DTLS and SRTP authenticate themselves; this only keeps strangers' packets away from them.
        if (known && DataReceived is { } handler) handler(datagram, receivedAt);
        else Interlocked.Increment(ref _dropped);
    }

    private void HandleStun(IceSocket socket, IceCandidate local, IPEndPoint remote, ReadOnlySpan<byte> datagram)
    {
        if (!StunMessage.TryParse(datagram, out var message, out _))
        {
            Interlocked.Increment(ref _dropped);
            return;
        }
        if (message.Type == StunMessageType.BindingRequest) HandleRequest(socket, local, remote, message);
        else if (message.Type.Method == StunMethod.Binding && message.Type.Class is StunClass.SuccessResponse or StunClass.ErrorResponse)
            HandleResponse(local, remote, message);
        else Interlocked.Increment(ref _dropped);   // Binding indications (keepalives) need nothing
    }

    /// <summary>A peer's connectivity check (RFC 8445 §7.3): authenticate, resolve role conflicts, answer, trigger our check.</summary>
    private void HandleRequest(IceSocket socket, IceCandidate local, IPEndPoint remote, StunMessage request)
    {
        if (!request.TryGetUsername(out var username) || request.FingerprintOffset < 0 || !request.VerifyFingerprint()
            || request.MessageIntegrityOffset < 0 || !request.VerifyMessageIntegrity(_localKey))
        {
            Interlocked.Increment(ref _dropped);
            return;
        }
        var colon = username.IndexOf((byte)':');
        if (colon <= 0 || Encoding.UTF8.GetString(username[..colon]) != LocalUfrag)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }
        Span<byte> response = stackalloc byte[256];
        int written;
        lock (_lock)
        {
            if (RoleConflict(request))
            {
                written = WriteResponse(response, request.TransactionId, remote, roleConflict: true);
                socket.SendFrom(local, response[..written], remote);
                return;
            }
            written = WriteResponse(response, request.TransactionId, remote, roleConflict: false);
            OnCheckReceived(local, remote, request);
        }
        socket.SendFrom(local, response[..written], remote);
    }

    /// <summary>
    /// §7.3.1.1: both sides claim the same role. The larger tie-breaker keeps controlling; the loser switches (when we
    /// lose) or is told 487 (when the peer loses).
    /// </summary>
    private bool RoleConflict(StunMessage request)
    {
        if (Role == IceRole.Controlling && request.TryGetIceControlling(out var theirs))
        {
            if (_tieBreaker >= theirs) return true;
            SwitchRole(IceRole.Controlled);
        }
        else if (Role == IceRole.Controlled && request.TryGetIceControlled(out theirs))
        {
            if (_tieBreaker < theirs) return true;
            SwitchRole(IceRole.Controlling);
        }
        return false;
    }

    private void SwitchRole(IceRole role)
    {
        Role = role;
        _list.SetRole(role == IceRole.Controlling);
        _logger.IceRoleSwitched(role);
    }

    /// <summary>§7.3.1.3–§7.3.1.5: learn a peer-reflexive remote, trigger a check back, follow a nomination.</summary>
    private void OnCheckReceived(IceCandidate local, IPEndPoint remote, StunMessage request)
    {
        var pair = _list.Find(local, remote);
        if (pair is null)
        {
            request.TryGetPriority(out var priority);
            var learned = new IceCandidate(IceCandidateType.PeerReflexive, remote, priority, "prflx" + _remote.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            _remote.Add(learned);
            if (!_list.TryAdd(local, learned, out pair)) return;
            pair.State = IceCandidatePairState.Waiting;
        }
        if (pair.State != IceCandidatePairState.Succeeded && _selected is null) _scheduler.Trigger(pair);
        if (Role == IceRole.Controlled && request.HasUseCandidate)
        {
            if (pair.Valid) Select(pair);
            else pair.NominateOnSuccess = true;
        }
    }

    private void HandleResponse(IceCandidate local, IPEndPoint remote, StunMessage response)
    {
        lock (_lock)
        {
            var transaction = _scheduler.Complete(response.TransactionId);
            if (transaction is null || _remoteKey is null || !response.VerifyMessageIntegrity(_remoteKey))
            {
                Interlocked.Increment(ref _dropped);
                return;
            }
            var pair = transaction.Pair;
            if (transaction.Consent)
            {
                if (response.Type.Class == StunClass.SuccessResponse) Interlocked.Exchange(ref _lastConsent, _time.GetTimestamp());
                return;
            }
            if (response.Type.Class == StunClass.ErrorResponse)
            {
                response.TryGetErrorCode(out var code, out _);
                if (code == 487)
                {
                    // §7.2.5.1: the peer kept its role; take the other one and check this pair again.
                    SwitchRole(Role == IceRole.Controlling ? IceRole.Controlled : IceRole.Controlling);
                    _scheduler.Trigger(pair, transaction.UseCandidate && Role == IceRole.Controlling);
                    return;
                }
                pair.State = IceCandidatePairState.Failed;
                return;
            }
            // §7.2.5.2.1: the answer must come from where the check went, or the path is not symmetric.
            if (!ReferenceEquals(pair.Local, local) || !pair.Remote.EndPoint.Equals(remote))
            {
                pair.State = IceCandidatePairState.Failed;
                return;
            }
            pair.State = IceCandidatePairState.Succeeded;
            pair.Valid = true;
            _list.UnfreezeFoundation(pair.Foundation);
            _firstValidAt ??= _time.GetTimestamp();
            if ((transaction.UseCandidate && Role == IceRole.Controlling) || (Role == IceRole.Controlled && pair.NominateOnSuccess)) Select(pair);
        }
    }
}
