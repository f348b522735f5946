namespace Gateway.Rtc.Rtcp;

internal static class RtcpFail
{
    public static bool With(RtcpParseError reason, out RtcpParseError error)
    {
        error = reason;
        return false;
    }
}
