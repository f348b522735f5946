using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Gateway.Pipelines.Codecs;
using Gateway.Pipelines.Formats.G711;
using Gateway.Pipelines.Formats.H264;
using Gateway.Pipelines.Formats.Opus;
using Gateway.Pipelines.Formats.Vp8;
using Gateway.Pipelines.Formats.Vp9;

namespace Gateway.Pipelines.Formats;

/// <summary>
/// The one place that maps a negotiated payload format (a=rtpmap name, clock rate, channels, a=fmtp parameters) to
/// its <see cref="IRtpCodec"/>. Everything downstream talks to the interface, never to codec names.
/// </summary>
public static class CodecRegistry
{
    /// <summary>Encoding names <see cref="TryCreate"/> accepts, as spelled in a=rtpmap.</summary>
    public static IReadOnlyList<string> SupportedEncodings { get; } = ["H264", "VP8", "VP9", "opus", "PCMU", "PCMA"];

    /// <summary>Creates the codec an SDP payload format (rtpmap + fmtp) names; see the overload below.</summary>
    public static bool TryCreate(Gateway.Rtc.Sdp.SdpCodec format, [NotNullWhen(true)] out IRtpCodec? codec, out string reason)
    {
        ArgumentNullException.ThrowIfNull(format);
        // fmtp keys compare without case; the first value of a repeated key wins.
        var fmtp = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in format.Parameters) fmtp.TryAdd(key, value);
        return TryCreate(format.EncodingName, format.ClockRate, format.Channels ?? 0, fmtp, out codec, out reason);
    }

    /// <summary>
    /// Creates the codec for a payload format. False, with a sentence naming what is unsupported, for anything we
    /// cannot record. <paramref name="channels"/> 0 means the rtpmap gave none.
    /// </summary>
    public static bool TryCreate(string encodingName, int clockRate, int channels, IReadOnlyDictionary<string, string>? fmtp,
        [NotNullWhen(true)] out IRtpCodec? codec, out string reason)
    {
        codec = null;
        reason = string.Empty;
        fmtp ??= new Dictionary<string, string>();
        string name = encodingName?.Trim() ?? string.Empty;
        switch (name.ToUpperInvariant())
        {
            case "H264":
                if (!RequireClock(name, clockRate, 90000, out reason)) return false;
                string mode = Parameter(fmtp, "packetization-mode") ?? "0"; // RFC 6184 §8.1: absent means 0
                if (mode.Trim() is not ("0" or "1"))
                {
                    reason = $"H264 packetization-mode {mode.Trim()} is not supported";
                    return false;
                }
                codec = new H264Codec(ParameterSets.ParseSprop(Parameter(fmtp, "sprop-parameter-sets")));
                return true;
            case "VP8":
                if (!RequireClock(name, clockRate, 90000, out reason)) return false;
                codec = new Vp8Codec();
                return true;
            case "VP9":
                if (!RequireClock(name, clockRate, 90000, out reason)) return false;
                codec = new Vp9Codec();
                return true;
            case "OPUS":
                if (!RequireClock(name, clockRate, OpusCodec.RtpClockRate, out reason)) return false;
                if (channels is not (0 or 1 or 2))
                {
                    reason = $"opus with {channels.ToString(CultureInfo.InvariantCulture)} channels is not supported";
                    return false;
                }
                // RFC 7587 §7: the rtpmap always says 2; sprop-stereo=0 only hints that the sender encodes mono.
                codec = new OpusCodec(channels == 1 || Parameter(fmtp, "sprop-stereo")?.Trim() == "0" ? 1 : 2);
                return true;
            case "PCMU" or "PCMA":
                if (!RequireClock(name, clockRate, G711Codec.RtpClockRate, out reason)) return false;
                if (channels is not (0 or 1))
                {
                    reason = $"{name} with {channels.ToString(CultureInfo.InvariantCulture)} channels is not supported";
                    return false;
                }
                codec = name.Equals("PCMU", StringComparison.OrdinalIgnoreCase) ? G711Codec.Pcmu : G711Codec.Pcma;
                return true;
            default:
                reason = $"codec {(name.Length == 0 ? "(none)" : name)} is not supported";
                return false;
        }
    }

    private static bool RequireClock(string name, int clockRate, int expected, out string reason)
    {
        reason = clockRate == expected
            ? string.Empty
            : $"{name} at clock rate {clockRate.ToString(CultureInfo.InvariantCulture)} is not supported (expected {expected.ToString(CultureInfo.InvariantCulture)})";
        return reason.Length == 0;
    }

    /// <summary>fmtp keys are media type parameters, whose names are case-insensitive (RFC 2045 §5.1).</summary>
    private static string? Parameter(IReadOnlyDictionary<string, string> fmtp, string key)
    {
        if (fmtp.TryGetValue(key, out var value)) return value;
        foreach (var pair in fmtp)
        {
            if (string.Equals(pair.Key, key, StringComparison.OrdinalIgnoreCase)) return pair.Value;
        }
        return null;
    }
}
