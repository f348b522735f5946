namespace Gateway.Interop.Tests.Support;

/// <summary>A fresh folder per test, removed afterwards unless GATEWAY_KEEP_TEST_FILES is set (to look at outputs).</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory(string prefix = "gateway-test")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("GATEWAY_KEEP_TEST_FILES") is not null) return;
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // a process still holds a file: the OS temp cleaner gets it
        }
    }
}
