namespace Gateway.Interop.Tests.Support.Chromium;

/// <summary>
/// Command-line switches for Debian's Chromium as a test publisher (peers.md recipe 2). Nothing here limits ICE to
/// loopback (no switch does): the tests run inside <c>unshare -n</c> with only <c>lo</c>, which does.
/// </summary>
public static class ChromiumFlags
{
    /// <summary>Debian's wrapper script; never a Playwright-downloaded browser.</summary>
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>The switches; a later duplicate (e.g. in LaunchAsync's extra arguments) overrides an earlier one.</summary>
    public static IReadOnlyList<string> For(FakeMediaFiles media) =>
    [
        "--no-sandbox",                                   // we run as root in a container
        "--use-fake-device-for-media-stream",             // fake camera/microphone instead of real devices
        "--use-fake-ui-for-media-stream",                 // grant getUserMedia without a prompt
        // Both files loop. Chromium 156 rejects "%noloop" on the Y4M (getUserMedia: NotFoundError); on the WAV it
        // plays once, then silence. WAV as s16 or f32, mono or stereo, 44.1 or 48 kHz all work.
        $"--use-file-for-fake-video-capture={media.VideoY4m}",
        $"--use-file-for-fake-audio-capture={media.AudioWav}",
        "--allow-loopback-in-peer-connection",            // gather 127.0.0.1 host candidates
        "--disable-features=WebRtcHideLocalIpsWithMdns",  // plain IPs in candidates, not .local names nobody resolves
        "--autoplay-policy=no-user-gesture-required",     // the loopback receiver's <video> plays without a click
        // Keep Chromium from contacting anything on its own.
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-domain-reliability",
        "--disable-client-side-phishing-detection",
        "--disable-breakpad",
        "--no-pings",
        "--no-first-run",
        "--no-default-browser-check",
        "--metrics-recording-only",
    ];
}
