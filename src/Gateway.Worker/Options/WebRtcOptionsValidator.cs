using Microsoft.Extensions.Options;

namespace Gateway.Worker.Options;

/// <summary>DataAnnotations checks for <see cref="WebRtcOptions"/>, generated at compile time.</summary>
[OptionsValidator]
public sealed partial class WebRtcOptionsValidator : IValidateOptions<WebRtcOptions>;
