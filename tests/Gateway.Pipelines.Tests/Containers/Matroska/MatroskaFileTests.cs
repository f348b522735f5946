using System.Buffers;
using Gateway.Pipelines.Codecs;
using Gateway.Pipelines.Containers.Matroska;
using Gateway.Pipelines.Tests.Sinks;

namespace Gateway.Pipelines.Tests.Containers.Matroska;

/// <summary>Files written by <see cref="MatroskaWriter"/> alone, checked by ffprobe and a full ffmpeg decode.</summary>
public sealed class MatroskaFileTests
{
    [Fact]
    public void Vp8_and_pcmu_written_by_our_muxer_probe_and_decode_cleanly()
    {
        var video = TestMedia.Vp8;
        var audio = TestMedia.Pcmu(TimeSpan.FromMilliseconds(300));           // audio starts 300 ms after video
        var writer = new MatroskaWriter(
        [
            new MatroskaTrack(1, MediaKind.Video, "V_VP8", []),
            new MatroskaTrack(2, MediaKind.Audio, "A_MS/ACM", TestMedia.WaveFormatEx(7, 8000, 1, 8), 8000, 1),
        ]);
        var output = new ArrayBufferWriter<byte>();
        writer.WriteHeader(output);
        var frames = video.Select(f => (Track: 1, Frame: f)).Concat(audio.Select(f => (Track: 2, Frame: f)))
            .OrderBy(x => x.Frame.Pts).ToList();
        foreach (var (track, frame) in frames)
        {
            var status = writer.WriteFrame(output, track, MatroskaWriter.ToTimestamp(frame.Pts), frame.IsKeyFrame, frame.Data);
            Assert.True(status is MatroskaWriteStatus.Written or MatroskaWriteStatus.WrittenInNewCluster, status.ToString());
        }
        var directory = TestMedia.NewTempDirectory();
        var path = Path.Combine(directory, "ours.mkv");
        File.WriteAllBytes(path, output.WrittenSpan.ToArray());

        var probe = Tool.Probe(path);
        var v = Tool.Stream(probe, "video");
        var a = Tool.Stream(probe, "audio");
        Assert.Equal("vp8", v.GetProperty("codec_name").GetString());
        Assert.Equal(320, v.GetProperty("width").GetInt32());
        Assert.Equal("pcm_mulaw", a.GetProperty("codec_name").GetString());
        Assert.Equal("8000", a.GetProperty("sample_rate").GetString());
        Assert.Equal(1, a.GetProperty("channels").GetInt32());
        Assert.Equal(video.Count, Tool.CountPackets(path, "v:0"));
        Assert.Equal(audio.Count, Tool.CountPackets(path, "a:0"));
        Assert.Equal("", Tool.DecodeErrors(path));
        // A live file has no Duration element: check the timeline instead, to the millisecond.
        Assert.Equal(audio.Select(f => Math.Round(f.Pts.TotalSeconds, 3)), Tool.PacketTimes(path, "a:0"));
        Assert.Equal(video.Select(f => Math.Round(f.Pts.TotalSeconds, 3)), Tool.PacketTimes(path, "v:0"));
        Directory.Delete(directory, recursive: true);
    }
}
