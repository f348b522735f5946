using Gateway.Pipelines.Codecs;
using Gateway.Pipelines.Formats;
using Gateway.Rtc.Sdp;
using Gateway.Worker.Viewers;

namespace Gateway.Worker.Tests.Viewers;

public sealed class ViewerCodecMatchTests
{
    private static IRtpCodec Codec(string name, int clock, int channels = 0, string? fmtp = null)
    {
        var parameters = fmtp is null ? null : fmtp.Split(';').Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);
        Assert.True(CodecRegistry.TryCreate(name, clock, channels, parameters, out var codec, out var reason), reason);
        return codec;
    }

    private static MediaDescription Section(string text)
    {
        var sdp = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n" + text;
        Assert.True(SdpMessage.TryParse(sdp, out var message, out var error), error.ToString());
        return message.Media[0];
    }

    [Fact]
    public void Each_section_takes_the_first_free_track_of_its_kind_in_the_viewers_payload_type()
    {
        var match = new ViewerCodecMatch([Codec("H264", 90000, fmtp: "packetization-mode=1"), Codec("opus", 48000, 2)]);
        var audio = Section("m=audio 9 UDP/TLS/RTP/SAVPF 111 0\r\na=rtpmap:111 opus/48000/2\r\na=rtpmap:0 PCMU/8000\r\n");
        var video = Section("m=video 9 UDP/TLS/RTP/SAVPF 96 102 104\r\na=rtpmap:96 VP8/90000\r\na=rtpmap:102 H264/90000\r\na=fmtp:102 packetization-mode=0\r\n" +
            "a=rtpmap:104 H264/90000\r\na=fmtp:104 packetization-mode=1;profile-level-id=42e01f\r\n");

        Assert.Equal(111, match.Choose(0, audio)!.PayloadType);
        // Mode 0 cannot carry a mode 1 source's FU-A packets; the viewer's mode 1 format is taken.
        Assert.Equal(104, match.Choose(1, video)!.PayloadType);
        Assert.Equal(new Dictionary<int, int> { [0] = 1, [1] = 0 }, match.TrackOf);
        // A second video section finds no free video track.
        Assert.Null(match.Choose(2, video));
    }

    [Fact]
    public void A_viewer_without_the_captures_codec_gets_nothing()
    {
        var match = new ViewerCodecMatch([Codec("VP8", 90000)]);
        Assert.Null(match.Choose(0, Section("m=video 9 UDP/TLS/RTP/SAVPF 102\r\na=rtpmap:102 H264/90000\r\na=fmtp:102 packetization-mode=1\r\n")));
        Assert.Empty(match.TrackOf);
    }
}
