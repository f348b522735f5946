using System.Globalization;

namespace Gateway.Soak;

/// <summary>One reading of a process from /proc (Linux): resident memory, threads and open file descriptors.</summary>
internal readonly record struct ProcessSample(long RssBytes, int Threads, int FileDescriptors)
{
    public static ProcessSample Read(int pid)
    {
        long rss = 0;
        var threads = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = 1024 * long.Parse(Number(line), CultureInfo.InvariantCulture);
            else if (line.StartsWith("Threads:", StringComparison.Ordinal)) threads = int.Parse(Number(line), CultureInfo.InvariantCulture);
        }
        return new(rss, threads, Directory.GetFileSystemEntries($"/proc/{pid}/fd").Length);
    }

    private static string Number(string line) => line.Split(':', 2)[1].Trim().Split(' ')[0];
}
