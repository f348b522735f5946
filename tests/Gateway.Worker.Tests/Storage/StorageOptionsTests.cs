using Gateway.Worker.Options;
using Gateway.Worker.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gateway.Worker.Tests.Storage;

public sealed class StorageOptionsTests
{
    private static StorageOptions Resolve(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        var services = new ServiceCollection().AddLogging().AddGatewayOptions(configuration).AddGatewayStorage();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<StorageOptions>>().Value;
    }

    [Fact]
    public void Defaults_delete_the_local_copy_and_stage_4_MiB_blocks()
    {
        var options = Resolve();
        Assert.False(options.KeepLocalCopy);
        Assert.False(options.Azure.IsConfigured);
        Assert.Equal(4 * 1024 * 1024, options.Azure.BlockSizeBytes);
        Assert.True(Resolve(("Gateway:Storage:KeepLocalCopy", "true")).KeepLocalCopy);
    }

    [Fact]
    public void A_bad_connection_string_fails_at_start_without_showing_it()
    {
        const string secret = "AccountName=x;AccountKey=not-base64-secret!!;Nonsense";
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(("Gateway:Storage:Azure:ConnectionString", secret)));
        Assert.Contains("Gateway:Storage:Azure:ConnectionString", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-base64-secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_block_size_out_of_range_names_the_setting()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(("Gateway:Storage:Azure:BlockSizeBytes", "1000")));
        Assert.Contains("Gateway:Storage:Azure:BlockSizeBytes", error.Message, StringComparison.Ordinal);
    }
}
