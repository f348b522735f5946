using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gateway.Rtc.Rtp;

namespace Gateway.Rtc.Tests.Rtp;

public sealed class RtpPacketWriterTests
{
    [Fact]
    public void Writes_the_bytes_of_RFC_8285_one_byte_example()
    {
        Span<byte> buffer = stackalloc byte[64];
        var writer = new RtpPacketWriter(buffer);
        Assert.True(writer.TryWriteHeader(new RtpHeader(false, 96, 0xFFFF, 0xFFFFFFFF, 0x01020304), [], RtpExtensionForm.OneByte));
        Assert.True(writer.TryAddExtension(1, [0xAA]));
        Assert.True(writer.TryAddExtension(2, [0xBB, 0xBB]));
        Assert.True(writer.TryFinish([], 0, out int written));
        Assert.Equal("9060FFFFFFFFFFFF01020304" + "BEDE0002" + "10AA21BB" + "BB000000", Convert.ToHexString(buffer[..written]));
    }

    [Fact]
    public void Writes_a_two_byte_extension_with_an_empty_element()
    {
        Span<byte> buffer = stackalloc byte[64];
        var writer = new RtpPacketWriter(buffer);
        Assert.True(writer.TryWriteHeader(new RtpHeader(true, 0, 1, 2, 3), [0xA1A2A3A4], RtpExtensionForm.TwoByte));
        Assert.True(writer.TryAddExtension(200, []));
        Assert.True(writer.TryAddExtension(17, [1, 2, 3]));
        Assert.True(writer.TryFinish([0x55], 2, out int written));
        Assert.Equal("B1800001" + "00000002" + "00000003" + "A1A2A3A4" + "10000002" + "C8001103" + "01020300" + "55" + "0002",
            Convert.ToHexString(buffer[..written]));
    }

    [Theory]
    [InlineData(RtpExtensionForm.OneByte, 0, 1)]    // id 0 is padding
    [InlineData(RtpExtensionForm.OneByte, 15, 1)]   // id 15 is reserved
    [InlineData(RtpExtensionForm.OneByte, 1, 0)]    // one-byte form cannot carry 0 bytes
    [InlineData(RtpExtensionForm.OneByte, 1, 17)]
    [InlineData(RtpExtensionForm.TwoByte, 0, 1)]
    [InlineData(RtpExtensionForm.TwoByte, 1, 256)]
    [InlineData(RtpExtensionForm.None, 1, 1)]       // no extension was opened
    public void Refuses_elements_the_form_cannot_carry(RtpExtensionForm form, int id, int length)
    {
        var buffer = new byte[512];
        var writer = new RtpPacketWriter(buffer);
        Assert.True(writer.TryWriteHeader(new RtpHeader(false, 96, 1, 1, 1), [], form));
        Assert.False(writer.TryAddExtension(id, new byte[length]));
        Assert.False(writer.TryFinish([], 0, out _)); // the writer stays failed
    }

    [Fact]
    public void Refuses_a_buffer_too_small_and_sixteen_CSRCs()
    {
        var small = new RtpPacketWriter(new byte[20]);
        Assert.True(small.TryWriteHeader(new RtpHeader(false, 96, 1, 1, 1), []));
        Assert.False(small.TryFinish(new byte[9], 0, out _));
        var many = new RtpPacketWriter(new byte[200]);
        Assert.False(many.TryWriteHeader(new RtpHeader(false, 96, 1, 1, 1), new uint[16]));
    }

    [Property(MaxTest = 300)]
    public bool Parse_of_write_returns_the_packet(bool marker, byte payloadType, ushort sequence, uint timestamp, uint ssrc,
        uint[] csrcs, byte[][] extensions, bool twoByte, byte[] payload, byte padding)
    {
        payloadType &= 0x7F;
        csrcs = csrcs.Take(15).ToArray();
        var form = extensions.Length == 0 ? RtpExtensionForm.None : twoByte ? RtpExtensionForm.TwoByte : RtpExtensionForm.OneByte;
        var elements = extensions.Where(e => e is not null).Take(14).Select((e, i) =>
            (Id: i + 1, Data: form == RtpExtensionForm.OneByte ? (e.Length == 0 ? new byte[] { 7 } : e.Take(16).ToArray()) : e.Take(255).ToArray())).ToArray();
        var header = new RtpHeader(marker, payloadType, sequence, timestamp, ssrc);
        var buffer = new byte[12 + 60 + 4 + 14 * 257 + payload.Length + 255 + 4];
        var writer = new RtpPacketWriter(buffer);
        if (!writer.TryWriteHeader(header, csrcs, form)) return false;
        foreach (var (id, data) in elements)
        {
            if (!writer.TryAddExtension(id, data)) return false;
        }
        if (!writer.TryFinish(payload, padding, out int written)) return false;
        var packet = buffer[..written];

        if (!RtpHeader.TryParse(packet, out var parsed, out var payloadRange, out _)) return false;
        var parsedElements = new List<(int, byte[])>();
        foreach (var (id, data) in RtpHeaderExtension.Enumerate(parsed, packet)) parsedElements.Add((id, data.ToArray()));
        return parsed with { CsrcCount = 0, HasExtension = false, ExtensionProfile = 0, ExtensionOffset = 0, ExtensionLength = 0, HeaderLength = 0, PaddingLength = 0 } == header
            && parsed.CsrcCount == csrcs.Length
            && Enumerable.Range(0, csrcs.Length).All(i => parsed.GetCsrc(packet, i) == csrcs[i])
            && parsed.HasExtension == (form != RtpExtensionForm.None)
            && parsedElements.Count == elements.Length
            && parsedElements.Zip(elements).All(p => p.First.Item1 == p.Second.Id && p.First.Item2.AsSpan().SequenceEqual(p.Second.Data))
            && packet.AsSpan()[payloadRange].SequenceEqual(payload)
            && parsed.PaddingLength == padding;
    }

    [Property(MaxTest = 2000)]
    public void Parsing_and_walking_extensions_never_throw(byte[] data)
    {
        if (!RtpHeader.TryParse(data, out var header, out var payload, out _)) return;
        _ = data.AsSpan()[payload];
        foreach (var element in RtpHeaderExtension.Enumerate(header, data)) _ = element.Data.Length;
    }

    [Property(MaxTest = 2000)]
    public void Walking_arbitrary_extension_bytes_never_throws_and_stays_inside(ushort profile, byte[] data)
    {
        int total = 0;
        foreach (var element in RtpHeaderExtension.Enumerate(profile, data)) total += element.Data.Length;
        Assert.True(total <= data.Length);
    }

    [Fact]
    public void Generator_sanity_the_property_sees_extensions()
    {
        // Guards against a property that passes because every generated case is trivial.
        var samples = Gen.Sample(ArbMap.Default.GeneratorFor<byte[][]>(), 50);
        Assert.Contains(samples, s => s.Length > 0);
    }
}
