using Gateway.Worker.Storage;

namespace Gateway.Worker.Tests.Storage;

public sealed class SegmentUploadsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("segment-uploads-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Part_files_of_a_restarted_ffmpeg_join_the_upload_beside_the_first_file_in_part_order()
    {
        foreach (var file in new[] { "recording.mp4", "recording.part2.mp4", "recording.part10.mp4", "recording.part3.mp4",
                     "recording.partx.mp4", "recording-1.part2.mp4", "audio.ogg", "audio.part2.ogg" })
            File.WriteAllText(Path.Combine(_dir, file), "x");
        var manifest = new UploadManifest
        {
            CaptureId = "c_1", Container = "rec",
            Outputs =
            [
                new OutputUpload { Index = 0, LocalPath = Path.Combine(_dir, "recording.mp4"), BlobName = "p/c_1/recording.mp4", ContentType = "video/mp4" },
                new OutputUpload { Index = 1, LocalPath = Path.Combine(_dir, "audio.ogg"), BlobName = "p/c_1/audio.ogg", ContentType = "audio/ogg" },
            ],
        };

        var expanded = SegmentUploads.WithPartFiles(manifest);
        Assert.Equal(["p/c_1/recording.mp4", "p/c_1/audio.ogg", "p/c_1/recording.part2.mp4", "p/c_1/recording.part3.mp4",
            "p/c_1/recording.part10.mp4", "p/c_1/audio.part2.ogg"], expanded.Outputs.Select(o => o.BlobName));
        Assert.Equal([0, 1, 1000, 1001, 1002, 1003], expanded.Outputs.Select(o => o.Index));
        Assert.Equal("audio/ogg", expanded.Outputs[^1].ContentType);
        Assert.Same(expanded, SegmentUploads.WithPartFiles(expanded));           // nothing new: unchanged
    }

    [Fact]
    public void Without_part_files_the_manifest_is_unchanged()
    {
        File.WriteAllText(Path.Combine(_dir, "recording.mp4"), "x");
        var manifest = new UploadManifest
        {
            CaptureId = "c_1", Container = "rec",
            Outputs = [new OutputUpload { Index = 0, LocalPath = Path.Combine(_dir, "recording.mp4"), BlobName = "c_1/recording.mp4", ContentType = "video/mp4" }],
        };
        Assert.Same(manifest, SegmentUploads.WithPartFiles(manifest));
    }
}
