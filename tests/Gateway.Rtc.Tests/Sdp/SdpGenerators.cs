using FsCheck;
using FsCheck.Fluent;
using Gateway.Rtc.Sdp;
using Gateway.Rtc.Sdp.Attributes;

namespace Gateway.Rtc.Tests.Sdp;

/// <summary>
/// Generators of well-formed models: every field holds what its grammar allows (tokens without spaces where the
/// grammar has tokens, typed attributes in canonical form, generic attributes under names no typed parser claims).
/// </summary>
public static class SdpGenerators
{
    private static readonly Gen<char> TokenChar =
        Gen.Elements("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.+_!#$%&'*^`{|}~".ToCharArray());

    public static readonly Gen<string> Token =
        from length in Gen.Choose(1, 8)
        from chars in Gen.ArrayOf(TokenChar, length)
        select new string(chars);

    /// <summary>Free text: printable ASCII, spaces, colons and a few non-ASCII characters; never CR, LF or NUL.</summary>
    public static readonly Gen<string> Text =
        from length in Gen.Choose(0, 20)
        from chars in Gen.ArrayOf(Gen.Frequency((20, Gen.Choose(' ', '~').Select(c => (char)c)), (1, Gen.Elements('é', '€', 'ü', '\t'))), length)
        select new string(chars);

    private static readonly Gen<uint> UInt32 =
        from high in Gen.Choose(0, 0xFFFF)
        from low in Gen.Choose(0, 0xFFFF)
        select (uint)high << 16 | (uint)low;

    private static readonly Gen<int> Port = Gen.Choose(0, 65535);
    private static readonly Gen<int> PayloadType = Gen.Choose(0, 127);

    private static Gen<T?> OrNone<T>(Gen<T> gen) where T : class => Gen.Frequency((1, Gen.Constant<T?>(null)), (2, gen.Select(v => (T?)v)));

    private static Gen<int?> OrNoneInt(Gen<int> gen) => Gen.Frequency((1, Gen.Constant<int?>(null)), (2, gen.Select(v => (int?)v)));

    private static Gen<List<T>> Few<T>(Gen<T> gen, int max) => Gen.Choose(0, max).SelectMany(n => Gen.ListOf(gen, n)).Select(l => l.ToList());

    public static readonly Gen<SdpConnection> Connection = Gen.OneOf(
        from address in Token
        from ttl in OrNoneInt(Gen.Choose(0, 255))
        from count in OrNoneInt(Gen.Choose(1, 10))
        select new SdpConnection("IN", "IP4", address, ttl, ttl is null ? null : count),
        from address in Token
        from count in OrNoneInt(Gen.Choose(1, 10))
        select new SdpConnection("IN", "IP6", address, null, count),
        from net in Token
        from type in Token.Where(t => t is not "IP4" and not "IP6")
        from address in Token
        select new SdpConnection(net, type, address));

    private static readonly Gen<SdpBandwidth> Bandwidth =
        from type in Token
        from value in UInt32
        select new SdpBandwidth(type, value);

    private static readonly Gen<SdpDirection> Direction = Gen.Elements(Enum.GetValues<SdpDirection>());

    private static readonly Gen<KeyValuePair<string, string>> Pair =
        from key in Token
        from value in Token
        select new KeyValuePair<string, string>(key, value);

    public static readonly Gen<SdpAttribute> Attribute = Gen.OneOf<SdpAttribute>(
        from name in Token
        from value in OrNone(Text)
        select (SdpAttribute)new GenericAttribute("x-" + name, value),
        Gen.Elements("rtcp-mux", "rtcp-rsize", "ice-lite", "end-of-candidates", "extmap-allow-mixed").Select(n => (SdpAttribute)new GenericAttribute(n)),
        from name in Gen.Elements("mid", "ice-ufrag", "ice-pwd", "sctp-port", "msid-semantic")
        from value in Text
        select (SdpAttribute)new GenericAttribute(name, value),
        from pt in PayloadType
        from name in Token
        from rate in Gen.Choose(1, 200_000)
        from channels in OrNoneInt(Gen.Choose(1, 8))
        select (SdpAttribute)new RtpMapAttribute(pt, name, rate, channels),
        from pt in PayloadType
        from parameters in Few(Pair, 4)
        select (SdpAttribute)FmtpAttribute.Create(pt, parameters),
        from pt in OrNoneInt(PayloadType)
        from type in Token
        from parameters in OrNone(Token)
        select (SdpAttribute)new RtcpFeedbackAttribute(pt, type, parameters),
        from id in Gen.Choose(0, 4351)
        from uri in Token
        from direction in Gen.Frequency((2, Gen.Constant<SdpDirection?>(null)), (1, Direction.Select(d => (SdpDirection?)d)))
        from extra in OrNone(Token)
        select (SdpAttribute)new ExtMapAttribute(id, uri, direction, extra),
        from ssrc in UInt32
        from attribute in Token
        from value in OrNone(Text)
        select (SdpAttribute)new SsrcAttribute(ssrc, attribute, value),
        from semantics in Token
        from ssrcs in Few(UInt32, 3)
        select (SdpAttribute)new SsrcGroupAttribute(semantics, new ValueList<uint>(ssrcs)),
        from semantics in Token
        from mids in Few(Token, 3)
        select (SdpAttribute)new GroupAttribute(semantics, new ValueList<string>(mids)),
        from stream in Token
        from track in OrNone(Token)
        select (SdpAttribute)new MsidAttribute(stream, track),
        from port in Port
        from address in OrNone(Connection)
        select (SdpAttribute)new RtcpAttribute(port, address),
        Gen.Choose(1, 3).SelectMany(n => Gen.ListOf(Token, n)).Select(o => (SdpAttribute)new IceOptionsAttribute(new ValueList<string>(o))),
        from foundation in Token
        from component in Gen.Choose(1, 256)
        from transport in Gen.Elements("udp", "UDP", "tcp")
        from priority in UInt32
        from address in Token
        from port in Port
        from type in Gen.Elements("host", "srflx", "prflx", "relay")
        from relatedAddress in OrNone(Token)
        from relatedPort in OrNoneInt(Port)
        from extensions in Few(Pair.Where(p => p.Key is not "raddr" and not "rport"), 3)
        select (SdpAttribute)new CandidateAttribute(foundation, component, transport, priority, address, port, type, relatedAddress,
            relatedPort, new ValueList<KeyValuePair<string, string>>(extensions)),
        from hash in Gen.Elements("sha-1", "sha-256", "SHA-512")
        from length in Gen.Choose(1, 32)
        from bytes in Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), length)
        select (SdpAttribute)FingerprintAttribute.FromBytes(hash, bytes),
        Gen.Elements(Enum.GetValues<SdpSetupRole>()).Select(r => (SdpAttribute)new SetupAttribute(r)),
        Direction.Select(d => (SdpAttribute)new DirectionAttribute(d)));

    private static readonly Gen<SdpLine> UnknownLine =
        from type in Gen.Elements("dfghjlnqwxyDFGXZ".ToCharArray())
        from value in Text
        select new SdpLine(type, value);

    public static readonly Gen<MediaDescription> Media =
        from media in Gen.Elements("audio", "video", "application", "text")
        from port in Port
        from portCount in OrNoneInt(Gen.Choose(1, 4))
        from protocol in Gen.Elements("RTP/AVP", "UDP/TLS/RTP/SAVPF", "UDP/DTLS/SCTP", "RTP/AVPF")
        from formats in Few(Gen.OneOf(PayloadType.Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture)), Token), 5)
        from information in OrNone(Text)
        from connection in OrNone(Connection)
        from bandwidths in Few(Bandwidth, 2)
        from key in OrNone(Text)
        from unknown in Few(UnknownLine, 1)
        from attributes in Few(Attribute, 8)
        select Build(new MediaDescription(media, port, protocol, formats)
        {
            PortCount = portCount, Information = information, Connection = connection, EncryptionKey = key,
        }, m => { m.Bandwidths.AddRange(bandwidths); m.UnknownLines.AddRange(unknown); foreach (var a in attributes) m.Attributes.Add(a); });

    private static readonly Gen<SdpTiming> Timing =
        from start in UInt32
        from stop in UInt32
        from repeats in Few(Text, 2)
        select new SdpTiming(start, stop, new ValueList<string>(repeats));

    private static readonly Gen<SdpOrigin> Origin =
        from parts in Gen.ArrayOf(Token, 6)
        select new SdpOrigin(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]);

    private static readonly Gen<(string? Information, string? Uri, List<string> Emails, List<string> Phones)> Descriptive =
        from information in OrNone(Text)
        from uri in OrNone(Text)
        from emails in Few(Text, 2)
        from phones in Few(Text, 2)
        select (information, uri, emails, phones);

    public static readonly Gen<SdpMessage> Message =
        from origin in Origin
        from name in Text
        from descriptive in Descriptive
        from connection in OrNone(Connection)
        from bandwidths in Few(Bandwidth, 2)
        from timings in Few(Timing, 2)
        from zones in OrNone(Text)
        from key in OrNone(Text)
        from unknown in Few(UnknownLine, 2)
        from attributes in Few(Attribute, 6)
        from media in Few(Media, 4)
        select Build(new SdpMessage(origin, name)
        {
            Information = descriptive.Information, Uri = descriptive.Uri, Connection = connection, TimeZones = zones, EncryptionKey = key,
        }, m =>
        {
            m.Emails.AddRange(descriptive.Emails);
            m.Phones.AddRange(descriptive.Phones);
            m.Bandwidths.AddRange(bandwidths);
            m.Timings.AddRange(timings);
            m.UnknownLines.AddRange(unknown);
            foreach (var a in attributes) m.Attributes.Add(a);
            m.Media.AddRange(media);
        });

    private static T Build<T>(T value, Action<T> fill)
    {
        fill(value);
        return value;
    }
}

public static class SdpArbitraries
{
    public static Arbitrary<SdpMessage> Messages() => SdpGenerators.Message.ToArbitrary();
}
