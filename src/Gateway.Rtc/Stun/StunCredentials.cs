using System.Security.Cryptography;
using System.Text;

namespace Gateway.Rtc.Stun;

/// <summary>Keys for MESSAGE-INTEGRITY (RFC 8489 §9).</summary>
public static class StunCredentials
{
    /// <summary>
    /// Short-term credential key (§9.1.1): the password as UTF-8. ICE passwords are restricted to ice-chars
    /// (RFC 8839 §5.4), ASCII letters, digits, '+' and '/', which OpaqueString/SASLprep leave unchanged.
    /// </summary>
    public static byte[] ShortTermKey(string password) => Encoding.UTF8.GetBytes(password);

    /// <summary>
    /// Long-term credential key (§9.2.2, MD5 algorithm): MD5(username ":" realm ":" password). The password must
    /// already be prepared (SASLprep / OpaqueString); this method does not normalise Unicode.
    /// </summary>
    public static byte[] LongTermKey(string username, string realm, string preparedPassword)
    {
#pragma warning disable CA5351 // MD5 is what RFC 8489 §9.2.2 specifies for this key; it is not our choice.
        return MD5.HashData(Encoding.UTF8.GetBytes($"{username}:{realm}:{preparedPassword}"));
#pragma warning restore CA5351
    }
}
