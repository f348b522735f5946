using System.Diagnostics;
using System.Text;

namespace Gateway.Interop.Tests.Support;

/// <summary>
/// A real peer process (ffmpeg, ffprobe, ...) owned by a test: output captured, every wait time-limited, and the whole
/// process tree killed on dispose, on every path.
/// </summary>
public sealed class ExternalProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _gate = new();

    private ExternalProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_gate) _stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_gate) _stderr.AppendLine(e.Data); };
    }

    public int Id => _process.Id;

    public string StandardOutput { get { lock (_gate) return _stdout.ToString(); } }

    public string StandardError { get { lock (_gate) return _stderr.ToString(); } }

    public static ExternalProcess Start(string fileName, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        var process = new Process { StartInfo = info };
        var wrapper = new ExternalProcess(process);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return wrapper;
    }

    /// <summary>Runs to completion within <paramref name="timeout"/>; returns exit code, stdout and stderr.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout)
    {
        await using var process = Start(fileName, arguments);
        var exit = await process.WaitForExitAsync(timeout);
        return (exit, process.StandardOutput, process.StandardError);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{_process.StartInfo.FileName} did not exit within {timeout}. stderr: {StandardError}");
        }
        _process.WaitForExit(); // flushes the async output readers
        return _process.ExitCode;
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Types into the process (ffmpeg stops cleanly on "q").</summary>
    public void SendInput(string text)
    {
        try
        {
            _process.StandardInput.Write(text);
            _process.StandardInput.Flush();
        }
        catch (IOException)
        {
            // it exited already
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // never started or already reaped: nothing left to kill
        }
        _process.Dispose();
    }
}
