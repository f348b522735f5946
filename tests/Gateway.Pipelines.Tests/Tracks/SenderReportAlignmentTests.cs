using System.Buffers;
using Gateway.Pipelines.Codecs;
using Gateway.Pipelines.Formats;
using Gateway.Pipelines.Media;
using Gateway.Pipelines.Receiving;
using Gateway.Pipelines.Sync;
using Gateway.Pipelines.Tests.Formats;
using Gateway.Pipelines.Tracks;
using Gateway.Rtc.Rtcp;
using Gateway.Rtc.Rtp;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Pipelines.Tests.Tracks;

/// <summary>
/// The real ffmpeg session (H.264 + Opus with their SRs) replayed with the audio arriving 300 ms late: the frames'
/// presentation times must follow the sender reports, not the arrival.
/// </summary>
public sealed class SenderReportAlignmentTests
{
    private static SenderReportInfo LoadReport(string relative)
    {
        var datagram = Convert.FromHexString(File.ReadAllLines(Captures.PathOf(relative))[0]);
        Assert.True(SenderReport.TryParse(datagram, out var sr, out var error), error.ToString());
        return new SenderReportInfo(sr.Info.Ssrc, sr.Info.NtpTimestamp, sr.Info.RtpTimestamp, 0);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Audio_delayed_in_transit_is_placed_by_the_sender_reports(bool reportsBeforeMedia)
    {
        var time = new FakeTimeProvider();
        var timeline = new TimelineAligner(new TimelineAlignerOptions());
        Assert.True(CodecRegistry.TryCreate("H264", 90000, 0, new Dictionary<string, string> { ["packetization-mode"] = "1" }, out var h264, out _));
        Assert.True(CodecRegistry.TryCreate("opus", 48000, 2, null, out var opus, out _));
        var tracks = new[]
        {
            new TrackPipeline(0, h264, timeline, new TrackPipelineOptions(), time),
            new TrackPipeline(1, opus, timeline, new TrackPipelineOptions(), time),
        };
        var reports = new[] { LoadReport("h264/syncpattern-stapa-zerolatency.rtcp.hex"), LoadReport("opus/syncpattern-opus.rtcp.hex") };

        // Each packet's arrival: its RTP time since the stream's SR, plus 300 ms for audio (the SRs' own NTP times
        // already say when each stream started).
        var events = new List<(TimeSpan At, int Track, RtpHeader Header, byte[] Payload)>();
        string[] captures = ["h264/syncpattern-stapa-zerolatency.hex", "opus/syncpattern-opus.hex"];
        var baseNtp = NtpTime.ToTimeSpan(reports[0].NtpTimestamp);
        for (var t = 0; t < 2; t++)
        {
            var clockRate = t == 0 ? 90000.0 : 48000.0;
            var srWall = NtpTime.ToTimeSpan(reports[t].NtpTimestamp) - baseNtp;
            foreach (var (header, payload) in Captures.Load(captures[t]))
            {
                var sinceSr = TimeSpan.FromSeconds((int)(header.Timestamp - reports[t].RtpTimestamp) / clockRate);
                events.Add((srWall + sinceSr + (t == 1 ? TimeSpan.FromMilliseconds(300) : TimeSpan.Zero), t, header, payload));
            }
        }
        events.Sort((a, b) => a.At.CompareTo(b.At));
        var start = time.GetUtcNow();
        if (reportsBeforeMedia) foreach (var (track, report) in tracks.Zip(reports)) foreach (var t in tracks) t.OnSenderReport(report);

        var frames = new List<EncodedFrame>();
        var sent = false;
        foreach (var (at, index, header, payload) in events)
        {
            var now = start + at + TimeSpan.FromSeconds(1);
            if (now > time.GetUtcNow()) time.SetUtcNow(now);
            var datagram = ArrayPool<byte>.Shared.Rent(payload.Length + 12);
            header.TryWriteTo(datagram, out var headerLength);
            payload.CopyTo(datagram.AsSpan(headerLength));
            tracks[index].Receive(header, datagram, headerLength + payload.Length, headerLength..(headerLength + payload.Length), time.GetTimestamp());
            if (!reportsBeforeMedia && !sent)
            {
                // SRs right after the first packet of each stream.
                foreach (var t in tracks) foreach (var report in reports) t.OnSenderReport(report);
                sent = tracks.All(t => t.Receiver.Ssrc is not null);
            }
            foreach (var t in tracks) t.Drain(frames.Add);
        }
        time.Advance(TimeSpan.FromSeconds(1));
        foreach (var t in tracks) t.Drain(frames.Add);

        try
        {
            // For every frame, where the SRs put it (sender NTP) minus where the timeline put it must be one constant.
            var offsets = frames.Select(f =>
            {
                var clockRate = f.TrackIndex == 0 ? 90000.0 : 48000.0;
                var ntp = NtpTime.ToTimeSpan(reports[f.TrackIndex].NtpTimestamp) - baseNtp
                          + TimeSpan.FromSeconds((int)((uint)f.RtpTimestamp - reports[f.TrackIndex].RtpTimestamp) / clockRate);
                return (f.TrackIndex, Offset: (ntp - f.Pts).TotalMilliseconds);
            }).ToList();
            var video = offsets.Where(o => o.TrackIndex == 0).Select(o => o.Offset).ToList();
            var audio = offsets.Where(o => o.TrackIndex == 1).Select(o => o.Offset).ToList();
            Assert.True(video.Count > 60 && audio.Count > 100, $"{video.Count} video, {audio.Count} audio frames");
            Assert.InRange(audio.Average() - video.Average(), -2, 2);
            Assert.InRange(video.Max() - video.Min(), 0, 2);
            Assert.InRange(audio.Max() - audio.Min(), 0, 2);
        }
        finally
        {
            foreach (var f in frames) f.Dispose();
            foreach (var t in tracks) t.Dispose();
        }
    }
}
