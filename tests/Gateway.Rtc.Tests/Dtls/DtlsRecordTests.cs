using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gateway.Rtc.Dtls;

namespace Gateway.Rtc.Tests.Dtls;

public sealed class DtlsRecordTests
{
    private static byte[] TestData(string name) =>
        Convert.FromHexString(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", "dtls", name)).Trim());

    [Theory]
    [InlineData(0, false)]     // STUN
    [InlineData(3, false)]
    [InlineData(19, false)]
    [InlineData(20, true)]     // change_cipher_spec
    [InlineData(22, true)]     // handshake
    [InlineData(63, true)]     // last of the DTLS range (RFC 7983 §7)
    [InlineData(64, false)]    // TURN channel
    [InlineData(128, false)]   // RTP/RTCP
    [InlineData(255, false)]
    public void IsDtls_follows_the_RFC_7983_ranges(byte first, bool expected) => Assert.Equal(expected, DtlsRecord.IsDtls(first));

    [Theory]
    // Captured from `openssl s_client -dtls1_2` (OpenSSL 3.0): the first record carries version DTLS 1.0 (RFC 6347 §4.2.1).
    [InlineData("openssl-3.0-client-hello.hex", DtlsContentType.Handshake, 0xFEFF, 0, 0UL, 203)]
    [InlineData("openssl-3.0-hello-verify-request.hex", DtlsContentType.Handshake, 0xFEFF, 0, 0UL, 35)]
    public void Parses_captured_OpenSSL_records(string file, DtlsContentType type, int version, int epoch, ulong sequence, int length)
    {
        var datagram = TestData(file);

        Assert.True(DtlsRecord.TryParseHeader(datagram, out var parsedType, out var parsedVersion, out var parsedEpoch,
            out var parsedSequence, out var parsedLength, out var error), error.ToString());

        Assert.Equal(type, parsedType);
        Assert.Equal(version, parsedVersion);
        Assert.Equal(epoch, parsedEpoch);
        Assert.Equal(sequence, parsedSequence);
        Assert.Equal(length, parsedLength);
        Assert.Equal(datagram.Length, DtlsRecord.HeaderLength + parsedLength);
    }

    [Theory]
    [InlineData("", DtlsRecordParseError.TooShort)]
    [InlineData("16FEFD0001000000000005", DtlsRecordParseError.TooShort)]              // 11 of 13 header bytes
    [InlineData("00010000", DtlsRecordParseError.NotDtls)]                            // STUN binding request
    [InlineData("80E0000100000000", DtlsRecordParseError.NotDtls)]                    // RTP
    [InlineData("2F0102030405060708090A0B0C0D", DtlsRecordParseError.UnknownContentType)] // DTLS 1.3 unified header
    [InlineData("1A FEFD 0000 000000000000 0000", DtlsRecordParseError.UnknownContentType)]
    [InlineData("16 0303 0000 000000000000 0000", DtlsRecordParseError.BadVersion)]   // a TLS 1.2 version
    [InlineData("17 FEFD 0001 000000000001 4801", DtlsRecordParseError.RecordTooLong)] // 18433 > 2^14 + 2048
    [InlineData("17 FEFD 0001 000000000001 0004 AABBCC", DtlsRecordParseError.Truncated)]
    public void Rejects_malformed_headers_with_a_reason(string hex, DtlsRecordParseError expected)
    {
        var datagram = Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));
        Assert.False(DtlsRecord.TryParseHeader(datagram, out _, out _, out _, out _, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Reads_the_full_48_bit_sequence_number_and_the_epoch()
    {
        var datagram = Convert.FromHexString("17FEFD" + "BEEF" + "FFFFFFFFFFFE" + "0002" + "0102");
        Assert.True(DtlsRecord.TryParseHeader(datagram, out var type, out var version, out var epoch, out var sequence, out var length, out _));
        Assert.Equal(DtlsContentType.ApplicationData, type);
        Assert.Equal(0xFEFD, version);
        Assert.Equal(0xBEEF, epoch);
        Assert.Equal(0xFFFF_FFFF_FFFEUL, sequence);
        Assert.Equal(2, length);
    }

    [Fact]
    public async Task Every_datagram_of_a_real_handshake_is_a_sequence_of_whole_records()
    {
        var link = new InMemoryDatagramLink();
        await using (var server = new DtlsServerSession(TestCertificates.Server, TestCertificates.Client.Fingerprint, link.A))
        await using (var client = new DtlsClientSession(TestCertificates.Client, TestCertificates.Server.Fingerprint, link.B))
        {
            var serverHandshake = server.HandshakeAsync(CancellationToken.None);
            await client.HandshakeAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
            await serverHandshake.WaitAsync(TimeSpan.FromSeconds(20));
        }

        var types = new HashSet<DtlsContentType>();
        var epochs = new HashSet<ushort>();
        foreach (var datagram in link.SentByA().Concat(link.SentByB()))
        {
            Assert.True(DtlsRecord.IsDtls(datagram[0]));
            int offset = 0;
            while (offset < datagram.Length)
            {
                Assert.True(DtlsRecord.TryParseHeader(datagram.AsSpan(offset), out var type, out var version, out var epoch, out _, out var length, out var error), error.ToString());
                Assert.True(version is 0xFEFD or 0xFEFF, $"version {version:X4}");
                types.Add(type);
                epochs.Add(epoch);
                offset += DtlsRecord.HeaderLength + length;
            }
            Assert.Equal(datagram.Length, offset);
            Assert.True(datagram.Length <= DtlsDatagramChannel.DefaultSendLimit, $"{datagram.Length}-byte datagram over the send limit");
        }
        // Handshake in epochs 0 and 1, ChangeCipherSpec, and the close_notify alerts of the dispose.
        Assert.Superset(new HashSet<DtlsContentType> { DtlsContentType.Handshake, DtlsContentType.ChangeCipherSpec, DtlsContentType.Alert }, types);
        Assert.Equal(new HashSet<ushort> { 0, 1 }, epochs);
    }

    [Property(MaxTest = 2000)]
    public void TryParseHeader_never_throws_and_stays_inside_the_input(byte[] datagram)
    {
        if (DtlsRecord.TryParseHeader(datagram, out _, out _, out _, out _, out var length, out var error))
        {
            Assert.Equal(DtlsRecordParseError.None, error);
            Assert.True(DtlsRecord.HeaderLength + length <= datagram.Length);
        }
        else
        {
            Assert.NotEqual(DtlsRecordParseError.None, error);
        }
    }

    [Property(MaxTest = 500)]
    public Property Headers_written_by_hand_parse_back(byte type, ushort epoch, ulong sequence, byte[] payload)
    {
        var contentType = (byte)(20 + type % 6);
        sequence &= 0xFFFF_FFFF_FFFFUL;
        payload ??= [];
        var datagram = new byte[DtlsRecord.HeaderLength + payload.Length];
        datagram[0] = contentType;
        datagram[1] = 0xFE;
        datagram[2] = 0xFD;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(3), epoch);
        for (int i = 0; i < 6; i++) datagram[5 + i] = (byte)(sequence >> (8 * (5 - i)));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(11), (ushort)payload.Length);
        payload.CopyTo(datagram, DtlsRecord.HeaderLength);

        bool parsed = DtlsRecord.TryParseHeader(datagram, out var parsedType, out var version, out var parsedEpoch, out var parsedSequence, out var length, out _);
        return (parsed && (byte)parsedType == contentType && version == 0xFEFD && parsedEpoch == epoch
            && parsedSequence == sequence && length == payload.Length).ToProperty();
    }
}
