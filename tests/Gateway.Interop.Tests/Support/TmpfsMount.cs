using System.Globalization;

namespace Gateway.Interop.Tests.Support;

/// <summary>A small tmpfs mounted on a fresh directory (the tests run as root), always unmounted on dispose.</summary>
public sealed class TmpfsMount : IAsyncDisposable
{
    private TmpfsMount(string path) => Path = path;

    public string Path { get; }

    public static async Task<TmpfsMount> MountAsync(string path, int megabytes)
    {
        Directory.CreateDirectory(path);
        var (exit, _, error) = await ExternalProcess.RunAsync("mount",
            ["-t", "tmpfs", "-o", string.Create(CultureInfo.InvariantCulture, $"size={megabytes}m"), "tmpfs", path], TimeSpan.FromSeconds(10));
        Assert.True(exit == 0, $"mount tmpfs: {error}");
        return new TmpfsMount(path);
    }

    /// <summary>Bytes free on the mount right now.</summary>
    public long AvailableBytes => new DriveInfo(Path).AvailableFreeSpace;

    public async ValueTask DisposeAsync()
    {
        // Lazy: a process that still holds a file there (a killed gateway's ffmpeg) must not keep the mount alive.
        await ExternalProcess.RunAsync("umount", ["-l", Path], TimeSpan.FromSeconds(10));
    }
}
