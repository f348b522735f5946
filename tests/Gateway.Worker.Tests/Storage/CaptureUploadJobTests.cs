using System.Text.Json;
using Gateway.Pipelines.Storage;
using Gateway.Worker.Captures;
using Gateway.Worker.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Worker.Tests.Storage;

public sealed class CaptureUploadJobTests : IDisposable
{
    private const string Id = "c_01JD0000000000000000000000";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "gw-upload-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));
    private readonly MemoryBlobs _blobs = new();
    private readonly ActiveRecordings _active = new();
    private UploadManifestStore _manifests;

    public CaptureUploadJobTests() => _manifests = NewStore();

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private UploadManifestStore NewStore() => new(_root, NullLogger<UploadManifestStore>.Instance);

    private static UploadSettings Settings(bool keep = false) => new()
    {
        Staging = new BlockStagingOptions { BlockSizeBytes = 1000 },
        KeepLocalCopy = keep,
        QuickRetryDelay = TimeSpan.Zero,                               // Polly's quick retries without waiting
        RetryDelay = TimeSpan.FromSeconds(30),
        MaxRetryDelay = TimeSpan.FromMinutes(15),
    };

    private CaptureUploadJob NewJob(UploadSettings? settings = null) =>
        new(_manifests, _blobs, settings ?? Settings(), _active, _time, NullLogger<CaptureUploadJob>.Instance);

    private async Task<(string Path, byte[] Bytes)> RecordedAsync(int size = 2500, bool finished = true)
    {
        var folder = Path.Combine(_root, Id);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "recording.mp4");
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        await File.WriteAllBytesAsync(path, bytes);
        _manifests.Put(new UploadManifest
        {
            CaptureId = Id,
            Container = "recordings",
            RecordingFinished = finished,
            Outputs = [new OutputUpload { Index = 0, LocalPath = path, BlobName = $"standup/{Id}/recording.mp4", ContentType = "video/mp4" }],
        });
        await _manifests.SaveAsync(Id, default);
        return (path, bytes);
    }

    [Fact]
    public async Task Uploads_verifies_records_the_blob_url_and_then_deletes_the_local_copy()
    {
        var (path, bytes) = await RecordedAsync();
        Assert.True(await NewJob().ResumeAsync(Id, default));

        Assert.Equal(bytes, _blobs.Find("recordings", $"standup/{Id}/recording.mp4")!.Content);
        Assert.False(File.Exists(path));
        var output = _manifests.Get(Id)!.Outputs.Single();
        Assert.Equal(UploadStates.Uploaded, output.State);
        Assert.Equal($"http://127.0.0.1:1/account/recordings/standup/{Id}/recording.mp4", output.BlobUrl);
        Assert.Equal(2500, output.Bytes);
        Assert.True(output.LocalCopyDeleted);
        Assert.Equal(3, output.Progress.Blocks.Count);

        using var persisted = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_root, Id, UploadManifestStore.FileName)));
        var saved = persisted.RootElement.GetProperty("outputs")[0];
        Assert.Equal("uploaded", saved.GetProperty("state").GetString());
        Assert.True(saved.GetProperty("localCopyDeleted").GetBoolean());
    }

    [Fact]
    public async Task KeepLocalCopy_keeps_the_file_after_the_upload()
    {
        var (path, bytes) = await RecordedAsync();
        Assert.True(await NewJob(Settings(keep: true)).ResumeAsync(Id, default));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(path));
        Assert.False(_manifests.Get(Id)!.Outputs.Single().LocalCopyDeleted);
    }

    [Fact]
    public async Task An_outage_leaves_the_upload_pending_with_a_backoff_and_the_local_copy_in_place()
    {
        var (path, _) = await RecordedAsync();
        _blobs.Unreachable = true;
        var job = NewJob();

        Assert.False(await job.ResumeAsync(Id, default));
        var manifest = _manifests.Get(Id)!;
        var output = manifest.Outputs.Single();
        Assert.Equal(UploadStates.Pending, output.State);
        Assert.Equal("Blob storage is unreachable", output.Error);
        Assert.Equal(1, output.FailedAttempts);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(30), manifest.NextAttemptAt);
        Assert.True(File.Exists(path));

        Assert.False(await job.ResumeAsync(Id, default));
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(60), _manifests.Get(Id)!.NextAttemptAt);   // doubled

        _blobs.Unreachable = false;
        Assert.True(await job.ResumeAsync(Id, default));
        output = _manifests.Get(Id)!.Outputs.Single();
        Assert.Equal((UploadStates.Uploaded, null, 0), (output.State, output.Error, output.FailedAttempts));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task A_second_run_for_the_same_capture_while_one_is_in_flight_does_nothing()
    {
        var (_, bytes) = await RecordedAsync();
        var release = new TaskCompletionSource();
        _blobs.StageGate = release.Task;
        var job = NewJob();
        var first = job.ResumeAsync(Id, default);
        Assert.False(await job.ResumeAsync(Id, default));                  // e.g. a job engine firing the same job twice
        release.SetResult();
        Assert.True(await first);
        var blob = _blobs.Find("recordings", $"standup/{Id}/recording.mp4")!;
        Assert.Equal(bytes, blob.Content);
        Assert.Equal(3, blob.Stages);
    }

    [Fact]
    public async Task A_capture_still_recording_here_is_left_to_its_session()
    {
        var (path, _) = await RecordedAsync(finished: false);
        _active.Add(Id);
        Assert.False(await NewJob().ResumeAsync(Id, default));
        Assert.Null(_blobs.Find("recordings", $"standup/{Id}/recording.mp4"));
        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task A_restart_reads_upload_json_and_resumes_from_the_staged_blocks()
    {
        var (path, bytes) = await RecordedAsync(finished: false);          // the process died while recording
        var blob = _blobs.Open("recordings", $"standup/{Id}/recording.mp4");
        var staging = new GrowingFileUpload(path, blob, new BlockStagingOptions { BlockSizeBytes = 1000 }, _time);
        await staging.StageAvailableAsync(default);
        await _manifests.UpdateAsync(Id, m => m.WithOutput(0, o => o with { Progress = staging.Progress }), default);

        _manifests = NewStore();                                           // a new process
        await _manifests.LoadAllAsync(default);
        Assert.Equal(2, _manifests.Get(Id)!.Outputs.Single().Progress.Blocks.Count);
        Assert.True(await NewJob().ResumeAsync(Id, default));
        var memory = _blobs.Find("recordings", $"standup/{Id}/recording.mp4")!;
        Assert.Equal(bytes, memory.Content);
        Assert.Equal(3, memory.Stages);                                    // two before the restart, the tail after it
    }

    [Fact]
    public async Task An_output_never_written_leaves_the_manifest_but_a_vanished_partly_uploaded_one_fails()
    {
        var (path, _) = await RecordedAsync();
        File.Delete(path);
        Assert.True(await NewJob().ResumeAsync(Id, default));
        Assert.Empty(_manifests.Get(Id)!.Outputs);                         // skipped output: nothing to upload

        await RecordedAsync();
        await _manifests.UpdateAsync(Id, m => m.WithOutput(0, o => o with
        {
            Progress = new BlockUploadProgress { Blocks = [new StagedBlock(0, 0, 1000, "AAAA")] },
        }), default);
        File.Delete(path);
        Assert.True(await NewJob().ResumeAsync(Id, default));
        var output = _manifests.Get(Id)!.Outputs.Single();
        Assert.Equal((UploadStates.Failed, "The local file is missing"), (output.State, output.Error));
    }

    [Fact]
    public async Task The_resource_shows_the_upload_and_after_it_the_blob_url_and_final_bytes()
    {
        var (path, _) = await RecordedAsync();
        var storage = new CaptureStorage(true, _manifests, _blobs, Settings(), _active, null!, _time, NullLoggerFactory.Instance);
        OutputStatus[] outputs = [new OutputStatus { Type = "mp4", State = "completed", Location = new Uri(path).AbsoluteUri, Bytes = 2500 }];

        var before = storage.Present(Id, outputs).Single();
        Assert.Equal(new Uri(path).AbsoluteUri, before.Location);
        Assert.Equal(new OutputUploadStatus { State = UploadStates.Pending, BytesUploaded = 0 }, before.Upload);

        await NewJob().ResumeAsync(Id, default);
        var after = storage.Present(Id, outputs).Single();
        Assert.Equal($"http://127.0.0.1:1/account/recordings/standup/{Id}/recording.mp4", after.Location);
        Assert.Equal(2500, after.Bytes);
        Assert.Equal(new OutputUploadStatus { State = UploadStates.Uploaded, BytesUploaded = 2500 }, after.Upload);
        Assert.Same(outputs[0], storage.Present("c_01JD0000000000000000000001", outputs).Single());   // local storage: untouched
    }
}
