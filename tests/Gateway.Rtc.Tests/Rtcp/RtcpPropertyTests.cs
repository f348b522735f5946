using System.Buffers.Binary;
using FsCheck.Xunit;
using Gateway.Rtc.Rtcp;

namespace Gateway.Rtc.Tests.Rtcp;

/// <summary>parse(write(x)) == x for every RTCP type, and no parser throws on arbitrary bytes.</summary>
public sealed class RtcpPropertyTests
{
    private static ReceptionReport[] Blocks(uint[] seeds) => seeds.Take(31).Select((s, i) => new ReceptionReport(
        s, (byte)(s >> 3), (int)(s << 8) >> 8, s * 7, s ^ 0xFFFF, (uint)i * 0x10001u, ~s)).ToArray();

    [Property(MaxTest = 200)]
    public bool Sender_report_round_trips(uint ssrc, ulong ntp, uint rtp, uint packets, uint octets, uint[] seeds, uint[] extensionWords)
    {
        var blocks = Blocks(seeds);
        var extension = new byte[4 * Math.Min(extensionWords.Length, 8)];
        for (var i = 0; i < extension.Length / 4; i++) BinaryPrimitives.WriteUInt32BigEndian(extension.AsSpan(4 * i), extensionWords[i]);
        var info = new SenderInfo(ssrc, ntp, rtp, packets, octets);
        var buffer = new byte[1024];
        if (!new SenderReport(info, blocks, extension).TryWriteTo(buffer, out int written)) return false;
        return SenderReport.TryParse(buffer.AsSpan(0, written), out var parsed, out _) && parsed.Info == info
            && parsed.ReportBlocks.ToArray().SequenceEqual(blocks) && parsed.ProfileExtension.SequenceEqual(extension)
            && RtcpCompound.Validate(buffer.AsSpan(0, written), out _);
    }

    [Property(MaxTest = 200)]
    public bool Receiver_report_round_trips(uint ssrc, uint[] seeds)
    {
        var blocks = Blocks(seeds);
        var buffer = new byte[1024];
        if (!new ReceiverReport(ssrc, blocks).TryWriteTo(buffer, out int written)) return false;
        return ReceiverReport.TryParse(buffer.AsSpan(0, written), out var parsed, out _) && parsed.Ssrc == ssrc
            && parsed.ReportBlocks.ToArray().SequenceEqual(blocks) && parsed.ProfileExtension.IsEmpty;
    }

    [Property(MaxTest = 200)]
    public bool Source_description_round_trips(uint[] ssrcs, byte[][] texts)
    {
        var chunks = ssrcs.Take(31).Select((s, i) => (Ssrc: s, Items: texts.Where(t => t is not null).Skip(i).Take(3).Select(t => t.Take(255).ToArray()).ToArray())).ToArray();
        var buffer = new byte[31 * (8 + 3 * 257)];
        var writer = new SourceDescriptionWriter(buffer);
        foreach (var (ssrc, items) in chunks)
        {
            if (!writer.TryAddChunk(ssrc)) return false;
            for (var i = 0; i < items.Length; i++)
            {
                if (!writer.TryAddItem((SdesItemType)(1 + i), items[i])) return false;
            }
        }
        if (!writer.TryFinish(out int written) || written % 4 != 0) return false;
        if (!SourceDescription.TryParse(buffer.AsSpan(0, written), out var parsed, out _) || parsed.ChunkCount != chunks.Length) return false;
        int c = 0;
        foreach (var chunk in parsed.Chunks)
        {
            if (chunk.Ssrc != chunks[c].Ssrc) return false;
            int i = 0;
            foreach (var item in chunk.Items)
            {
                if (item.Type != (SdesItemType)(1 + i) || !item.Text.SequenceEqual(chunks[c].Items[i])) return false;
                i++;
            }
            if (i != chunks[c].Items.Length) return false;
            c++;
        }
        return c == chunks.Length;
    }

    [Property(MaxTest = 200)]
    public bool Goodbye_round_trips(uint[] sources, byte[] reason)
    {
        sources = sources.Take(31).ToArray();
        reason = reason.Take(255).ToArray();
        var buffer = new byte[4 + 124 + 260];
        if (!new Goodbye(sources, reason).TryWriteTo(buffer, out int written)) return false;
        return Goodbye.TryParse(buffer.AsSpan(0, written), out var parsed, out _)
            && parsed.Sources.ToArray().SequenceEqual(sources) && parsed.Reason.SequenceEqual(reason);
    }

    [Property(MaxTest = 200)]
    public bool Application_defined_round_trips(byte subtype, uint ssrc, uint name, uint[] words)
    {
        subtype &= 0x1F;
        var data = new byte[4 * words.Length];
        for (var i = 0; i < words.Length; i++) BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(4 * i), words[i]);
        var buffer = new byte[12 + data.Length];
        if (!new ApplicationDefined(subtype, ssrc, name, data).TryWriteTo(buffer, out int written)) return false;
        return ApplicationDefined.TryParse(buffer.AsSpan(0, written), out var parsed, out _) && parsed.Subtype == subtype
            && parsed.Ssrc == ssrc && parsed.Name == name && parsed.Data.SequenceEqual(data);
    }

    [Property(MaxTest = 200)]
    public bool Feedback_packets_round_trip(uint sender, uint media, ushort[] nackWords, uint[] firSsrcs, byte mantissaHigh, ushort mantissaLow, byte exponent)
    {
        var buffer = new byte[4096];
        var pairs = nackWords.Select(w => new NackPair(w, (ushort)(w * 31))).ToArray();
        if (!new GenericNack(sender, media, pairs).TryWriteTo(buffer, out int written)
            || !GenericNack.TryParse(buffer.AsSpan(0, written), out var nack, out _)
            || nack.SenderSsrc != sender || nack.MediaSsrc != media || !nack.Pairs.ToArray().SequenceEqual(pairs)) return false;

        var entries = firSsrcs.Select(s => new FirEntry(s, (byte)s)).ToArray();
        if (!new FullIntraRequest(sender, entries).TryWriteTo(buffer, out written)
            || !FullIntraRequest.TryParse(buffer.AsSpan(0, written), out var fir, out _)
            || fir.SenderSsrc != sender || !fir.Entries.ToArray().SequenceEqual(entries)) return false;

        var pli = new PictureLossIndication(sender, media);
        if (!pli.TryWriteTo(buffer, out written) || !PictureLossIndication.TryParse(buffer.AsSpan(0, written), out var parsedPli, out _) || parsedPli != pli) return false;

        // Bitrates REMB can represent exactly: an 18-bit mantissa with its top bit set (or zero), shifted by 0..46.
        ulong mantissa = ((ulong)(mantissaHigh & 0x3) << 16) | mantissaLow;
        ulong bitrate = mantissa << (mantissa == 0 || mantissa >= 0x20000 ? exponent % 47 : 0);
        var ssrcs = firSsrcs.Take(255).ToArray();
        return new ReceiverEstimatedMaximumBitrate(sender, bitrate, ssrcs).TryWriteTo(buffer, out written)
            && ReceiverEstimatedMaximumBitrate.TryParse(buffer.AsSpan(0, written), out var remb, out _)
            && remb.SenderSsrc == sender && remb.Bitrate == bitrate && remb.Ssrcs.ToArray().SequenceEqual(ssrcs);
    }

    [Property(MaxTest = 300)]
    public bool Transport_wide_cc_round_trips(uint sender, uint media, ushort baseSequence, int referenceTime, byte feedbackCount, short[] deltas, byte[] pattern)
    {
        referenceTime = (referenceTime << 8) >> 8; // 24-bit signed
        if (deltas.Length == 0) return true;
        var statuses = deltas.Select((d, i) => (pattern.Length == 0 ? 0 : pattern[i % pattern.Length] % 3) switch
        {
            0 => TwccPacketStatus.NotReceived,
            1 => TwccPacketStatus.Received(d & 0xFF),
            _ => TwccPacketStatus.Received(d),
        }).ToArray();
        var buffer = new byte[20 + 2 * statuses.Length + 2 * statuses.Length + 4];
        if (!TransportWideCcFeedback.TryWrite(buffer, sender, media, baseSequence, referenceTime, feedbackCount, statuses, out int written)) return false;
        if (written % 4 != 0 || !TransportWideCcFeedback.TryParse(buffer.AsSpan(0, written), out var parsed, out _)) return false;
        if (parsed.SenderSsrc != sender || parsed.MediaSsrc != media || parsed.BaseSequence != baseSequence
            || parsed.ReferenceTime != referenceTime || parsed.FeedbackCount != feedbackCount || parsed.StatusCount != statuses.Length) return false;
        int i = 0;
        long arrival = referenceTime * 256L;
        foreach (var report in parsed.Packets)
        {
            arrival += report.DeltaTicks;
            if (report.SequenceNumber != (ushort)(baseSequence + i) || new TwccPacketStatus(report.Symbol, report.DeltaTicks) != statuses[i]
                || report.ArrivalTicks != arrival) return false;
            i++;
        }
        return i == statuses.Length;
    }

    [Property(MaxTest = 3000)]
    public void No_parser_throws_on_arbitrary_bytes(byte[] data) => ParseEverything(data);

    /// <summary>Arbitrary bodies behind a well-formed header, so the typed parsers get past the first checks.</summary>
    [Property(MaxTest = 3000)]
    public void No_parser_throws_on_arbitrary_bodies(byte typeOffset, byte count, byte[] body)
    {
        var words = body.Take(400).ToArray();
        var data = new byte[4 + (words.Length + 3) / 4 * 4];
        words.CopyTo(data, 4);
        RtcpHeader.Write(data, count & 0x1F, (RtcpPacketType)(200 + typeOffset % 7), data.Length);
        ParseEverything(data);
    }

    private static void ParseEverything(byte[] data)
    {
        var packets = RtcpCompound.Enumerate(data);
        while (packets.MoveNext())
        {
            var packet = packets.Current;
            Assert.True(packet.Data.Length >= 4 && packet.Payload.Length <= packet.Data.Length - 4);
            var buffer = new byte[packet.Data.Length + 8];
            if (SenderReport.TryParse(packet.Data, out var sr, out _)) { foreach (var block in sr.ReportBlocks) _ = block.Jitter; sr.TryWriteTo(buffer, out _); }
            if (ReceiverReport.TryParse(packet.Data, out var rr, out _)) { foreach (var block in rr.ReportBlocks) _ = block.Jitter; rr.TryWriteTo(buffer, out _); }
            if (SourceDescription.TryParse(packet.Data, out var sdes, out _))
            {
                foreach (var chunk in sdes.Chunks) foreach (var item in chunk.Items) _ = item.Text.Length;
                sdes.TryWriteTo(buffer, out _);
            }
            if (Goodbye.TryParse(packet.Data, out var bye, out _)) { foreach (var ssrc in bye.Sources) _ = ssrc; bye.TryWriteTo(buffer, out _); }
            if (ApplicationDefined.TryParse(packet.Data, out var app, out _)) app.TryWriteTo(buffer, out _);
            if (GenericNack.TryParse(packet.Data, out var nack, out _)) NackList.TryExpand(nack.Pairs, new ushort[17 * nack.Pairs.Count], out _);
            if (TransportWideCcFeedback.TryParse(packet.Data, out var twcc, out _)) { foreach (var report in twcc.Packets) _ = report.ArrivalTicks; }
            if (PictureLossIndication.TryParse(packet.Data, out var pli, out _)) pli.TryWriteTo(buffer, out _);
            if (FullIntraRequest.TryParse(packet.Data, out var fir, out _)) { foreach (var entry in fir.Entries) _ = entry.Ssrc; }
            if (ReceiverEstimatedMaximumBitrate.TryParse(packet.Data, out var remb, out _)) { foreach (var ssrc in remb.Ssrcs) _ = ssrc; }
        }
        RtcpCompound.Validate(data, out _);
    }
}
