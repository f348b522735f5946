namespace Gateway.Worker.Captures;

/// <summary>
/// Told about every state change of every capture (webhooks). Called while the capture holds its lock:
/// implementations only queue the change, never wait.
/// </summary>
public interface ICaptureEvents
{
    void StateChanged(CaptureRecord record, CaptureState from, CaptureSpec spec);
}
