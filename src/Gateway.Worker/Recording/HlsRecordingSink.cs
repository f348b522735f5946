using Gateway.Pipelines.Media;
using Gateway.Worker.Captures;

namespace Gateway.Worker.Recording;

/// <summary>
/// The HLS side of a recording: its output entry shows the whole folder's size and the playlist's live URL, and once
/// ffmpeg is done the playlist is closed as VOD (ended by ffmpeg, or here when ffmpeg was killed before it could).
/// </summary>
public sealed class HlsRecordingSink(IRecordingSink inner, string captureId, string folder) : IRecordingSink
{
    public void Write(EncodedFrame frame) => inner.Write(frame);

    public async Task FinalizeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await inner.FinalizeAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // ffmpeg has exited either way: every segment the playlist names is complete (temp_file), so keep them.
            HlsFolder.Close(Path.Combine(folder, HlsFolder.Playlist));
        }
    }

    public IReadOnlyList<OutputStatus> SnapshotOutputs() => inner.SnapshotOutputs()
        .Select(o => o.Type == "hls" ? o with { Bytes = HlsFolder.Bytes(folder), Url = HlsFolder.LiveUrl(captureId) } : o)
        .ToList();

    public (long Written, long Dropped) TrackCounters(int trackIndex) => inner.TrackCounters(trackIndex);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
