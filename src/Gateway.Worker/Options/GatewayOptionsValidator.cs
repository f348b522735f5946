using Microsoft.Extensions.Options;

namespace Gateway.Worker.Options;

/// <summary>DataAnnotations checks for <see cref="GatewayOptions"/>, generated at compile time (no reflection).</summary>
[OptionsValidator]
public sealed partial class GatewayOptionsValidator : IValidateOptions<GatewayOptions>;
