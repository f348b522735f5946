using System.Globalization;

namespace Gateway.LoadHarness;

/// <summary>CPU time and resident memory of a process and all its descendants, read from /proc (Linux).</summary>
internal static class ProcessTree
{
    private static readonly double TicksPerSecond = 100.0; // USER_HZ on Linux

    /// <param name="RootCpu">CPU time of the roots alone (the gateway process without its ffmpeg children).</param>
    /// <param name="RootRssBytes">RSS of the roots alone.</param>
    public readonly record struct Sample(TimeSpan Cpu, long RssBytes, int Processes, TimeSpan RootCpu, long RootRssBytes);

    public static Sample Measure(IEnumerable<int> roots)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            if (ReadStat(pid) is not { } stat) continue;
            if (!children.TryGetValue(stat.ParentPid, out var list)) children[stat.ParentPid] = list = [];
            list.Add(pid);
        }
        var seen = new HashSet<int>();
        var rootSet = roots.ToHashSet();
        var stack = new Stack<int>(rootSet);
        double ticks = 0, rootTicks = 0;
        long rss = 0, rootRss = 0;
        while (stack.Count > 0)
        {
            var pid = stack.Pop();
            if (!seen.Add(pid)) continue;
            if (ReadStat(pid) is { } stat)
            {
                var (cpu, resident) = (stat.UserTicks + stat.SystemTicks, ReadRss(pid));
                ticks += cpu;
                rss += resident;
                if (rootSet.Contains(pid)) (rootTicks, rootRss) = (rootTicks + cpu, rootRss + resident);
            }
            if (children.TryGetValue(pid, out var kids)) foreach (var kid in kids) stack.Push(kid);
        }
        return new Sample(TimeSpan.FromSeconds(ticks / TicksPerSecond), rss, seen.Count, TimeSpan.FromSeconds(rootTicks / TicksPerSecond), rootRss);
    }

    private readonly record struct Stat(int ParentPid, long UserTicks, long SystemTicks);

    /// <summary>CPU ticks per thread name (/proc/PID/task/*/stat; threads with one name summed), to see where a
    /// process spends its time without a profiler.</summary>
    public static Dictionary<string, long> ThreadTicks(int pid)
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        string[] tasks;
        try
        {
            tasks = Directory.GetDirectories($"/proc/{pid}/task");
        }
        catch (IOException)
        {
            return result;
        }
        foreach (var task in tasks)
        {
            string text;
            try
            {
                text = File.ReadAllText(Path.Combine(task, "stat"));
            }
            catch (IOException)
            {
                continue;
            }
            var open = text.IndexOf('(', StringComparison.Ordinal);
            var close = text.LastIndexOf(')');
            var name = text[(open + 1)..close];
            var fields = text[(close + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            result[name] = result.GetValueOrDefault(name) + ticks;
        }
        return result;
    }

    private static Stat? ReadStat(int pid) => ReadStat($"/proc/{pid}/stat");

    private static Stat? ReadStat(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;    // exited between listing and reading
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
        // The command name is in parentheses and may contain spaces: parse after the last ')'.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return new Stat(int.Parse(fields[1], CultureInfo.InvariantCulture),
            long.Parse(fields[11], CultureInfo.InvariantCulture), long.Parse(fields[12], CultureInfo.InvariantCulture));
    }

    private static long ReadRss(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
                var kb = line["VmRSS:".Length..].Trim().Split(' ')[0];
                return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
            }
        }
        catch (IOException)
        {
        }
        return 0;
    }
}
