using System.Net.Sockets;
using Gateway.Rtc.Stun;

namespace Gateway.Rtc.Turn;

/// <summary>Requests: long-term credentials (RFC 8489 §9.2) and retransmission (§6.2.1).</summary>
public sealed partial class TurnClient
{
    private delegate void AttributeWriter(ref StunMessageWriter writer);

    /// <returns>The success response, its MESSAGE-INTEGRITY checked.</returns>
    private async Task<byte[]> RequestAsync(StunMethod method, AttributeWriter attributes, CancellationToken cancellationToken)
    {
        for (int attempt = 0; ; attempt++)
        {
            var (transaction, request) = Build(method, attributes);
            var answer = await TransactAsync(method, transaction, request, cancellationToken).ConfigureAwait(false);
            if (!StunMessage.TryParse(answer, out var message, out var parseError))
                throw new TurnException(TurnFailure.BadResponse, $"TURN server {_server} sent an unreadable answer to {method}: {parseError}");
            byte[]? key;
            lock (_state) key = _key;
            if (message.Type.Class == StunClass.SuccessResponse)
            {
                if (key is not null && !message.VerifyMessageIntegrity(key))
                    throw new TurnException(TurnFailure.BadResponse, $"TURN server {_server} answered {method} with a bad MESSAGE-INTEGRITY");
                return answer;
            }
            message.TryGetErrorCode(out int code, out var reasonUtf8);
            string reason = Text(reasonUtf8);
            bool canRetry = attempt < 2;
            if (code == 401 && key is null && canRetry && message.TryGetRealm(out var realm) && message.TryGetNonce(out var nonce))
            {
                // The first request goes without credentials; the 401 brings the realm and nonce to compute the key.
                lock (_state)
                {
                    _realm = Text(realm);
                    _nonce = Text(nonce);
                    _key = StunCredentials.LongTermKey(_username, _realm, _password);
                }
                continue;
            }
            if (code == 438 && canRetry && message.TryGetNonce(out var fresh))
            {
                lock (_state) _nonce = Text(fresh);   // stale nonce: the same request with the new one
                continue;
            }
            if (code == 401)
                throw new TurnException(TurnFailure.AuthenticationFailed,
                    $"TURN auth failed: {_server} refused user '{_username}' in realm '{_realm}' ({code} {reason})", code);
            throw new TurnException(TurnFailure.Refused, $"TURN {method} refused by {_server}: {code} {reason}", code);
        }
    }

    private (StunTransactionId Transaction, byte[] Request) Build(StunMethod method, AttributeWriter attributes)
    {
        var buffer = new byte[MaxDatagram];
        var writer = new StunMessageWriter(buffer, new StunMessageType(method, StunClass.Request), StunTransactionId.NewRandom());
        attributes(ref writer);
        lock (_state)
        {
            if (_key is not null)
            {
                writer.AddUsername(_username);
                writer.AddRealm(_realm!);
                writer.AddNonce(_nonce!);
                writer.AddMessageIntegrity(_key);
            }
        }
        return (writer.TransactionId, buffer[..writer.Length]);
    }

    private async Task<byte[]> TransactAsync(StunMethod method, StunTransactionId transaction, byte[] request, CancellationToken cancellationToken)
    {
        var answered = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[transaction] = answered;
        try
        {
            var rto = _options.InitialRto;
            for (int sent = 0; sent < _options.MaxTransmissions; sent++)
            {
                await _socket.SendToAsync(request, SocketFlags.None, _server, cancellationToken).ConfigureAwait(false);
                var wait = Task.Delay(rto, _time, cancellationToken);
                if (await Task.WhenAny(answered.Task, wait).ConfigureAwait(false) == answered.Task) return await answered.Task.ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                rto *= 2;
            }
            throw new TurnException(TurnFailure.Timeout,
                $"TURN server {_server} did not answer {method} after {_options.MaxTransmissions} transmissions");
        }
        finally
        {
            _pending.TryRemove(transaction, out _);
        }
    }
}
