using Gateway.Rtc.Stun;

namespace Gateway.Rtc.Tests.Stun;

public sealed class StunMessageTypeTests
{
    [Theory]
    [InlineData(0x001, StunClass.Request, 0x0001)]
    [InlineData(0x001, StunClass.Indication, 0x0011)]
    [InlineData(0x001, StunClass.SuccessResponse, 0x0101)]
    [InlineData(0x001, StunClass.ErrorResponse, 0x0111)]
    [InlineData(0x003, StunClass.Request, 0x0003)]        // TURN Allocate
    [InlineData(0x0FFF, StunClass.ErrorResponse, 0x3FFF)]  // every method bit and both class bits
    [InlineData(0x0080, StunClass.Request, 0x0200)]        // M7 sits above C1
    [InlineData(0x0010, StunClass.Request, 0x0020)]        // M4 sits above C0
    public void Method_and_class_interleave_as_in_rfc8489_section_5(ushort method, StunClass cls, ushort wire)
    {
        var type = new StunMessageType((StunMethod)method, cls);
        Assert.Equal(wire, type.ToWire());
        Assert.Equal(type, StunMessageType.FromWire(wire));
    }

    [Fact]
    public void Every_method_and_class_round_trips()
    {
        for (int method = 0; method <= StunMessageType.MaxMethod; method++)
        {
            for (int cls = 0; cls < 4; cls++)
            {
                var type = new StunMessageType((StunMethod)method, (StunClass)cls);
                ushort wire = type.ToWire();
                Assert.Equal(0, wire & 0xC000);
                Assert.Equal(type, StunMessageType.FromWire(wire));
            }
        }
    }
}
