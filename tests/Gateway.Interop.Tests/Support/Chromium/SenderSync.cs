namespace Gateway.Interop.Tests.Support.Chromium;

/// <summary>
/// Flash and beep onsets of the sync pattern as Chromium's fake camera and microphone handed them to the publisher,
/// before encoding, in the page's milliseconds (<c>performance.now()</c>): the sender's own A/V alignment, to compare
/// a recording's against.
/// </summary>
public sealed record SenderSync(IReadOnlyList<double> Flashes, IReadOnlyList<double> Beeps, IReadOnlyList<double> FlashMedia, IReadOnlyList<double> BeepMedia)
{
    /// <summary>Beep-minus-flash in ms of each pair (a beep and a flash within 0.5 s), in time order: the same measure
    /// as <see cref="MediaProbe.AvOffsetsAsync"/> takes of a file.</summary>
    public IReadOnlyList<double> Offsets => SyncPattern.Offsets(Beeps, Flashes);

    /// <summary>
    /// The same by the frames' and chunks' own capture timestamps, each track's clock moved onto the page's by its
    /// least-delayed read: immune to the page reading late, but whether a starved microphone's skipped callbacks show
    /// in them is not yet known, so tests print it beside <see cref="Offsets"/> and assert on the latter.
    /// </summary>
    public IReadOnlyList<double> MediaOffsets => SyncPattern.Offsets(BeepMedia, FlashMedia);
}
