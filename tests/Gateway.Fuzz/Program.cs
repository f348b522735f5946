using System.Diagnostics;
using System.Globalization;
using Gateway.Fuzz;

// Usage:
//   Gateway.Fuzz list
//   Gateway.Fuzz random <target|all> <seconds> [seed] [corpusDir]   random + mutated-corpus inputs, time-boxed (CI)
//   Gateway.Fuzz afl <target>                                       under SharpFuzz + afl-fuzz (out of process)
//   Gateway.Fuzz libfuzzer <target>                                 under SharpFuzz's libFuzzer driver
var targets = typeof(IFuzzTarget).Assembly.GetTypes()
    .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IFuzzTarget).IsAssignableFrom(t))
    .Select(t => (IFuzzTarget)Activator.CreateInstance(t)!)
    .OrderBy(t => t.Name, StringComparer.Ordinal)
    .ToDictionary(t => t.Name, StringComparer.OrdinalIgnoreCase);

if (args.Length == 0 || args[0] == "list")
{
    foreach (var name in targets.Keys) Console.WriteLine(name);
    return 0;
}

IEnumerable<IFuzzTarget> Select(string name) =>
    name == "all" ? targets.Values : targets.TryGetValue(name, out var t) ? [t] : throw new ArgumentException($"unknown target '{name}'");

switch (args[0])
{
    case "afl":
        var afl = Select(args[1]).Single();
        SharpFuzz.Fuzzer.OutOfProcess.Run(stream =>
        {
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            afl.Run(memory.ToArray());
        });
        return 0;
    case "libfuzzer":
        var lib = Select(args[1]).Single();
        SharpFuzz.Fuzzer.LibFuzzer.Run(span => lib.Run(span));
        return 0;
    case "random":
        var seconds = double.Parse(args[2], CultureInfo.InvariantCulture);
        var seed = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : Environment.TickCount;
        var corpusRoot = args.Length > 4 ? args[4] : FindCorpusRoot();
        var selected = Select(args[1]).ToList();
        var failures = 0;
        foreach (var target in selected)
        {
            var result = RandomRunner.Run(target, TimeSpan.FromSeconds(seconds / selected.Count), seed, corpusRoot);
            Console.WriteLine($"{target.Name}: {result.Executions} inputs in {result.Elapsed.TotalSeconds:F1} s, seed {seed}, " +
                              $"{result.CorpusFiles} corpus files, {(result.Failure is null ? "no crash" : "CRASH")}");
            if (result.Failure is not null)
            {
                failures++;
                Console.WriteLine($"  input (hex): {Convert.ToHexString(result.FailingInput!)}");
                Console.WriteLine($"  {result.Failure}");
            }
        }
        return failures == 0 ? 0 : 1;
    default:
        Console.Error.WriteLine("usage: list | random <target|all> <seconds> [seed] [corpusDir] | afl <target> | libfuzzer <target>");
        return 2;
}

static string? FindCorpusRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        var candidate = Path.Combine(dir.FullName, "tests", "testdata", "fuzz");
        if (Directory.Exists(candidate)) return candidate;
    }
    return null;
}

/// <summary>Random and corpus-mutation inputs for a fixed time: the CI smoke pass, not a replacement for afl.</summary>
internal static class RandomRunner
{
    public sealed record Result(long Executions, TimeSpan Elapsed, int CorpusFiles, Exception? Failure, byte[]? FailingInput);

    public static Result Run(IFuzzTarget target, TimeSpan budget, int seed, string? corpusRoot)
    {
        var random = new Random(seed);
        var corpus = new List<byte[]>();
        if (corpusRoot is not null && Directory.Exists(Path.Combine(corpusRoot, target.Name)))
            corpus.AddRange(Directory.GetFiles(Path.Combine(corpusRoot, target.Name)).Select(File.ReadAllBytes));
        var clock = Stopwatch.StartNew();
        long executions = 0;
        var buffer = new byte[4096];
        foreach (var seedInput in corpus)
        {
            if (Execute(target, seedInput, ref executions) is { } failure) return new(executions, clock.Elapsed, corpus.Count, failure, seedInput);
        }
        while (clock.Elapsed < budget)
        {
            byte[] input;
            if (corpus.Count > 0 && random.Next(4) != 0)
            {
                input = (byte[])corpus[random.Next(corpus.Count)].Clone();
                Mutate(input, random);
                if (random.Next(8) == 0) input = input.AsSpan(0, random.Next(input.Length + 1)).ToArray();
            }
            else
            {
                var length = random.Next(random.Next(4) == 0 ? buffer.Length : 64);
                random.NextBytes(buffer.AsSpan(0, length));
                input = buffer.AsSpan(0, length).ToArray();
            }
            if (Execute(target, input, ref executions) is { } failure) return new(executions, clock.Elapsed, corpus.Count, failure, input);
        }
        return new(executions, clock.Elapsed, corpus.Count, null, null);
    }

    private static Exception? Execute(IFuzzTarget target, byte[] input, ref long executions)
    {
        executions++;
        try
        {
            target.Run(input);
            return null;
        }
        catch (Exception ex) // a finding: reported with its input, never hidden
        {
            return ex;
        }
    }

    private static void Mutate(byte[] input, Random random)
    {
        if (input.Length == 0) return;
        var flips = 1 + random.Next(4);
        for (var i = 0; i < flips; i++)
        {
            var at = random.Next(input.Length);
            input[at] = random.Next(3) switch
            {
                0 => (byte)random.Next(256),
                1 => (byte)(input[at] ^ (1 << random.Next(8))),
                _ => random.Next(2) == 0 ? (byte)0 : (byte)0xFF,
            };
        }
    }
}
