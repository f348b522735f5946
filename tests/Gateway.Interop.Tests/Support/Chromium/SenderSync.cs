namespace Gateway.Interop.Tests.Support.Chromium;

/// <summary>
/// Flash and beep onsets of the sync pattern as Chromium's fake camera and microphone handed them to the publisher,
/// before encoding, in the page's milliseconds (<c>performance.now()</c>): the sender's own A/V alignment, to compare
/// a recording's against.
/// </summary>
public sealed record SenderSync(IReadOnlyList<double> Flashes, IReadOnlyList<double> Beeps)
{
    /// <summary>Beep-minus-flash in ms of each pair (a beep and a flash within 0.5 s), in time order: the same measure
    /// as <see cref="MediaProbe.AvOffsetsAsync"/> takes of a file.</summary>
    public IReadOnlyList<double> Offsets =>
        [.. from beep in Beeps from flash in Flashes let delta = beep - flash where delta is > -500 and < 500 select delta];
}
