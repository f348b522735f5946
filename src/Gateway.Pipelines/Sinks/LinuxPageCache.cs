using System.Runtime.InteropServices;

namespace Gateway.Pipelines.Sinks;

/// <summary>The two Linux calls that move a file's pages out of the page cache behind a writer (man 2 posix_fadvise,
/// man 2 sync_file_range).</summary>
internal static partial class LinuxPageCache
{
    public const int DontNeed = 4;                 // POSIX_FADV_DONTNEED
    public const uint StartWriteback = 2;          // SYNC_FILE_RANGE_WRITE: start writing dirty pages, do not wait

    /// <returns>0, or the error number (posix_fadvise returns it rather than setting errno).</returns>
    [LibraryImport("libc", EntryPoint = "posix_fadvise")]
    public static partial int Advise(int fd, long offset, long length, int advice);

    /// <returns>0, or -1 with errno set.</returns>
    [LibraryImport("libc", EntryPoint = "sync_file_range", SetLastError = true)]
    public static partial int SyncFileRange(int fd, long offset, long length, uint flags);
}
