using System.Globalization;
using System.Text;

namespace Gateway.Pipelines.Storage;

/// <summary>
/// Block ids are base64 of a fixed-width index: every id of a blob must have the same length (Put Block), and an
/// index names a file range, so re-staging a changed range reuses its id and replaces the old block.
/// </summary>
public static class BlockIds
{
    /// <summary>A blob holds at most 50,000 blocks; six digits cover that.</summary>
    public const int MaxBlocks = 50_000;

    public static string For(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, MaxBlocks);
        return Convert.ToBase64String(Encoding.ASCII.GetBytes("blk-" + index.ToString("D6", CultureInfo.InvariantCulture)));
    }
}
