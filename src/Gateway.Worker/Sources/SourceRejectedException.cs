namespace Gateway.Worker.Sources;

/// <summary>
/// The request's source cannot be served (malformed SDP, no supported codec, port in use). Carries the field and a
/// message for a 400 problem details response; nothing has been created when it is thrown.
/// </summary>
public sealed class SourceRejectedException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
