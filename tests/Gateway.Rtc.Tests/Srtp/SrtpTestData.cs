using Gateway.Rtc.Srtp;

namespace Gateway.Rtc.Tests.Srtp;

internal static class SrtpTestData
{
    /// <summary>libsrtp's test key (test/srtp_driver.c), also RFC 3711 B.3's master key and salt.</summary>
    public static readonly byte[] CmMasterKey = Hex("e1f97a0d3e018be0d64fa32c06de4139");
    public static readonly byte[] CmMasterSalt = Hex("0ec675ad498afeebb6960b3aabe6");

    /// <summary>libsrtp's GCM test key.</summary>
    public static readonly byte[] GcmMasterKey = Hex("000102030405060708090a0b0c0d0e0f");
    public static readonly byte[] GcmMasterSalt = Hex("a0a1a2a3a4a5a6a7a8a9aaab");

    public static byte[] Hex(string text) => Convert.FromHexString(string.Concat(text.Where(Uri.IsHexDigit)));

    public static SrtpContext Context(SrtpProfile profile, SrtpContextOptions? options = null) =>
        SrtpProfiles.IsAead(profile)
            ? new SrtpContext(profile, GcmMasterKey, GcmMasterSalt, options)
            : new SrtpContext(profile, CmMasterKey, CmMasterSalt, options);

    /// <summary>An RTP packet with a recognisable payload, in a buffer with room for any trailer.</summary>
    public static byte[] RtpPacket(ushort sequence, uint ssrc = 0xcafebabe, int payloadLength = 160, byte fill = 0xab, int csrcs = 0,
        int extensionWords = 0)
    {
        int header = 12 + 4 * csrcs + (extensionWords > 0 ? 4 + 4 * extensionWords : 0);
        var packet = new byte[header + payloadLength];
        packet[0] = (byte)(0x80 | csrcs | (extensionWords > 0 ? 0x10 : 0));
        packet[1] = 96;
        packet[2] = (byte)(sequence >> 8);
        packet[3] = (byte)sequence;
        packet[4] = 0x12;
        packet[7] = (byte)sequence;
        packet[8] = (byte)(ssrc >> 24);
        packet[9] = (byte)(ssrc >> 16);
        packet[10] = (byte)(ssrc >> 8);
        packet[11] = (byte)ssrc;
        for (int i = 12; i < header; i++) packet[i] = (byte)(0x40 + i);
        if (extensionWords > 0)
        {
            int at = 12 + 4 * csrcs;
            packet[at] = 0xBE;
            packet[at + 1] = 0xDE;
            packet[at + 2] = 0;
            packet[at + 3] = (byte)extensionWords;
        }
        for (int i = header; i < packet.Length; i++) packet[i] = (byte)(fill + i);
        return packet;
    }

    /// <summary>Copies <paramref name="packet"/> into a buffer with <paramref name="spare"/> extra bytes.</summary>
    public static byte[] WithRoom(byte[] packet, int spare = 32)
    {
        var buffer = new byte[packet.Length + spare];
        packet.CopyTo(buffer, 0);
        return buffer;
    }
}
