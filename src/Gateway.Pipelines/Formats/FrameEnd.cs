namespace Gateway.Pipelines.Formats;

/// <summary>How a codec finished the frame it was assembling when a marker bit or a timestamp change ended it.</summary>
internal enum FrameEnd
{
    /// <summary>The frame was written to the caller's writer.</summary>
    Written,
    /// <summary>Nothing worth keeping was collected (only AUD or filler NAL units, say); nothing was written.</summary>
    Empty,
    /// <summary>The frame is damaged (a fragment never ended); nothing was written.</summary>
    Incomplete,
}
