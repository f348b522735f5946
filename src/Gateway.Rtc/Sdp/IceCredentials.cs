namespace Gateway.Rtc.Sdp;

/// <summary>a=ice-ufrag and a=ice-pwd of a media section (RFC 8839 §5.4).</summary>
public sealed record IceCredentials(string Ufrag, string Password);
