using Gateway.Pipelines.Containers.Mp4;

namespace Gateway.Worker.Captures;

/// <summary>
/// What an output of a run the gateway did not survive really holds. The record on disk was saved at the last state
/// change, so an output may still say "pending" or "writing": the file it names decides. A file with media is
/// completed; a part killed before its ffmpeg wrote any media (empty, or an MP4 without its <c>moov</c>) is skipped
/// with the reason, and an empty file is removed so nobody downloads or uploads a file that cannot play.
/// </summary>
internal static class InterruptedOutputs
{
    public const string NoMediaReason = "The gateway stopped before this output wrote any media.";

    public static IReadOnlyList<OutputStatus> Settle(IEnumerable<OutputStatus> outputs) => outputs.Select(Settle).ToList();

    public static OutputStatus Settle(OutputStatus output)
    {
        if (output.State is not ("pending" or "writing") || output.Location is null
            || !Uri.TryCreate(output.Location, UriKind.Absolute, out var uri) || !uri.IsFile)
        {
            return output;
        }
        var file = new FileInfo(uri.LocalPath);
        if (file.Exists && HasMedia(file)) return output with { State = "completed", Bytes = file.Length };
        if (file.Exists && file.Length == 0) file.Delete();
        return output with { State = "skipped", Bytes = file.Exists ? file.Length : 0, Error = NoMediaReason };
    }

    private static bool HasMedia(FileInfo file)
    {
        if (file.Length == 0) return false;
        if (!file.Extension.Equals(".mp4", StringComparison.OrdinalIgnoreCase)) return true;
        using var stream = file.OpenRead();
        return FragmentedMp4Trimmer.HasMovieBox(stream);
    }
}
