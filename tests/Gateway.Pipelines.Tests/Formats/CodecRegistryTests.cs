using Gateway.Pipelines.Codecs;
using Gateway.Pipelines.Formats;
using Gateway.Pipelines.Formats.H264;

namespace Gateway.Pipelines.Tests.Formats;

public sealed class CodecRegistryTests
{
    [Theory]
    [InlineData("H264", 90000, 0, "packetization-mode=1", "H264", "V_MPEG4/ISO/AVC", MediaKind.Video, 0)]
    [InlineData("h264", 90000, 0, "", "H264", "V_MPEG4/ISO/AVC", MediaKind.Video, 0)]                  // absent mode = 0
    [InlineData("H264", 90000, 0, "Packetization-Mode=0", "H264", "V_MPEG4/ISO/AVC", MediaKind.Video, 0)]
    [InlineData("VP8", 90000, 0, "", "VP8", "V_VP8", MediaKind.Video, 0)]
    [InlineData("vp9", 90000, 0, "profile-id=0", "VP9", "V_VP9", MediaKind.Video, 0)]
    [InlineData("opus", 48000, 2, "minptime=10;useinbandfec=1", "opus", "A_OPUS", MediaKind.Audio, 2)]
    [InlineData("OPUS", 48000, 2, "sprop-stereo=0", "opus", "A_OPUS", MediaKind.Audio, 1)]              // mono hint
    [InlineData("opus", 48000, 2, "stereo=1;sprop-stereo=1", "opus", "A_OPUS", MediaKind.Audio, 2)]
    [InlineData("PCMU", 8000, 0, "", "PCMU", "A_MS/ACM", MediaKind.Audio, 1)]
    [InlineData("pcma", 8000, 1, "", "PCMA", "A_MS/ACM", MediaKind.Audio, 1)]
    public void Supported_formats(string name, int clock, int channels, string fmtp, string encoding, string matroska, MediaKind kind, int codecChannels)
    {
        Assert.True(CodecRegistry.TryCreate(name, clock, channels, Fmtp(fmtp), out var codec, out var reason), reason);
        Assert.Equal("", reason);
        Assert.Equal((encoding, matroska, kind, clock, codecChannels, kind == MediaKind.Video),
            (codec.EncodingName, codec.MatroskaCodecId, codec.Kind, codec.ClockRate, codec.Channels, codec.NeedsKeyFrameToStart));
        Assert.NotNull(codec.CreateDepacketizer(new DepacketizerLimits()));
    }

    [Theory]
    [InlineData("H264", 90000, 0, "packetization-mode=2", "H264 packetization-mode 2 is not supported")]
    [InlineData("H264", 90000, 0, "packetization-mode=x", "H264 packetization-mode x is not supported")]
    [InlineData("AV1", 90000, 0, "", "codec AV1 is not supported")]
    [InlineData("H265", 90000, 0, "", "codec H265 is not supported")]
    [InlineData("G722", 8000, 1, "", "codec G722 is not supported")]
    [InlineData("", 8000, 1, "", "codec (none) is not supported")]
    [InlineData("VP8", 48000, 0, "", "VP8 at clock rate 48000 is not supported (expected 90000)")]
    [InlineData("opus", 16000, 2, "", "opus at clock rate 16000 is not supported (expected 48000)")]
    [InlineData("opus", 48000, 6, "", "opus with 6 channels is not supported")]
    [InlineData("PCMU", 8000, 2, "", "PCMU with 2 channels is not supported")]
    [InlineData("PCMA", 16000, 1, "", "PCMA at clock rate 16000 is not supported (expected 8000)")]
    public void Unsupported_formats_say_why(string name, int clock, int channels, string fmtp, string expected)
    {
        Assert.False(CodecRegistry.TryCreate(name, clock, channels, Fmtp(fmtp), out var codec, out var reason));
        Assert.Null(codec);
        Assert.Equal(expected, reason);
    }

    [Fact]
    public void H264_sprop_parameter_sets_reach_the_codec()
    {
        Assert.True(CodecRegistry.TryCreate("H264", 90000, 0,
            Fmtp("packetization-mode=1;profile-level-id=42c01f;sprop-parameter-sets=Z0LAH9k=,aM48gA=="), out var codec, out _));
        var sprop = Assert.IsType<H264Codec>(codec).SpropParameterSets;
        Assert.Equal("6742C01FD9", Convert.ToHexString(Assert.Single(sprop.SequenceParameterSets)));
        Assert.Equal("68CE3C80", Convert.ToHexString(Assert.Single(sprop.PictureParameterSets)));
    }

    private static Dictionary<string, string> Fmtp(string text) =>
        text.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0].Trim(), p => p.Length > 1 ? p[1].Trim() : "", StringComparer.Ordinal);
}
