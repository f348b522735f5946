using Gateway.Pipelines.Formats.H264;
using Gateway.Pipelines.Tests.Sinks;

namespace Gateway.Pipelines.Tests.Formats;

/// <summary>The picture size read from SPSes x264 writes for the cases the parser branches on.</summary>
public sealed class PictureSizeTests
{
    [Theory]
    [InlineData("640x360", "baseline", "yuv420p", "")]                 // 360 = 23 MBs minus 8 rows of cropping
    [InlineData("1920x1080", "high", "yuv420p", "")]                   // cropped bottom, high-profile fields
    [InlineData("176x144", "high", "yuv420p", "cqm=jvt")]              // scaling matrices in the SPS
    [InlineData("1280x722", "high444", "yuv444p", "")]                 // 4:4:4: crop units of one pixel
    [InlineData("720x576", "high", "yuv420p", "interlaced=1")]         // field coding: frame_mbs_only_flag = 0
    [InlineData("322x242", "high422", "yuv422p", "")]                  // 4:2:2, odd sizes of both cropping units
    public void Size_of_real_x264_parameter_sets(string size, string profile, string pixelFormat, string x264)
    {
        var file = Path.Combine(TestMedia.NewTempDirectory(), "one.h264");
        try
        {
            var arguments = new List<string> { "-f", "lavfi", "-i", $"testsrc=s={size}:r=25:d=0.04", "-c:v", "libx264", "-profile:v", profile,
                "-pix_fmt", pixelFormat, "-frames:v", "1" };
            if (x264.Length > 0) arguments.AddRange(["-x264-params", x264]);
            arguments.AddRange(["-f", "h264", file]);
            Tool.Ffmpeg([.. arguments]);
            var sps = Nals(File.ReadAllBytes(file)).First(n => NalUnit.TypeOf(n[0]) == NalUnitType.Sps);
            Assert.True(PictureSize.TryParse(sps, out int width, out int height));
            Assert.Equal(size, $"{width}x{height}");
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0x67, 0x42, 0xC0, 0x1E })]                 // header only
    [InlineData(new byte[] { 0x68, 0x42, 0xC0, 0x1E, 0xFF })]           // a PPS
    [InlineData(new byte[] { 0x67, 0x64, 0x00, 0x1E, 0x00, 0x00, 0x00 })] // runs out of bits
    public void Malformed_parameter_sets_are_refused(byte[] nal) => Assert.False(PictureSize.TryParse(nal, out _, out _));

    [Fact]
    public void Random_bytes_never_throw()
    {
        var random = new Random(1681);
        var nal = new byte[64];
        for (int i = 0; i < 20000; i++)
        {
            random.NextBytes(nal);
            nal[0] = 0x67;
            if (PictureSize.TryParse(nal.AsSpan(0, random.Next(1, nal.Length)), out int width, out int height))
                Assert.True(width > 0 && height > 0 && width <= 16384 && height <= 32768);
        }
    }

    private static IEnumerable<byte[]> Nals(byte[] annexB)
    {
        var starts = new List<int>();
        for (int i = 0; i + 3 <= annexB.Length; i++)
        {
            if (annexB[i] == 0 && annexB[i + 1] == 0 && annexB[i + 2] == 1) starts.Add(i + 3);
        }
        for (int k = 0; k < starts.Count; k++)
        {
            int end = k + 1 < starts.Count ? starts[k + 1] - 3 : annexB.Length;
            while (end > starts[k] && annexB[end - 1] == 0) end--;                   // a 4-byte start code's leading zero
            yield return annexB[starts[k]..end];
        }
    }
}
