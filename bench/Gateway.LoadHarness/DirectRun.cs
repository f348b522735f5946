using Gateway.LoadHarness.Replay;

namespace Gateway.LoadHarness;

/// <summary>The obvious alternative: the same N plain RTP streams, each received by <c>ffmpeg -i stream.sdp -c copy out.mp4</c>.</summary>
internal static class DirectRun
{
    public static async Task<Row> RunAsync(HarnessOptions options, RecordedStream stream, int n, string work)
    {
        const string mode = "ffmpeg direct";
        Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss} N={n} {mode}: starting");
        using var receivers = new Processes();
        var dir = Directory.CreateDirectory(Path.Combine(work, $"direct-{n}")).FullName;
        var outputs = new List<string?>();
        var pairs = new List<(int Video, int Audio)>();
        for (var i = 0; i < n; i++)
        {
            var (video, audio) = (PortFinder.NextUdpPair(), PortFinder.NextUdpPair());
            pairs.Add((video, audio));
            var sdp = Path.Combine(dir, $"stream-{i}.sdp");
            await File.WriteAllTextAsync(sdp, PreEncoded.Sdp(video, audio));
            var output = Path.Combine(dir, $"out-{i}.mp4");
            outputs.Add(output);
            receivers.Start("ffmpeg", ["-nostdin", "-v", "error", "-protocol_whitelist", "file,udp,rtp", "-i", sdp, "-c", "copy", "-y", output],
                Path.Combine(dir, $"ffmpeg-{i}.log"));
        }
        var ports = pairs.SelectMany(p => new[] { p.Video, p.Video + 1, p.Audio, p.Audio + 1 }).ToHashSet();
        await PortFinder.WaitBoundAsync(ports, TimeSpan.FromSeconds(60));   // receivers listen before the first packet
        var sessions = pairs.Select(p => new PlainRtpSession(stream, p.Video, p.Audio)).ToList();
        var scheduler = new ReplayScheduler(options.SenderThreads(n));
        try
        {
            foreach (var s in sessions) scheduler.Add(s);
            await Task.Delay(TimeSpan.FromSeconds(options.Warmup));
            var window = await Sampler.MeasureAsync(() => receivers.Ids.ToList(), TimeSpan.FromSeconds(options.Seconds));
            var kernelDrops = Drops.KernelUdp(ports);
            foreach (var s in sessions) s.Stop();
            await Task.Delay(1500);
            // SIGINT: ffmpeg finishes the file (writes the moov) and exits; -nostdin rules out 'q'.
            await Processes.RunAsync("kill", ["-INT", .. receivers.Ids.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture))],
                TimeSpan.FromSeconds(30));
            await receivers.WaitAllAsync(TimeSpan.FromSeconds(60));
            var failures = sessions.Sum(s => s.SendFailures);
            return await Row.CheckAsync(mode, n, window, outputs, sessions, 0, kernelDrops, failures > 0 ? $"{failures} sends failed" : "", options.DecodeAll);
        }
        finally
        {
            scheduler.Dispose();
            foreach (var s in sessions) s.Dispose();
        }
    }
}
