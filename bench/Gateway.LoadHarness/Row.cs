using Gateway.LoadHarness.Replay;

namespace Gateway.LoadHarness;

/// <summary>One line of the table: a mode at one N.</summary>
/// <param name="Complete">Files holding ≥ 99.5 % of the frames sent (video and audio).</param>
/// <param name="MinCompleteness">The worst file's share of the frames sent.</param>
/// <param name="GatewayDrops">Dropped inside the gateway: source queues, recorder queues, frames dropped on loss.</param>
/// <param name="KernelDrops">Datagrams the kernel dropped at the receiving sockets (buffer full: the receiver fell behind).</param>
/// <param name="Decoded">Files fully decoded: all up to <see cref="DecodeSample"/>, beyond that the least complete ones and
/// an even spread of the rest (a 720p decode costs seconds of CPU per file).</param>
internal sealed record Row(string Mode, int Streams, Window Window, int Complete, double MinCompleteness, int DecodeErrors, int Decoded,
    long GatewayDrops, long KernelDrops, long VideoFramesSent, string Notes)
{
    public const double CompleteShare = 0.995;

    public const int DecodeSample = 8;

    public double CpuPerStream => Window.CpuPercent / Streams;

    public double RootCpuPerStream => Window.RootCpuPercent / Streams;

    public double RssMiBPerStream => Window.PeakRssBytes / 1048576.0 / Streams;

    public bool IsGateway => Mode.StartsWith("gateway", StringComparison.Ordinal);

    public static async Task<Row> CheckAsync(string mode, int n, Window window, IReadOnlyList<string?> files, IReadOnlyList<ReplaySession> sessions,
        long gatewayDrops, long kernelDrops, string notes, bool decodeAll)
    {
        Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss} N={n} {mode}: checking {files.Count} files");
        var checks = new FileCheck[files.Count];
        for (var i = 0; i < files.Count; i++)
            checks[i] = files[i] is { } file ? await FileCheck.RunAsync(file, decode: false) : new FileCheck(false, 0, 0, null, false, "no output");
        var shares = checks.Select((c, i) => c.Completeness(sessions[i].VideoFramesSent, sessions[i].AudioFramesSent)).ToArray();
        var worst = Enumerable.Range(0, files.Count).OrderBy(i => shares[i]).Take(DecodeSample / 2);
        var spread = Enumerable.Range(0, DecodeSample / 2).Select(k => k * files.Count / (DecodeSample / 2));
        var decode = decodeAll || files.Count <= DecodeSample ? Enumerable.Range(0, files.Count).ToHashSet() : worst.Concat(spread).ToHashSet();
        using var gate = new SemaphoreSlim(2);        // two decodes at a time: the machine has two cores
        await Task.WhenAll(files.Select(async (file, i) =>
        {
            if (file is null || !decode.Contains(i) || !checks[i].Exists) return;
            await gate.WaitAsync();
            try
            {
                checks[i] = await FileCheck.RunAsync(file, decode: true);
            }
            finally
            {
                gate.Release();
            }
        }));
        var problems = checks.Select((c, i) => (c, i)).Where(x => x.c.Note.Length > 0).Select(x => $"#{x.i}: {x.c.Note}").Take(2);
        var allNotes = string.Join("; ", new[] { notes }.Concat(problems).Where(s => s.Length > 0));
        return new Row(mode, n, window, shares.Count(s => s >= CompleteShare), shares.Length == 0 ? 0 : shares.Min(),
            checks.Count(c => c.DecodeClean == false), checks.Count(c => c.DecodeClean is not null), gatewayDrops, kernelDrops, sessions.Sum(s => s.VideoFramesSent), allNotes);
    }
}
