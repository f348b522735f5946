using System.Diagnostics;
using System.Globalization;

namespace Gateway.LoadHarness;

/// <summary>
/// <c>--output-topology N</c>: does one ffmpeg with two outputs cost less CPU than one ffmpeg per output (issue 7 item 3)?
/// The input is what <see cref="Gateway.Pipelines.Sinks.FfmpegSink"/> feeds ffmpeg: Matroska with the source's
/// codecs (H.264 + Opus, or VP8 + Opus), here a pre-made 640x360 30 fps file read at real time (<c>-re</c>). Outputs
/// use the gateway's arguments: fragmented mp4 (H.264 copied or libx264, AAC) and the rtmp output's FLV (to a file:
/// the same muxing and encoding without a server). N pipelines run at once per case; the CPU is the children's
/// user + system time, read by the shell (<c>times</c>) after they exit, so nothing is sampled or lost.
/// </summary>
internal static class OutputTopology
{
    private const int Seconds = 20;

    private const string Mp4Copy = "-map 0:0 -c:v copy -fps_mode passthrough -map 0:1 -c:a aac -b:a 128k -movflags +frag_keyframe+empty_moov+default_base_moof+delay_moov -f mp4";
    private const string Mp4X264 = "-map 0:0 -c:v libx264 -preset veryfast -bf 0 -pix_fmt yuv420p -force_key_frames expr:gte(t,n_forced*2) -fps_mode passthrough -map 0:1 -c:a aac -b:a 128k -movflags +frag_keyframe+empty_moov+default_base_moof+delay_moov -f mp4";
    private const string FlvCopy = "-map 0:0 -c:v copy -map 0:1 -c:a aac -b:a 128k -f flv -flvflags no_duration_filesize";
    private const string FlvX264 = "-map 0:0 -c:v libx264 -preset veryfast -tune zerolatency -bf 0 -pix_fmt yuv420p -force_key_frames expr:gte(t,n_forced*2) -map 0:1 -c:a aac -b:a 128k -f flv -flvflags no_duration_filesize";
    private const string WebmCopy = "-map 0:0 -c:v copy -fps_mode passthrough -map 0:1 -c:a copy -f webm";

    public static async Task<int> RunAsync(int n, string work)
    {
        var h264 = await MakeInputAsync(work, "h264.mkv", "-c:v libx264 -profile:v baseline -preset veryfast -tune zerolatency -bf 0 -g 60 -b:v 2500k -pix_fmt yuv420p");
        var vp8 = await MakeInputAsync(work, "vp8.mkv", "-c:v libvpx -deadline realtime -cpu-used 8 -b:v 2500k -g 60 -auto-alt-ref 0");
        var cases = new (string Name, string Input, string[] Outputs)[]
        {
            ("h264+opus -> mp4 + rtmp", h264, [Mp4Copy, FlvCopy]),
            ("vp8+opus -> webm + rtmp", vp8, [WebmCopy, FlvX264]),
            ("vp8+opus -> mp4 + rtmp", vp8, [Mp4X264, FlvX264]),
        };
        Console.WriteLine($"output topology: {n} pipelines at once, {Seconds} s of 640x360 30 fps at 2.5 Mbit/s each, {Environment.ProcessorCount} cores");
        Console.WriteLine("case | one ffmpeg, 2 outputs: CPU s per stream-minute | one ffmpeg per output | per-output / shared");
        foreach (var (name, input, outputs) in cases)
        {
            double shared = await CpuSecondsAsync(work, input, n, [outputs]);
            double split = await CpuSecondsAsync(work, input, n, outputs.Select(o => new[] { o }).ToArray());
            double perMinute = 60.0 / (Seconds * n);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name} | {shared * perMinute:F2} | {split * perMinute:F2} | {split / shared:F2}"));
        }
        return 0;
    }

    /// <summary>Runs <paramref name="n"/> copies of the topology (each a list of ffmpeg processes) at once; children's CPU seconds.</summary>
    private static async Task<double> CpuSecondsAsync(string work, string input, int n, string[][] processes)
    {
        var script = new List<string>();
        int file = 0;
        for (int i = 0; i < n; i++)
        {
            foreach (var outputs in processes)
            {
                var targets = string.Join(' ', outputs.Select(o => $"{o} -y {work}/out{file++}{(o.Contains("-f flv", StringComparison.Ordinal) ? ".flv" : o.Contains("webm", StringComparison.Ordinal) ? ".webm" : ".mp4")}"));
                targets = targets.Replace("expr:gte(t,n_forced*2)", "'expr:gte(t,n_forced*2)'", StringComparison.Ordinal);   // for bash
                script.Add($"ffmpeg -hide_banner -nostdin -nostats -loglevel error -re -copyts -i {input} {targets} &");
            }
        }
        script.Add("wait; times");
        var (exit, stdout, stderr) = await RunAsync("bash", ["-c", string.Join('\n', script)]);
        if (exit != 0 || stderr.Length > 0) throw new InvalidOperationException($"ffmpeg failed ({exit}): {stderr}");
        // `times`: line 1 the shell's own user/system, line 2 its children's, as "0m1.234s 0m0.567s".
        var children = stdout.Trim().Split('\n')[^1].Split(' ');
        return children.Sum(ParseTimes);
    }

    private static double ParseTimes(string value)
    {
        int m = value.IndexOf('m', StringComparison.Ordinal);
        return int.Parse(value[..m], CultureInfo.InvariantCulture) * 60 + double.Parse(value[(m + 1)..^1], CultureInfo.InvariantCulture);
    }

    private static async Task<string> MakeInputAsync(string work, string name, string video)
    {
        var path = Path.Combine(work, name);
        var arguments = $"-hide_banner -loglevel error -f lavfi -i testsrc2=s=640x360:r=30:d={Seconds} -f lavfi -i sine=f=440:r=48000:d={Seconds} " +
                        $"{video} -c:a libopus -b:a 64k -ac 2 -f matroska -y {path}";
        var (exit, _, stderr) = await RunAsync("ffmpeg", arguments.Split(' '));
        if (exit != 0) throw new InvalidOperationException($"making {name} failed: {stderr}");
        return path;
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string file, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }
}
