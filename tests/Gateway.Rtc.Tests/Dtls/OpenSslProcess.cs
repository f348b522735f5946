using System.Diagnostics;
using System.Text;

namespace Gateway.Rtc.Tests.Dtls;

/// <summary>
/// A running <c>openssl</c> command for interop tests: output captured, every wait time-limited, the process killed by
/// its own handle on dispose whatever happened.
/// </summary>
internal sealed class OpenSslProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();

    private OpenSslProcess(Process process) => _process = process;

    public string Output
    {
        get { lock (_gate) return _output.ToString(); }
    }

    public bool HasExited => _process.HasExited;

    public static OpenSslProcess Start(string workingDirectory, params string[] arguments)
    {
        var info = new ProcessStartInfo("openssl")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        var process = new Process { StartInfo = info };
        var wrapper = new OpenSslProcess(process);
        process.OutputDataReceived += (_, e) => wrapper.Append(e.Data);
        process.ErrorDataReceived += (_, e) => wrapper.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return wrapper;
    }

    /// <summary>Runs a short openssl command to completion and returns its stdout+stderr; fails on a non-zero exit.</summary>
    public static async Task<string> RunAsync(string workingDirectory, TimeSpan limit, params string[] arguments)
    {
        await using var process = Start(workingDirectory, arguments);
        process._process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(limit);
        await process._process.WaitForExitAsync(timeout.Token);
        process._process.WaitForExit();   // drains the asynchronous output readers
        if (process._process.ExitCode != 0)
            throw new InvalidOperationException($"openssl {string.Join(' ', arguments)} exited {process._process.ExitCode}: {process.Output}");
        return process.Output;
    }

    /// <summary>Polls the captured output until <paramref name="pattern"/> appears, or fails with the output so far.</summary>
    public async Task WaitForOutputAsync(string pattern, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!Output.Contains(pattern, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"openssl did not print '{pattern}' within {limit}. Output:\n{Output}");
            await Task.Delay(10);   // a polling interval, not the condition
        }
    }

    public void CloseInput() => _process.StandardInput.Close();

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_gate) _output.AppendLine(line);
    }
}
