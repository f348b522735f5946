using Gateway.Worker.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gateway.Worker.Storage;

/// <summary>Cloud storage for captures: settings checks, the Azure blob factory, the background upload loop.</summary>
public static class StorageServiceCollectionExtensions
{
    public static IServiceCollection AddGatewayStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>()
            .Validate(o => !o.Azure.IsConfigured || AzureBlobTargetFactory.IsParseable(o.Azure.ConnectionString),
                "Gateway:Storage:Azure:ConnectionString is not a valid Azure Storage connection string.")
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());

        services.TryAddSingleton<IBlobTargetFactory>(sp =>
            new AzureBlobTargetFactory(sp.GetRequiredService<IOptions<StorageOptions>>().Value.Azure.ConnectionString));
        services.TryAddSingleton(sp =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            return new UploadSettings
            {
                Staging = new() { BlockSizeBytes = storage.Azure.BlockSizeBytes, StageInterval = storage.Azure.StageInterval },
                KeepLocalCopy = storage.KeepLocalCopy,
                PollInterval = storage.Azure.PollInterval,
                RetryDelay = storage.Azure.RetryDelay,
                MaxRetryDelay = storage.Azure.MaxRetryDelay,
            };
        });
        services.TryAddSingleton(sp => new UploadManifestStore(
            // The same folder JsonFileCaptureStore keeps each capture's files in.
            Path.Combine(Path.GetFullPath(sp.GetRequiredService<IOptions<GatewayOptions>>().Value.DataDirectory), "captures"),
            sp.GetRequiredService<ILogger<UploadManifestStore>>()));
        services.TryAddSingleton<ActiveRecordings>();
        services.TryAddSingleton<CaptureUploadJob>();
        services.TryAddSingleton<UploadRetryService>();
        services.AddHostedService(sp => sp.GetRequiredService<UploadRetryService>());
        services.TryAddSingleton<ICaptureStorage>(sp => new CaptureStorage(
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.Azure.IsConfigured,
            sp.GetRequiredService<UploadManifestStore>(), sp.GetRequiredService<IBlobTargetFactory>(),
            sp.GetRequiredService<UploadSettings>(), sp.GetRequiredService<ActiveRecordings>(),
            sp.GetRequiredService<UploadRetryService>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>()));
        return services;
    }
}
