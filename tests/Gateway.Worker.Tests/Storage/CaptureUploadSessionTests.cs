using Gateway.Pipelines.Media;
using Gateway.Pipelines.Storage;
using Gateway.Worker.Captures;
using Gateway.Worker.Recording;
using Gateway.Worker.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Worker.Tests.Storage;

/// <summary>
/// The whole upload path in process, on real time with short intervals: a file grows while the session stages it,
/// an outage makes the output pending, the end of the recording hands over to the background loop, which commits
/// once the service is back.
/// </summary>
public sealed class CaptureUploadSessionTests : IAsyncLifetime
{
    private const string Id = "c_01JD0000000000000000000002";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "gw-session-" + Guid.NewGuid().ToString("N"));
    private readonly MemoryBlobs _blobs = new();
    private readonly ActiveRecordings _active = new();
    private readonly UploadSettings _settings = new()
    {
        Staging = new BlockStagingOptions { BlockSizeBytes = 1000, StageInterval = TimeSpan.FromMilliseconds(100) },
        PollInterval = TimeSpan.FromMilliseconds(20),
        QuickRetryDelay = TimeSpan.Zero,
        RetryDelay = TimeSpan.FromMilliseconds(50),
        MaxRetryDelay = TimeSpan.FromMilliseconds(100),
    };
    private UploadManifestStore _manifests = null!;
    private UploadRetryService _service = null!;
    private CaptureStorage _storage = null!;

    public async Task InitializeAsync()
    {
        _manifests = new UploadManifestStore(_root, NullLogger<UploadManifestStore>.Instance);
        var job = new CaptureUploadJob(_manifests, _blobs, _settings, _active, TimeProvider.System, NullLogger<CaptureUploadJob>.Instance);
        _service = new UploadRetryService(_manifests, job, _active, _settings, TimeProvider.System, NullLogger<UploadRetryService>.Instance);
        _storage = new CaptureStorage(true, _manifests, _blobs, _settings, _active, _service, TimeProvider.System, NullLoggerFactory.Instance);
        await _service.StartAsync(default);
    }

    public async Task DisposeAsync()
    {
        await _service.StopAsync(default);
        _service.Dispose();
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Blocks_go_up_while_recording_an_outage_waits_and_the_end_commits_once_the_service_is_back()
    {
        var path = Path.Combine(_root, Id, "recording.mp4");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var sink = new FileSink(path);
        var spec = new CaptureSpec { Storage = new StorageSpec { Type = "azure", Container = "recordings", Prefix = "standup/" } };
        var expected = new List<byte>();
        void Append(int count)
        {
            var bytes = new byte[count];
            Random.Shared.NextBytes(bytes);
            using (var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) file.Write(bytes);
            expected.AddRange(bytes);
        }

        var upload = _storage.BeginRecording(Id, spec, sink)!;
        Append(2500);
        await Until(() => Upload().BytesUploaded == 2500);               // two full blocks, then the tail after 100 ms
        var blob = _blobs.Find("recordings", $"standup/{Id}/recording.mp4")!;
        Assert.Null(blob.Content);                                         // staged, not committed
        Assert.Equal(UploadStates.Uploading, Upload().State);

        _blobs.Unreachable = true;
        Append(1500);
        await Until(() => Upload().Error is not null);
        Assert.Equal((UploadStates.Pending, "Blob storage is unreachable"), (Upload().State, Upload().Error));

        upload.RecordingFinished();
        await Until(() => _manifests.Get(Id)!.RecordingFinished && !_active.Contains(Id));
        await Task.Delay(200);                                             // the loop tries and fails meanwhile
        Assert.NotEqual(UploadStates.Uploaded, Upload().State);             // pending, or "uploading" during an attempt
        Assert.Equal("Blob storage is unreachable", Upload().Error);
        Assert.True(File.Exists(path));

        _blobs.Unreachable = false;
        await Until(() => Upload().State == UploadStates.Uploaded);
        Assert.Equal(expected.ToArray(), blob.Content);
        await Until(() => _manifests.Get(Id)!.Outputs.Single().LocalCopyDeleted);   // recorded as uploaded first, then deleted
        Assert.False(File.Exists(path));
        var shown = _storage.Present(Id, sink.SnapshotOutputs()).Single();
        Assert.Equal(blob.Uri.AbsoluteUri, shown.Location);
        Assert.Equal(4000, shown.Bytes);
    }

    private OutputUploadStatus Upload() => _storage.Present(Id, [new OutputStatus { Type = "mp4" }]).Single().Upload!;

    private static async Task Until(Func<bool> condition)
    {
        for (var i = 0; i < 1000; i++)
        {
            if (condition()) return;
            await Task.Delay(10);
        }
        Assert.Fail("the condition never held");
    }

    /// <summary>A sink whose one output is a file the test writes.</summary>
    private sealed class FileSink(string path) : IRecordingSink
    {
        public void Write(EncodedFrame frame) => frame.Dispose();

        public Task FinalizeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public IReadOnlyList<OutputStatus> SnapshotOutputs() =>
            [new OutputStatus { Type = "mp4", State = "writing", Location = new Uri(path).AbsoluteUri, Bytes = File.Exists(path) ? new FileInfo(path).Length : 0 }];

        public (long Written, long Dropped) TrackCounters(int trackIndex) => (0, 0);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
