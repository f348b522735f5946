namespace Gateway.Pipelines.Sinks;

/// <summary>
/// Names the files of one output across ffmpeg restarts: the first keeps the planned name, later ones insert
/// <c>.partN</c> before the extension (<c>recording.mp4</c>, <c>recording.part2.mp4</c>, ...), so they sort beside it.
/// </summary>
public static class SegmentNaming
{
    public static string PathFor(string firstPath, int number)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        if (number == 1) return firstPath;
        string directory = Path.GetDirectoryName(firstPath) ?? "";
        string name = Path.GetFileNameWithoutExtension(firstPath);
        string extension = Path.GetExtension(firstPath);
        return Path.Combine(directory, $"{name}.part{number.ToString(System.Globalization.CultureInfo.InvariantCulture)}{extension}");
    }
}
