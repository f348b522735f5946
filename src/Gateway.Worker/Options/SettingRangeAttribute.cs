using System.ComponentModel.DataAnnotations;

namespace Gateway.Worker.Options;

/// <summary>
/// An inclusive integer range whose message names the configuration key. Not <see cref="RangeAttribute"/>: the
/// options source generator (10.0) replaces that with its own copy, which ignores <c>ErrorMessage</c>, and a
/// failed deploy should say "Gateway:WebRtc:UdpPort", not "WebRtcOptions.UdpPort".
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SettingRangeAttribute(int minimum, int maximum, string setting) : ValidationAttribute
{
    public int Minimum { get; } = minimum;
    public int Maximum { get; } = maximum;
    public string Setting { get; } = setting;

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        ArgumentNullException.ThrowIfNull(validationContext);
        return value is int number && number >= Minimum && number <= Maximum
            ? ValidationResult.Success
            : new ValidationResult($"{Setting} must be between {Minimum} and {Maximum} (got {value}).",
                validationContext.MemberName is { } member ? [member] : null);
    }
}
