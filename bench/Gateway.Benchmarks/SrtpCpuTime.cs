using System.Globalization;
using System.Runtime.InteropServices;

namespace Gateway.Benchmarks;

/// <summary>
/// SRTP unprotect per core measured in the thread's CPU time (CLOCK_THREAD_CPUTIME_ID) rather than wall-clock time:
/// on a 2-core machine shared with other builds and tests (load average 30–80), BenchmarkDotNet's wall-clock figures
/// mostly measure the scheduler. Same work as <see cref="SrtpBenchmarks.Unprotect"/>: batches of 16,384 fresh
/// 1200-byte packets into a fresh receiver; the ciphers take turns in each round so they see the same conditions.
/// Run: <c>dotnet Gateway.Benchmarks.dll srtp-cpu [rounds]</c>.
/// </summary>
internal static partial class SrtpCpuTime
{
    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    private const int ClockThreadCpuTime = 3; // CLOCK_THREAD_CPUTIME_ID on Linux

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out Timespec time);

    private static long ThreadCpuNanoseconds() =>
        ClockGetTime(ClockThreadCpuTime, out var t) == 0 ? t.Seconds * 1_000_000_000 + t.Nanoseconds : throw new InvalidOperationException("clock_gettime failed");

    public static int Run(string[] args)
    {
        int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 15;
        var ciphers = Enum.GetValues<SrtpBenchmarks.SrtpCipher>();
        var benches = ciphers.Select(c => new SrtpBenchmarks { Cipher = c }).ToArray();
        foreach (var b in benches) b.GlobalSetup();
        var samples = ciphers.Select(_ => new List<double>()).ToArray();
        for (int round = -3; round < rounds; round++) // three warm-up rounds: tiered JIT reaches its final code
        {
            for (int i = 0; i < benches.Length; i++)
            {
                benches[i].RestorePackets();
                long start = ThreadCpuNanoseconds();
                benches[i].Unprotect();
                double perPacket = (ThreadCpuNanoseconds() - start) / (double)SrtpBenchmarks.Packets;
                if (round >= 0) samples[i].Add(perPacket);
            }
        }
        Console.WriteLine($"SRTP unprotect, 1200-byte payload, thread CPU time, {rounds} rounds of {SrtpBenchmarks.Packets} packets, " +
                          $"load average {File.ReadAllText("/proc/loadavg").Trim()}");
        for (int i = 0; i < ciphers.Length; i++)
        {
            var sorted = samples[i].Order().ToArray();
            double median = sorted[sorted.Length / 2], best = sorted[0];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{ciphers[i],-18} median {median / 1000:F3} µs/packet ({1e9 / median / 1000:F0} k packets/s), best {best / 1000:F3} µs ({1e9 / best / 1000:F0} k/s)"));
        }
        foreach (var b in benches) b.Cleanup();
        return 0;
    }
}
