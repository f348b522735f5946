using System.Diagnostics;

namespace Gateway.LoadHarness;

/// <summary>Child processes owned by the harness; killed (whole tree) on dispose.</summary>
internal sealed class Processes : IDisposable
{
    private readonly List<Process> _all = [];

    public IEnumerable<int> Ids => _all.Where(p => !p.HasExited).Select(p => p.Id);

    public Process Start(string file, IEnumerable<string> arguments, string? stdoutLog = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        var process = Process.Start(info)!;
        var log = stdoutLog is null ? null : new StreamWriter(stdoutLog) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (process) log?.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (process) log?.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _all.Add(process);
        return process;
    }

    /// <summary>Waits for every process to exit by itself (false if some are still running at the timeout).</summary>
    public async Task<bool> WaitAllAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await Task.WhenAll(_all.Select(p => p.WaitForExitAsync(cts.Token)));
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public static async Task<(int Exit, string Output)> RunAsync(string file, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} took longer than {timeout}");
        }
        return (process.ExitCode, (await stdout) + (await stderr));
    }

    public void Dispose()
    {
        foreach (var p in _all)
        {
            try
            {
                if (!p.HasExited) p.Kill(entireProcessTree: true);
                p.WaitForExit(5000);
            }
            catch (InvalidOperationException)
            {
                // already gone
            }
            p.Dispose();
        }
    }
}
