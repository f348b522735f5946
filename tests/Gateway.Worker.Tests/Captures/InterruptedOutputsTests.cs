using Gateway.Worker.Captures;

namespace Gateway.Worker.Tests.Captures;

public sealed class InterruptedOutputsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("interrupted-outputs-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private OutputStatus Output(string name, byte[]? content, string state = "writing")
    {
        var path = Path.Combine(_folder, name);
        if (content is not null) File.WriteAllBytes(path, content);
        return new OutputStatus { Type = "mp4", State = state, Location = new Uri(path).AbsoluteUri };
    }

    private static byte[] Box(string type, int payload)
    {
        var box = new byte[8 + payload];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(box, (uint)box.Length);
        System.Text.Encoding.ASCII.GetBytes(type).CopyTo(box, 4);
        return box;
    }

    [Fact]
    public void A_file_with_a_movie_header_is_completed_with_its_size()
    {
        var settled = InterruptedOutputs.Settle(Output("a.mp4", [.. Box("ftyp", 16), .. Box("moov", 64), .. Box("moof", 8), .. Box("mdat", 100)]));
        Assert.Equal("completed", settled.State);
        Assert.Equal(24 + 72 + 16 + 108, settled.Bytes);
    }

    [Fact]
    public void An_empty_file_is_skipped_with_the_reason_and_removed()
    {
        var output = Output("b.mp4", []);
        var settled = InterruptedOutputs.Settle(output);
        Assert.Equal("skipped", settled.State);
        Assert.Equal(InterruptedOutputs.NoMediaReason, settled.Error);
        Assert.False(File.Exists(new Uri(output.Location!).LocalPath));
    }

    [Fact]
    public void An_mp4_without_a_movie_header_is_skipped_but_kept()
    {
        var output = Output("c.mp4", Box("ftyp", 16), "pending");
        var settled = InterruptedOutputs.Settle(output);
        Assert.Equal("skipped", settled.State);
        Assert.Equal(24, settled.Bytes);
        Assert.True(File.Exists(new Uri(output.Location!).LocalPath));
    }

    [Fact]
    public void A_missing_file_is_skipped_and_finished_outputs_are_left_alone()
    {
        Assert.Equal("skipped", InterruptedOutputs.Settle(Output("d.mp4", null)).State);
        var failed = Output("e.mp4", [], "failed") with { Error = "disk full" };
        Assert.Same(failed, InterruptedOutputs.Settle(failed));
    }

    [Fact]
    public void A_webm_with_bytes_is_completed()
    {
        Assert.Equal("completed", InterruptedOutputs.Settle(Output("f.webm", [0x1A, 0x45, 0xDF, 0xA3])).State);
    }
}
