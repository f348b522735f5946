using Microsoft.Win32.SafeHandles;

namespace Gateway.Pipelines.Sinks;

/// <summary>
/// Keeps a growing recording out of the page cache: each call starts writeback of what was appended since the last
/// one and drops from the cache what the call before sent to disk. Nobody reads a recording back soon (an upload
/// that does reads it from disk), and cached it only grows: it pushes out what is read, and on a VM each new cached
/// page is memory the host must back on first touch. Measured on this project's 2-core VM, writing 2 GiB into a growing cache
/// cost 6.6–21 s of kernel time, and 0.8–1.1 s with the pages dropped behind the writer.
/// Linux only; elsewhere, or on a file system that refuses the calls, it does nothing. Correctness never depends
/// on it: a dropped page the writer rewrites (an MP4 header) is read back by the kernel. Single-threaded.
/// </summary>
internal sealed class WrittenPageTrimmer(string path) : IDisposable
{
    /// <summary>Dropped again on the next call: writeback of the newest pages may not have finished on this one.</summary>
    private const long Overlap = 4L << 20;

    private SafeFileHandle? _handle;
    private long _writtenBackTo;   // writeback was started for every byte before this
    private long _pendingTo;       // ... of which this much before the previous call, so it is on disk by now
    private long _droppedTo;
    private bool _off;

    /// <summary>Bytes dropped from the cache so far (counting the overlap once).</summary>
    public long DroppedBytes => _droppedTo;

    public void Trim()
    {
        if (_off || !OperatingSystem.IsLinux() || !TryOpen(out var handle)) return;
        long length;
        try
        {
            length = RandomAccess.GetLength(handle);
        }
        catch (ObjectDisposedException)
        {
            return;
        }
        if (length < _writtenBackTo) _writtenBackTo = _pendingTo = _droppedTo = 0;   // truncated and written again
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);           // throws once disposed: the run ended under a late call
            int fd = (int)handle.DangerousGetHandle();
            if (_pendingTo > _droppedTo)
            {
                long from = Math.Max(0, _droppedTo - Overlap);
                if (LinuxPageCache.Advise(fd, from, _pendingTo - from, LinuxPageCache.DontNeed) != 0)
                {
                    _off = true;
                    return;
                }
                _droppedTo = _pendingTo;
            }
            if (length > _writtenBackTo)
            {
                if (LinuxPageCache.SyncFileRange(fd, _writtenBackTo, length - _writtenBackTo, LinuxPageCache.StartWriteback) != 0)
                {
                    _off = true;
                    return;
                }
                _writtenBackTo = length;
            }
            _pendingTo = _writtenBackTo;
        }
        catch (ObjectDisposedException)
        {
            _off = true;
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }

    private bool TryOpen(out SafeFileHandle handle)
    {
        if (_handle is null)
        {
            try
            {
                // Read-only, sharing everything: the writer (ffmpeg) and deletes are never blocked by this handle.
                _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                handle = null!;
                return false;                            // not created yet: the next call tries again
            }
        }
        handle = _handle;
        return true;
    }

    public void Dispose() => _handle?.Dispose();
}
