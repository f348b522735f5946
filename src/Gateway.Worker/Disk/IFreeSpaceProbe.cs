namespace Gateway.Worker.Disk;

/// <summary>Free space where a path lives (a seam so tests can fill the disk without filling it).</summary>
public interface IFreeSpaceProbe
{
    /// <summary>Bytes available to this process on the file system holding <paramref name="path"/>; null when unknown.</summary>
    long? AvailableBytes(string path);
}

/// <summary>The real probe: <see cref="DriveInfo.AvailableFreeSpace"/> of the mount that holds the path.</summary>
public sealed class DriveFreeSpaceProbe : IFreeSpaceProbe
{
    public long? AvailableBytes(string path)
    {
        try
        {
            Directory.CreateDirectory(path);
            return new DriveInfo(Path.GetFullPath(path)).AvailableFreeSpace;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;   // cannot tell: do not refuse or stop on a guess
        }
    }
}
