namespace Gateway.Rtc.Dtls;

public enum DtlsRecordParseError
{
    None,
    /// <summary>Fewer than the 13 bytes of a DTLS 1.0/1.2 record header.</summary>
    TooShort,
    /// <summary>The first byte is outside 20..63, so RFC 7983 routes it elsewhere (STUN, RTP, ...).</summary>
    NotDtls,
    /// <summary>In the DTLS range but not a record type we parse (a DTLS 1.3 unified header, or unassigned).</summary>
    UnknownContentType,
    /// <summary>The version's major byte is not 0xFE (DTLS versions are one's complements: 1.0 = FEFF, 1.2 = FEFD).</summary>
    BadVersion,
    /// <summary>The length field exceeds 2^14 + 2048 (RFC 6347 §4.1 via RFC 5246 §6.2.3).</summary>
    RecordTooLong,
    /// <summary>The length field claims more bytes than the datagram holds.</summary>
    Truncated,
}
