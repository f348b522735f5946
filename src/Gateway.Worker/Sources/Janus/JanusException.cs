namespace Gateway.Worker.Sources.Janus;

/// <summary>Janus refused or broke off (unreachable, room not found, wrong pin, session gone); the message is the capture's error.</summary>
public sealed class JanusException : Exception
{
    public JanusException(string message) : base(message)
    {
    }

    public JanusException(string message, Exception inner) : base(message, inner)
    {
    }
}
