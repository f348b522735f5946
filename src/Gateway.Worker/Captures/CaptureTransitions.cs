namespace Gateway.Worker.Captures;

/// <summary>The only moves a capture may make; anything else is a bug and throws.</summary>
public static class CaptureTransitions
{
    public static bool IsAllowed(CaptureState from, CaptureState to) => (from, to) switch
    {
        (CaptureState.Starting, CaptureState.Waiting) => true,
        (CaptureState.Starting, CaptureState.Stopping) => true,   // failed to open or stopped before media
        (CaptureState.Waiting, CaptureState.Recording) => true,
        (CaptureState.Waiting, CaptureState.Stopping) => true,
        (CaptureState.Recording, CaptureState.Stopping) => true,
        (CaptureState.Stopping, CaptureState.Completed) => true,
        (CaptureState.Stopping, CaptureState.Failed) => true,
        _ => false,
    };

    public static bool IsFinal(CaptureState state) => state is CaptureState.Completed or CaptureState.Failed;
}
