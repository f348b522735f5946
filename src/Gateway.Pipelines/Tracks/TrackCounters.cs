namespace Gateway.Pipelines.Tracks;

/// <summary>What one track's stage did with the packets the receiver released.</summary>
/// <param name="FramesEmitted">Complete frames handed downstream.</param>
/// <param name="FramesDropped">Frames discarded: malformed, over a cap, or waiting for a key frame after loss.</param>
/// <param name="LossEvents">Runs of packets declared lost by the jitter buffer.</param>
/// <param name="KeyFramesNeeded">Times the track started waiting for a key frame (each is a PLI on the WebRTC path).</param>
public readonly record struct TrackCounters(long FramesEmitted, long FramesDropped, long LossEvents, long KeyFramesNeeded);
