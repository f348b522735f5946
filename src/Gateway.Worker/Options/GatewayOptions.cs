using System.ComponentModel.DataAnnotations;

namespace Gateway.Worker.Options;

/// <summary>Process-wide settings bound from <c>Gateway</c>. Defaults make a bare <c>dotnet run</c> work.</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>Recordings, the embedded Hangfire SQLite file and state. Relative paths resolve against the
    /// working directory, so <c>./scripts/run.sh</c> keeps everything under the repository's <c>data/</c>.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Gateway:DataDirectory must not be empty.")]
    public string DataDirectory { get; set; } = "./data";

    /// <summary>Bearer keys for <c>/v1</c> and <c>/hangfire</c>. Empty: only loopback clients are served.</summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>
    /// New captures beyond this get 503 + Retry-After. Why 50 per core: a passthrough capture is one FFmpeg
    /// remux process plus a receive loop, a few percent of a core at a few Mbit/s; 50 per core leaves headroom
    /// for bursts and for the captures that transcode (VP8 to H.264 costs far more). It is an estimate to be
    /// replaced by the load harness's figures, and operators who transcode should lower it.
    /// </summary>
    [SettingRange(1, 100_000, "Gateway:MaxConcurrentCaptures")]
    public int MaxConcurrentCaptures { get; set; } = 50 * Environment.ProcessorCount;

    /// <summary>New captures are refused (507) while the data directory's disk has less free space than this.</summary>
    [SettingRange(0, 10_000_000, "Gateway:MinFreeDiskMegabytes")]
    public int MinFreeDiskMegabytes { get; set; } = 1024;

    /// <summary>
    /// Running captures are stopped (endReason error, files finalized) when free space falls below this: what was
    /// written stays playable instead of being cut by a full disk.
    /// </summary>
    [SettingRange(0, 10_000_000, "Gateway:StopFreeDiskMegabytes")]
    public int StopFreeDiskMegabytes { get; set; } = 256;

    /// <summary>
    /// After a crash (kill -9, power loss), rtp captures that were running and whose maxDuration has not passed
    /// listen again on the same ports and record into new files (<c>recording.part{n}.mp4</c>); off: they end
    /// <c>interrupted</c>. WHIP captures always end interrupted (the publisher's DTLS session is gone).
    /// </summary>
    public bool ResumeCaptures { get; set; } = true;

    /// <summary>
    /// Drop recordings' pages from the page cache once they are on disk, about a second behind FFmpeg: a recorder
    /// writes gigabytes nobody reads back soon, and a cache that grows with them costs kernel time (on a VM, memory
    /// the host backs on first touch) and pushes out what is read. Off: the kernel's default caching.
    /// </summary>
    public bool DropWrittenPages { get; set; } = true;

    /// <summary>A lone mp4 output of H.264 and/or Opus (audioCodec opus) is written in-process, without an ffmpeg per capture.</summary>
    public bool NativeMp4 { get; set; } = true;

    /// <summary>The FFmpeg executable: a bare name is looked up on PATH, or an absolute path.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Gateway:FFmpegPath must not be empty.")]
    public string FFmpegPath { get; set; } = "ffmpeg";

    /// <summary>API keys shorter than this are rejected at start: they are guessable.</summary>
    public const int MinimumApiKeyLength = 16;

    /// <summary>True when every configured key is long enough and not blank.</summary>
    public bool ApiKeysAreUsable() => ApiKeys.TrueForAll(k => !string.IsNullOrWhiteSpace(k) && k.Length >= MinimumApiKeyLength);
}
