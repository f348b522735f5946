using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Gateway.Rtc.WebRtc;

namespace Gateway.Worker.Sources.Whep;

internal sealed partial class WhepCaptureSource
{
    private const int MaxAnswerBytes = 64 * 1024;
    private int _sessionEnded;

    /// <summary>
    /// Gather, offer, POST, apply the answer, connect (ICE then DTLS), each step bounded. Throws
    /// <see cref="WhepSourceException"/> naming the step that failed; cancellation (the capture stopped) passes through.
    /// </summary>
    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var peer = new WebRtcOutgoingPeer(_options.Peer, _host.Certificate, OnMedia, _time, _logger);
        _peer = peer;
        try
        {
            await peer.GatherAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (WebRtcConnectException ex)
        {
            throw new WhepSourceException(WhepFailure.IceFailed, $"WHEP: {ex.Message}", ex);
        }
        var answer = await PostOfferAsync(peer.CreateOffer(), cancellationToken).ConfigureAwait(false);
        WebRtcRemoteDescription remote;
        try
        {
            remote = peer.ApplyAnswer(answer);
        }
        catch (WebRtcConnectException ex)
        {
            throw new WhepSourceException(WhepFailure.BadAnswer, $"WHEP answer from {Shown(_url)} cannot be used: {ex.Message}", ex);
        }
        if (!TryCreateTracks(remote.Media, out var reason)) throw new WhepSourceException(WhepFailure.BadAnswer, $"WHEP: {reason}");
        _logger.WhepAnswered(_captureId, _session is null ? "(no Location)" : Shown(_session), new Uri(Shown(_url)),
            string.Join(", ", remote.Media.Select(m => $"{m.Kind} {m.Codec.EncodingName}")));

        using var budget = new CancellationTokenSource(_options.ConnectTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        try
        {
            await peer.ConnectAsync(linked.Token).ConfigureAwait(false);
        }
        catch (WebRtcConnectException ex)
        {
            var failure = ex.Failure == WebRtcConnectFailure.DtlsFailed ? WhepFailure.DtlsFailed : WhepFailure.IceFailed;
            throw new WhepSourceException(failure, $"WHEP: {ex.Message}", ex);
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new WhepSourceException(WhepFailure.IceFailed,
                $"WHEP: ICE failed: no connection to {Shown(_url)} within {_options.ConnectTimeout.TotalSeconds:0} s");
        }
        _logger.WhepConnected(_captureId, (long)_time.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>RFC 9725 §4.2 (as WHEP uses it): POST application/sdp with the bearer token; 201 + Location + the answer.</summary>
    private async Task<string> PostOfferAsync(string offer, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = new StringContent(offer, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/sdp");
        if (_token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        using var timeout = new CancellationTokenSource(_options.HttpTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            var body = await ReadLimitedAsync(response.Content, linked.Token).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.Created)
                throw new WhepSourceException(WhepFailure.HttpError,
                    $"WHEP endpoint {Shown(_url)} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}: {Excerpt(body)}");
            if (response.Headers.Location is { } location) _session = new Uri(_url, location);
            return body ?? throw new WhepSourceException(WhepFailure.HttpError, $"WHEP endpoint {Shown(_url)} sent an answer over {MaxAnswerBytes / 1024} KiB");
        }
        catch (HttpRequestException ex)
        {
            throw new WhepSourceException(WhepFailure.Unreachable, $"WHEP URL unreachable: {Shown(_url)}: {ex.Message}", ex);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new WhepSourceException(WhepFailure.Unreachable,
                $"WHEP URL unreachable: {Shown(_url)} did not answer within {_options.HttpTimeout.TotalSeconds:0} s");
        }
    }

    /// <summary>The body as text, or null when it is larger than an answer can be.</summary>
    private static async Task<string?> ReadLimitedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > MaxAnswerBytes) return null;
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new byte[MaxAnswerBytes + 1];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0) total += read;
        return total > MaxAnswerBytes ? null : Encoding.UTF8.GetString(buffer, 0, total);
    }

    /// <summary>DELETE the session resource (once), then close the peer. Best effort: failures are logged, never thrown.</summary>
    private async Task EndSessionAsync()
    {
        if (Interlocked.Exchange(ref _sessionEnded, 1) != 0) return;
        if (_session is { } session)
        {
            using var request = new HttpRequestMessage(HttpMethod.Delete, session);
            if (_token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
            using var timeout = new CancellationTokenSource(_options.HttpTimeout, _time);
            try
            {
                using var response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
                _logger.WhepDeleted(_captureId, new Uri(Shown(session)), (int)response.StatusCode);
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
                _logger.WhepDeleteFailed(_captureId, new Uri(Shown(session)), ex.Message);
            }
        }
        if (_peer is { } peer) await peer.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Scheme, authority and path: a query may carry a secret and stays out of logs and the capture resource.</summary>
    private static string Shown(Uri url) => url.GetLeftPart(UriPartial.Path);

    private static string Excerpt(string? body) =>
        body is null ? "(body too large)" : body.Length <= 300 ? body.ReplaceLineEndings(" ") : body[..300].ReplaceLineEndings(" ") + "…";
}
