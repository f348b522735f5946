using Gateway.Worker.Sources.Whip;

namespace Gateway.Worker.Sources.Janus;

/// <summary>Settings of Janus sources (plain values; the receiving side shares the WHIP source's settings).</summary>
public sealed record JanusSourceOptions
{
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Each request waits this long for its reply (a subscription's offer included).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Janus drops a session silent for session_timeout (60 s by default): keep it alive well within that.</summary>
    public TimeSpan KeepaliveInterval { get; init; } = TimeSpan.FromSeconds(25);

    /// <summary>What the bot is called in the room (it joins as a publisher that never publishes, to hear about the others).</summary>
    public string DisplayName { get; init; } = "gateway-recorder";

    public WhipSourceOptions Receiver { get; init; } = new();

    /// <summary>FFmpeg executable for the composite layout.</summary>
    public string FfmpegPath { get; init; } = "ffmpeg";
}
