namespace Gateway.Worker.Captures;

/// <summary>What is kept on disk per capture: the resource, and the request it was made from (for recovery).</summary>
public sealed record StoredCapture(CaptureRecord Record, CaptureSpec Spec);
