using Gateway.Rtc.Feedback;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Rtc.Tests.Feedback;

public sealed class KeyFrameRequesterTests
{
    [Fact]
    public void At_most_one_pli_per_second_however_often_a_key_frame_is_needed()
    {
        var time = new FakeTimeProvider();
        var requester = new KeyFrameRequester(time);
        Assert.False(requester.TryTake());                 // nothing asked
        requester.Request();
        Assert.True(requester.TryTake());
        requester.Request();
        requester.Request();
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(requester.TryTake());
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(requester.TryTake());
        Assert.False(requester.TryTake());                 // the pending request was consumed
        Assert.Equal(2, requester.Sent);
    }
}
