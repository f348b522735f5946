using System.Net;
using FsCheck.Xunit;
using Gateway.Rtc.Stun;
using Gateway.Rtc.Turn;

namespace Gateway.Rtc.Tests.Turn;

/// <summary>TURN's wire pieces: message types (RFC 8656 §17), attributes (§18) and ChannelData (§12.4).</summary>
public sealed class TurnWireTests
{
    [Theory]
    [InlineData(StunMethod.Allocate, StunClass.Request, 0x0003)]
    [InlineData(StunMethod.Allocate, StunClass.SuccessResponse, 0x0103)]
    [InlineData(StunMethod.Allocate, StunClass.ErrorResponse, 0x0113)]
    [InlineData(StunMethod.Refresh, StunClass.Request, 0x0004)]
    [InlineData(StunMethod.Send, StunClass.Indication, 0x0016)]
    [InlineData(StunMethod.Data, StunClass.Indication, 0x0017)]
    [InlineData(StunMethod.CreatePermission, StunClass.Request, 0x0008)]
    [InlineData(StunMethod.ChannelBind, StunClass.Request, 0x0009)]
    [InlineData(StunMethod.ChannelBind, StunClass.SuccessResponse, 0x0109)]
    public void Turn_message_types_have_the_rfc_wire_values(StunMethod method, StunClass @class, int wire)
    {
        Assert.Equal((ushort)wire, new StunMessageType(method, @class).ToWire());
        Assert.Equal(new StunMessageType(method, @class), StunMessageType.FromWire((ushort)wire));
    }

    [Fact]
    public void Turn_attributes_round_trip_through_the_writer_and_the_parser()
    {
        var buffer = new byte[256];
        var transaction = StunTransactionId.NewRandom();
        var writer = new StunMessageWriter(buffer, new StunMessageType(StunMethod.Allocate, StunClass.SuccessResponse), transaction);
        var relayed = new IPEndPoint(IPAddress.Parse("192.0.2.15"), 49152);
        var peer = new IPEndPoint(IPAddress.Parse("2001:db8::7"), 5000);
        Assert.True(writer.AddLifetime(600));
        Assert.True(writer.AddRequestedTransport(17));
        Assert.True(writer.AddChannelNumber(0x4001));
        Assert.True(writer.AddAttribute(StunAttributeType.XorRelayedAddress, XorAddress(relayed, transaction)));
        Assert.True(writer.AddXorPeerAddress(peer));
        Assert.True(writer.AddRealm("example.org"));
        Assert.True(writer.AddNonce("f//499k954d6OL34oL9FSTvy64sA"));

        Assert.True(StunMessage.TryParse(writer.Written, out var message, out var error), error.ToString());
        Assert.True(message.TryGetLifetime(out var lifetime));
        Assert.Equal(600u, lifetime);
        Assert.True(message.TryGetXorRelayedAddress(out var readRelayed));
        Assert.Equal(relayed, readRelayed);
        Assert.True(message.TryGetXorPeerAddress(out var readPeer));
        Assert.Equal(peer, readPeer);
        Assert.True(message.TryGetAttribute(StunAttributeType.RequestedTransport, out var transport));
        Assert.Equal(new byte[] { 17, 0, 0, 0 }, transport.ToArray());
        Assert.True(message.TryGetAttribute(StunAttributeType.ChannelNumber, out var channel));
        Assert.Equal(new byte[] { 0x40, 0x01, 0, 0 }, channel.ToArray());
    }

    [Theory]
    [InlineData(new byte[] { 0x40, 0x00, 0x00, 0x02, 0xAA, 0xBB }, true, 0x4000, 2)]
    [InlineData(new byte[] { 0x4F, 0xFF, 0x00, 0x00 }, true, 0x4FFF, 0)]
    [InlineData(new byte[] { 0x40, 0x01, 0x00, 0x01, 0xAA, 0x00, 0x00, 0x00 }, true, 0x4001, 1)]   // padded (TCP style): padding ignored
    [InlineData(new byte[] { 0x40, 0x00, 0x00, 0x05, 0xAA }, false, 0, 0)]                         // length beyond the datagram
    [InlineData(new byte[] { 0x50, 0x00, 0x00, 0x00 }, false, 0, 0)]                               // 0x5000: not a channel (first byte 80)
    [InlineData(new byte[] { 0x3F, 0xFF, 0x00, 0x00 }, false, 0, 0)]                               // below the range
    [InlineData(new byte[] { 0x40, 0x00, 0x00 }, false, 0, 0)]                                     // truncated header
    [InlineData(new byte[] { 0x00, 0x01, 0x00, 0x00 }, false, 0, 0)]                               // a STUN header
    public void Channel_data_is_parsed_or_refused_with_no_exception(byte[] datagram, bool ok, int channel, int length)
    {
        Assert.Equal(ok, TurnChannelData.TryParse(datagram, out var readChannel, out var payload));
        if (!ok) return;
        Assert.Equal(channel, readChannel);
        Assert.Equal(length, payload.Length);
    }

    [Property]
    public bool Channel_data_round_trips(ushort offset, byte[] payload)
    {
        payload ??= [];
        ushort channel = (ushort)(TurnChannelData.MinChannel + offset % 0x1000);
        var buffer = new byte[TurnChannelData.HeaderLength + payload.Length];
        int written = TurnChannelData.Write(buffer, channel, payload);
        return written == buffer.Length
            && TurnChannelData.TryParse(buffer, out var read, out var readPayload)
            && read == channel && readPayload.SequenceEqual(payload);
    }

    [Property]
    public void Channel_data_parser_never_throws(byte[] datagram) => TurnChannelData.TryParse(datagram ?? [], out _, out _);

    private static byte[] XorAddress(IPEndPoint endPoint, StunTransactionId transaction)
    {
        var value = new byte[StunAddress.ValueLength(endPoint.AddressFamily)];
        Assert.True(StunAddress.TryWrite(value, endPoint, xor: true, transaction, out _));
        return value;
    }
}
