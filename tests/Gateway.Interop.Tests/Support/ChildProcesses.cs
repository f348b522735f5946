using System.Globalization;

namespace Gateway.Interop.Tests.Support;

/// <summary>Children of this test process (the in-process gateway's ffmpegs), found through /proc.</summary>
public static class ChildProcesses
{
    /// <summary>Pids of this process's children whose command line contains every one of <paramref name="markers"/>.</summary>
    public static IReadOnlyList<int> Find(params string[] markers)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out int pid)) continue;
            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                int parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
                if (parent == Environment.ProcessId && markers.All(m => commandLine.Contains(m, StringComparison.Ordinal))) found.Add(pid);
            }
            catch (IOException)
            {
                // it exited while we looked
            }
        }
        return found;
    }

    public static async Task<int> WaitForOneAsync(TimeSpan timeout, params string[] markers)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Find(markers) is [int pid]) return pid;
            await Task.Delay(50);
        }
        throw new TimeoutException($"no single child process with {string.Join(", ", markers)} after {timeout}");
    }

    public static void Kill(int pid) => System.Diagnostics.Process.GetProcessById(pid).Kill();
}
