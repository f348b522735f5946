using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Gateway.Worker.Options;

/// <summary>Binds and validates every <c>Gateway:*</c> section; a bad value fails startup, not the first capture.</summary>
public static class GatewayOptionsServiceCollectionExtensions
{
    public static IServiceCollection AddGatewayOptions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<GatewayOptions>()
            .Bind(configuration.GetSection(GatewayOptions.Section))
            .Validate(o => o.ApiKeysAreUsable(),
                $"Gateway:ApiKeys: every key must be at least {GatewayOptions.MinimumApiKeyLength} characters and not blank.")
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>());

        services.AddOptions<WebRtcOptions>()
            .Bind(configuration.GetSection(WebRtcOptions.Section))
            .Validate(o => o.AddressesAreIpAddresses(),
                "Gateway:WebRtc:Addresses: every entry must be an IP address such as 127.0.0.1 or ::1.")
            .Validate(o => o.IceSettingsAreUsable(out _),
                "Gateway:WebRtc:IceServers/IcePolicy: every url must be stun:host[:port] or turn:host[:port][?transport=udp], a turn: server needs Username and Credential, IcePolicy is 'all' or 'relay' (relay needs a turn: server).")
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebRtcOptions>, WebRtcOptionsValidator>());

        services.AddOptions<RtpOptions>()
            .Bind(configuration.GetSection(RtpOptions.Section))
            .Validate(o => PortRange.TryParse(o.PortRange, out _),
                "Gateway:Rtp:PortRange must be two ports 'low-high' with 1 <= low <= high <= 65535, such as '40000-40999'.")
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddOptions<WebhookOptions>()
            .Bind(configuration.GetSection(WebhookOptions.Section))
            .Validate(o => o.UrlIsUsable(), "Gateway:Webhooks:Url must be an absolute http:// or https:// URL without credentials.")
            .Validate(o => o.SecretIsSetWhenNeeded(), "Gateway:Webhooks:Secret (at least 16 characters) is required when Gateway:Webhooks:Url is set: deliveries are signed with it.")
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<HlsOptions>().Bind(configuration.GetSection(HlsOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<HangfireOptions>().Bind(configuration.GetSection(HangfireOptions.Section));
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section));
        return services;
    }
}
