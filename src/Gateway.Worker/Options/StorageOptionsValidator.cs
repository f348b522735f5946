using Microsoft.Extensions.Options;

namespace Gateway.Worker.Options;

/// <summary>DataAnnotations checks for <see cref="StorageOptions"/> and its Azure section, generated at compile time.</summary>
[OptionsValidator]
public sealed partial class StorageOptionsValidator : IValidateOptions<StorageOptions>;
