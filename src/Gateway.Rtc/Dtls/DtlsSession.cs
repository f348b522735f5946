using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Gateway.Rtc.Dtls;

/// <summary>
/// One DTLS-SRTP association over an <see cref="IDtlsDatagramChannel"/>. BouncyCastle's handshake blocks, so it runs on
/// a dedicated thread; after it the same thread keeps reading the association, which is how BouncyCastle answers a
/// peer that retransmits its last flight (RFC 6347 §4.2.4) and notices close_notify or a fatal alert.
/// The session owns the channel and closes it on every path.
/// </summary>
public abstract class DtlsSession : IAsyncDisposable
{
    // Bounds each blocking read after the handshake; the loop only ends on close, so this is not a latency.
    private const int DrainWaitMillis = 5_000;

    private const int NotAborted = 0, AbortedByTimeout = 1, AbortedByCancellation = 2, AbortedByDispose = 3;

    private readonly IDtlsDatagramChannel _channel;
    private readonly DtlsHandshakeRecorder _recorder = new();
    private readonly TaskCompletionSource<DtlsHandshakeResult> _handshake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<DtlsSessionEndReason> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private Task? _worker;
    private DtlsTransport? _transport;
    private bool _disposed;
    private int _abort;
    private long _ignoredRecords;

    private protected DtlsSession(IDtlsDatagramChannel channel, DtlsSessionOptions? options, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(channel);
        options ??= new DtlsSessionOptions();
        options.Validate();
        _channel = channel;
        Options = options;
        Logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Completes when the association ends, with how it ended. Never faults.</summary>
    public Task<DtlsSessionEndReason> Completion => _ended.Task;

    /// <summary>Application data records received after the handshake and dropped: SCTP data channels are not supported.</summary>
    public long IgnoredApplicationRecords => Interlocked.Read(ref _ignoredRecords);

    private protected DtlsSessionOptions Options { get; }

    private protected ILogger Logger { get; }

    private protected abstract string Role { get; }

    /// <summary>See <see cref="BcDatagramTransport"/>: the server works around a BouncyCastle epoch switch on early ChangeCipherSpec.</summary>
    private protected abstract bool HoldsChangeCipherSpecUntilCertificateVerify { get; }

    /// <summary>
    /// Runs the handshake (once per session). Returns the SRTP keys, or throws <see cref="DtlsHandshakeException"/> with
    /// the reason, or <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires first.
    /// </summary>
    public Task<DtlsHandshakeResult> HandshakeAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_worker is not null) throw new InvalidOperationException("HandshakeAsync runs once per session.");
            // LongRunning: a thread of its own, since BouncyCastle blocks it for the whole association.
            // The budget starts now, on the caller's clock, not when the thread gets scheduled.
            var timeout = new CancellationTokenSource(Options.HandshakeTimeout, Options.TimeProvider);
            _worker = Task.Factory.StartNew(() => Run(timeout, cancellationToken), CancellationToken.None,
                TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach, TaskScheduler.Default);
        }
        return _handshake.Task;
    }

    private protected abstract DtlsTransport Connect(BcTlsCrypto crypto, DatagramTransport transport, DtlsHandshakeRecorder recorder);

    private void Run(CancellationTokenSource timeout, CancellationToken cancellationToken)
    {
        var time = Options.TimeProvider;
        long started = time.GetTimestamp();
        DtlsTransport? transport = null;
        Exception? error = null;
        using (timeout)
        using (timeout.Token.Register(() => Abort(AbortedByTimeout)))
        using (cancellationToken.Register(() => Abort(AbortedByCancellation)))
        {
            try
            {
                transport = Connect(new BcTlsCrypto(new SecureRandom()), new BcDatagramTransport(_channel, HoldsChangeCipherSpecUntilCertificateVerify), _recorder);
            }
            catch (Exception exception)
            {
                // Kept for the result: the task below must complete on every path, or HandshakeAsync would hang.
                error = exception;
            }
        }

        double elapsedMs = time.GetElapsedTime(started).TotalMilliseconds;
        // A timer may have fired while the last flight was being processed: the channel is closed then, so it failed.
        if (transport is not null && Volatile.Read(ref _abort) != NotAborted)
        {
            transport.Close();
            transport = null;
        }

        if (transport is null || _recorder.Keys is null)
        {
            transport?.Close();
            FailHandshake(error, cancellationToken, elapsedMs);
            return;
        }

        lock (_gate)
        {
            if (!_disposed) _transport = transport;
        }
        if (_transport is null)
        {
            transport.Close();
            FailHandshake(error, cancellationToken, elapsedMs);
            return;
        }

        Logger.HandshakeCompleted(Role, elapsedMs, _recorder.Keys.Profile, _recorder.CipherSuite);
        _handshake.TrySetResult(new DtlsHandshakeResult(_recorder.Keys, _recorder.RemoteCertificateDer!, _recorder.CipherSuite));
        End(Drain(transport));
    }

    private DtlsSessionEndReason Drain(DtlsTransport transport)
    {
        var buffer = new byte[Math.Max(transport.GetReceiveLimit(), 1)];
        while (true)
        {
            try
            {
                int received = transport.Receive(buffer, 0, buffer.Length, DrainWaitMillis);
                if (received >= 0) Interlocked.Increment(ref _ignoredRecords);
                else if (_recorder.PeerClosed) return DtlsSessionEndReason.PeerCloseNotify;
            }
            catch (DtlsChannelClosedException)
            {
                return Volatile.Read(ref _abort) == AbortedByDispose ? DtlsSessionEndReason.LocalClose
                    : _recorder.PeerClosed ? DtlsSessionEndReason.PeerCloseNotify
                    : DtlsSessionEndReason.TransportClosed;
            }
            catch (Exception exception) when (exception is IOException or TlsException)
            {
                // A fatal alert from the peer, or one BouncyCastle raised on a bad record; either way it is over.
                Logger.SessionFailed(exception, Role);
                return Volatile.Read(ref _abort) == AbortedByDispose ? DtlsSessionEndReason.LocalClose : DtlsSessionEndReason.PeerAlert;
            }
        }
    }

    private void FailHandshake(Exception? error, CancellationToken cancellationToken, double elapsedMs)
    {
        if (Volatile.Read(ref _abort) == AbortedByCancellation)
        {
            _handshake.TrySetCanceled(cancellationToken);
        }
        else
        {
            var failure = Classify(error);
            if (failure is null)
            {
                // Not a protocol failure: a bug here or in BouncyCastle, surfaced as it is.
                _handshake.TrySetException(error!);
            }
            else
            {
                Logger.HandshakeFailed(Role, elapsedMs, failure.Reason, failure.Message);
                _handshake.TrySetException(failure);
            }
        }
        End(DtlsSessionEndReason.HandshakeFailed);
    }

    private DtlsHandshakeException? Classify(Exception? error)
    {
        switch (Volatile.Read(ref _abort))
        {
            case AbortedByTimeout:
                return new DtlsHandshakeException(DtlsFailureReason.Timeout,
                    $"No DTLS handshake within {Options.HandshakeTimeout.TotalSeconds:0.###} s", error);
            case AbortedByDispose:
                return new DtlsHandshakeException(DtlsFailureReason.TransportClosed, "The session was disposed during the handshake", error);
        }
        if (_recorder.Failure is { } reason) return new DtlsHandshakeException(reason, _recorder.FailureMessage!, error);
        if (_recorder.PeerAlert is { } peerAlert)
        {
            return new DtlsHandshakeException(DtlsFailureReason.Alert, (DtlsAlertDescription)peerAlert, true,
                $"The peer sent a fatal {AlertDescription.GetText(peerAlert)} alert", error);
        }
        for (var inner = error; inner is not null; inner = inner.InnerException)
        {
            if (inner is DtlsChannelClosedException)
                return new DtlsHandshakeException(DtlsFailureReason.TransportClosed, "The datagram channel closed during the handshake", error);
            if (inner is TlsTimeoutException)
                return new DtlsHandshakeException(DtlsFailureReason.Timeout, "BouncyCastle's handshake timer expired", error);
        }
        if (error is TlsFatalAlert alert)
        {
            return new DtlsHandshakeException(DtlsFailureReason.Alert, (DtlsAlertDescription)alert.AlertDescription,
                error is TlsFatalAlertReceived, $"Fatal {AlertDescription.GetText(alert.AlertDescription)} alert: {alert.Message}", error);
        }
        if (error is not null and not IOException) return null;
        return new DtlsHandshakeException(DtlsFailureReason.Alert, DtlsAlertDescription.InternalError, false,
            $"The handshake failed: {error?.Message ?? "no keys were exported"}", error);
    }

    private void Abort(int reason)
    {
        Interlocked.CompareExchange(ref _abort, reason, NotAborted);
        _channel.Close();
    }

    private void End(DtlsSessionEndReason reason)
    {
        _channel.Close();
        if (_ended.TrySetResult(reason)) Logger.SessionEnded(Role, reason);
    }

    /// <summary>
    /// Sends close_notify when the handshake completed, closes the channel, and waits for the DTLS thread to finish.
    /// Idempotent; a pending <see cref="HandshakeAsync"/> fails with <see cref="DtlsFailureReason.TransportClosed"/>.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        DtlsTransport? transport;
        Task? worker;
        lock (_gate)
        {
            worker = _worker;
            if (_disposed)
            {
                transport = null;
            }
            else
            {
                _disposed = true;
                transport = _transport;
                Interlocked.CompareExchange(ref _abort, AbortedByDispose, NotAborted);
            }
        }

        // BouncyCastle's Close sends close_notify and then closes the channel, which wakes the draining thread.
        transport?.Close();
        _channel.Close();
        if (worker is not null) await worker.ConfigureAwait(false);
        _ended.TrySetResult(DtlsSessionEndReason.LocalClose);
        GC.SuppressFinalize(this);
    }
}
