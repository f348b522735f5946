using Gateway.Worker.Captures;
using Gateway.Worker.Recording;
using Gateway.Worker.Storage;

namespace Gateway.Worker.Tests.Recording;

public sealed class HlsFolderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hls-folder").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("index.m3u8", true)]
    [InlineData("init.mp4", true)]
    [InlineData("index0.m4s", true)]
    [InlineData("index123.ts", true)]
    [InlineData("index0.m4s.tmp", false)]
    [InlineData("index.m3u8.tmp", false)]
    [InlineData("../index0.ts", false)]
    [InlineData("..", false)]
    [InlineData("index.ts", false)]
    [InlineData("index-1.ts", false)]
    [InlineData("index1/../../x.ts", false)]
    [InlineData("INDEX.M3U8", false)]
    [InlineData("index99999999999.ts", false)]
    [InlineData("recording.mp4", false)]
    [InlineData("", false)]
    public void Only_the_names_ffmpegs_hls_muxer_writes_are_servable(string name, bool servable) =>
        Assert.Equal(servable, HlsFolder.IsServable(name));

    [Fact]
    public void Close_marks_an_ended_event_playlist_as_vod_and_ends_one_ffmpeg_could_not()
    {
        var ended = Path.Combine(_dir, "a.m3u8");
        File.WriteAllText(ended, "#EXTM3U\n#EXT-X-PLAYLIST-TYPE:EVENT\n#EXTINF:2.0,\nindex0.ts\n#EXT-X-ENDLIST\n");
        Assert.True(HlsFolder.Close(ended));
        Assert.Equal("#EXTM3U\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXTINF:2.0,\nindex0.ts\n#EXT-X-ENDLIST\n", File.ReadAllText(ended));

        var killed = Path.Combine(_dir, "b.m3u8");
        File.WriteAllText(killed, "#EXTM3U\n#EXT-X-PLAYLIST-TYPE:EVENT\n#EXTINF:2.0,\nindex0.ts\n");
        Assert.True(HlsFolder.Close(killed));
        Assert.Equal("#EXTM3U\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXTINF:2.0,\nindex0.ts\n#EXT-X-ENDLIST\n", File.ReadAllText(killed));
        Assert.True(HlsFolder.Close(killed));                                   // idempotent
        Assert.False(HlsFolder.Close(Path.Combine(_dir, "missing.m3u8")));
        Assert.Equal(2, Directory.GetFiles(_dir).Length);                       // no temp file left behind
    }

    [Fact]
    public void Uploads_add_the_finished_folder_files_once_and_put_the_playlist_last()
    {
        var capture = Path.Combine(_dir, "c_1");
        var hls = Directory.CreateDirectory(Path.Combine(capture, "hls")).FullName;
        foreach (var file in new[] { "index.m3u8", "init.mp4", "index0.m4s", "index1.m4s", "index2.m4s.tmp" }) File.WriteAllText(Path.Combine(hls, file), "x");
        var manifest = new UploadManifest
        {
            CaptureId = "c_1", Container = "rec",
            Outputs =
            [
                new OutputUpload { Index = 0, LocalPath = Path.Combine(hls, "index.m3u8"), BlobName = "p/c_1/hls/index.m3u8", ContentType = "application/vnd.apple.mpegurl" },
                new OutputUpload { Index = 1, LocalPath = Path.Combine(capture, "recording.mp4"), BlobName = "p/c_1/recording.mp4", ContentType = "video/mp4" },
            ],
        };
        Assert.Equal("hls/index.m3u8", HlsUploads.NameInCapture(manifest.Outputs[0].LocalPath));
        Assert.Equal("recording.mp4", HlsUploads.NameInCapture(manifest.Outputs[1].LocalPath));

        var expanded = HlsUploads.WithFolderFiles(manifest);
        Assert.Equal(["p/c_1/recording.mp4", "p/c_1/hls/index0.m4s", "p/c_1/hls/index1.m4s", "p/c_1/hls/init.mp4", "p/c_1/hls/index.m3u8"],
            expanded.Outputs.Select(o => o.BlobName));
        Assert.Equal([1, 1000, 1001, 1002, 0], expanded.Outputs.Select(o => o.Index));
        Assert.Equal("video/iso.segment", expanded.Outputs[1].ContentType);
        Assert.Same(expanded, HlsUploads.WithFolderFiles(expanded));           // nothing new: unchanged
    }

    [Fact]
    public void Hls_settings_are_validated_and_one_hls_output_is_allowed()
    {
        var spec = new CaptureSpec
        {
            Source = new SourceSpec { Type = "rtp", Sdp = "v=0" },
            Outputs = [new OutputSpec { Type = "hls", SegmentSeconds = 31, Format = "dash" }, new OutputSpec { Type = "hls" }],
        };
        var errors = CaptureSpecValidator.Validate(spec);
        Assert.Equal(["outputs[0].format", "outputs[0].segmentSeconds", "outputs[1].type"], errors.Keys.Order());
        Assert.Empty(CaptureSpecValidator.Validate(spec with { Outputs = [new OutputSpec { Type = "hls", SegmentSeconds = 6, Format = "ts" }] }));
        Assert.Equal(new Pipelines.Sinks.HlsOutputOptions(6, Pipelines.Sinks.HlsSegmentFormat.Ts),
            HlsSpecRules.ToOptions(new OutputSpec { Type = "hls", SegmentSeconds = 6, Format = "ts" }, new()));
        Assert.Equal(new Pipelines.Sinks.HlsOutputOptions(4, Pipelines.Sinks.HlsSegmentFormat.Fmp4),
            HlsSpecRules.ToOptions(new OutputSpec { Type = "hls" }, new(4)));
    }
}
