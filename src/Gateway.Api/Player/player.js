// The gateway's HLS player: plays /v1/captures/{id}/hls/index.m3u8 with the vendored hls.js.
// The capture id comes from this page's path (/player/{id}); an API key, when the gateway has keys, from the URL
// fragment (#key=...), which browsers never send to servers: hls.js adds it as "Authorization: Bearer" to every
// playlist and segment request it makes.
(function () {
  'use strict';
  var video = document.getElementById('video');
  var status = document.getElementById('status');
  var id = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() || '');
  var key = new URLSearchParams(location.hash.slice(1)).get('key');
  var source = '/v1/captures/' + encodeURIComponent(id) + '/hls/index.m3u8';
  // Read by tests and by anyone debugging: the first fatal error, and how many non-fatal ones were recovered.
  window.playerState = { source: source, fatal: null, recovered: 0, levelsLoaded: 0 };

  function show(text, isError) {
    status.textContent = text;
    status.className = isError ? 'error' : '';
  }

  if (!window.Hls || !window.Hls.isSupported()) {
    if (!key && video.canPlayType('application/vnd.apple.mpegurl')) {
      video.src = source;                      // Safari plays HLS itself (it cannot add a bearer key)
      show('native HLS');
    } else {
      window.playerState.fatal = 'this browser has no Media Source Extensions';
      show(window.playerState.fatal, true);
    }
    return;
  }

  var hls = new window.Hls({
    xhrSetup: function (xhr) {
      if (key) xhr.setRequestHeader('Authorization', 'Bearer ' + key);
    },
    // The playlist appears a segment after media arrives: keep retrying the first load instead of giving up.
    // hls.js does not retry a 4xx by default, so a page opened at the capture's start would stop at its 404.
    manifestLoadPolicy: {
      default: {
        maxTimeToFirstByteMs: Infinity,
        maxLoadTimeMs: 20000,
        timeoutRetry: { maxNumRetry: 2, retryDelayMs: 0, maxRetryDelayMs: 0 },
        errorRetry: {
          maxNumRetry: 30,
          retryDelayMs: 1000,
          maxRetryDelayMs: 4000,
          shouldRetry: function (retryConfig, retryCount, isTimeout, response, retry) {
            return retry || (!!response && response.code === 404 && retryCount < retryConfig.maxNumRetry);
          },
        },
      },
    },
  });
  hls.on(window.Hls.Events.LEVEL_LOADED, function (_, data) {
    window.playerState.levelsLoaded++;
    show((data.details.live ? 'live' : 'recording') + ', ' + data.details.fragments.length + ' segments');
  });
  hls.on(window.Hls.Events.ERROR, function (_, data) {
    if (!data.fatal) { window.playerState.recovered++; return; }
    if (data.type === window.Hls.ErrorTypes.MEDIA_ERROR && window.playerState.recovered < 3) {
      window.playerState.recovered++;
      hls.recoverMediaError();
      return;
    }
    var code = data.response && data.response.code ? ' (HTTP ' + data.response.code + ')' : '';
    window.playerState.fatal = data.type + ': ' + data.details + code;
    show('cannot play: ' + window.playerState.fatal + (code === ' (HTTP 401)' ? ' — add #key=<API key> to the URL' : ''), true);
    hls.destroy();
  });
  hls.loadSource(source);
  hls.attachMedia(video);
  video.addEventListener('canplay', function () { video.play().catch(function () { }); });
})();
