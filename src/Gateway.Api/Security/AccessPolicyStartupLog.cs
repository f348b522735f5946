using Gateway.Api.Logging;
using Gateway.Worker.Options;
using Microsoft.Extensions.Options;

namespace Gateway.Api.Security;

/// <summary>Says at start which access policy is in force, loudly when there are no keys.</summary>
internal sealed class AccessPolicyStartupLog(IOptions<GatewayOptions> options, ILogger<AccessPolicyStartupLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var keys = options.Value.ApiKeys.Count;
        if (keys == 0) logger.NoApiKeysConfigured();
        else logger.ApiKeysConfigured(keys);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
