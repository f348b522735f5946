namespace Gateway.Rtc.Sdp.Attributes;

/// <summary>
/// One a= line (RFC 8866 §5.13): a property attribute has no value (<c>a=rtcp-mux</c>), a value attribute has one
/// after the first colon. Typed subclasses exist for what WebRTC and ffmpeg use; anything else is a
/// <see cref="GenericAttribute"/>. Attributes are immutable; edit a description by replacing list items.
/// </summary>
public abstract record SdpAttribute
{
    public abstract string Name { get; }

    /// <summary>Text after the colon, or null for a property attribute.</summary>
    public abstract string? Value { get; }

    /// <summary>The line without its line ending, e.g. <c>a=rtpmap:96 H264/90000</c>.</summary>
    public sealed override string ToString() => Value is null ? "a=" + Name : "a=" + Name + ":" + Value;
}
