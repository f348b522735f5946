using System.Globalization;

namespace Gateway.LoadHarness;

/// <summary>CPU time and resident memory of a process and all its descendants, read from /proc (Linux).</summary>
internal static class ProcessTree
{
    private static readonly double TicksPerSecond = 100.0; // USER_HZ on Linux

    public readonly record struct Sample(TimeSpan Cpu, long RssBytes, int Processes);

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
        var stack = new Stack<int>(roots);
        double ticks = 0;
        long rss = 0;
        while (stack.Count > 0)
        {
            var pid = stack.Pop();
            if (!seen.Add(pid)) continue;
            if (ReadStat(pid) is { } stat)
            {
                ticks += stat.UserTicks + stat.SystemTicks;
                rss += ReadRss(pid);
            }
            if (children.TryGetValue(pid, out var kids)) foreach (var kid in kids) stack.Push(kid);
        }
        return new Sample(TimeSpan.FromSeconds(ticks / TicksPerSecond), rss, seen.Count);
    }

    private readonly record struct Stat(int ParentPid, long UserTicks, long SystemTicks);

    private static Stat? ReadStat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
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
