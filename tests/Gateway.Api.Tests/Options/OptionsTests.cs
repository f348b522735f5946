using Gateway.Api.Tests.Infrastructure;
using Gateway.Worker.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gateway.Api.Tests.Options;

public sealed class OptionsTests
{
    [Theory]
    [InlineData("Gateway:WebRtc:UdpPort", "70000", "Gateway:WebRtc:UdpPort must be between 0 and 65535")]
    [InlineData("Gateway:WebRtc:UdpPort", "-1", "Gateway:WebRtc:UdpPort must be between 0 and 65535")]
    [InlineData("Gateway:WebRtc:UdpPort", "udp", "Gateway:WebRtc:UdpPort")]
    [InlineData("Gateway:Rtp:PortRange", "40999-40000", "Gateway:Rtp:PortRange must be two ports")]
    [InlineData("Gateway:Rtp:PortRange", "40000", "Gateway:Rtp:PortRange must be two ports")]
    [InlineData("Gateway:Rtp:PortRange", "40000-70000", "Gateway:Rtp:PortRange must be two ports")]
    [InlineData("Gateway:WebRtc:Addresses:0", "gateway.example", "Gateway:WebRtc:Addresses: every entry must be an IP address")]
    [InlineData("Gateway:MaxConcurrentCaptures", "0", "Gateway:MaxConcurrentCaptures must be between 1 and 100000")]
    [InlineData("Gateway:ApiKeys:0", "short", "Gateway:ApiKeys: every key must be at least 16 characters")]
    [InlineData("Gateway:FFmpegPath", "", "Gateway:FFmpegPath must not be empty")]
    public void A_bad_setting_fails_startup_naming_it(string key, string value, string expected)
    {
        var failure = GatewayFactory.StartupFailure(new Dictionary<string, string?> { [key] = value });
        Assert.NotNull(failure);
        Assert.Contains(expected, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Good_settings_start()
    {
        var failure = GatewayFactory.StartupFailure(new Dictionary<string, string?>
        {
            ["Gateway:WebRtc:UdpPort"] = "65535",
            ["Gateway:WebRtc:Addresses:0"] = "127.0.0.1",
            ["Gateway:WebRtc:Addresses:1"] = "::1",
            ["Gateway:Rtp:PortRange"] = "50000-50000",
            ["Gateway:MaxConcurrentCaptures"] = "1",
            ["Gateway:ApiKeys:0"] = "0123456789abcdef",
        });
        Assert.Null(failure);
    }

    [Fact]
    public void Defaults_are_those_of_the_contract()
    {
        using var factory = new GatewayFactory(new Dictionary<string, string?>
        {
            ["Gateway:DataDirectory"] = null,
            ["Gateway:WebRtc:UdpPort"] = null,
            ["Gateway:WebRtc:Addresses:0"] = null,
        });
        var services = factory.Services;
        var gateway = services.GetRequiredService<IOptions<GatewayOptions>>().Value;
        var webRtc = services.GetRequiredService<IOptions<WebRtcOptions>>().Value;
        var rtp = services.GetRequiredService<IOptions<RtpOptions>>().Value;

        Assert.Equal("./data", gateway.DataDirectory);
        Assert.Empty(gateway.ApiKeys);
        Assert.Equal("ffmpeg", gateway.FFmpegPath);
        Assert.Equal(50 * Environment.ProcessorCount, gateway.MaxConcurrentCaptures);
        Assert.Equal(8189, webRtc.UdpPort);
        Assert.Empty(webRtc.Addresses);
        Assert.Equal(new PortRange(40000, 40999), rtp.Ports);
        Assert.Equal(1000, rtp.Ports.Count);
        Assert.False(services.GetRequiredService<IOptions<HangfireOptions>>().Value.UsesPostgreSql);
        Assert.False(services.GetRequiredService<IOptions<StorageOptions>>().Value.Azure.IsConfigured);
    }

    [Fact]
    public void Nested_settings_bind()
    {
        using var factory = new GatewayFactory(new Dictionary<string, string?>
        {
            ["Gateway:Hangfire:PostgreSql"] = "Host=127.0.0.1;Database=gateway",
            ["Gateway:Storage:Azure:ConnectionString"] = "UseDevelopmentStorage=true",
            ["Gateway:WebRtc:Addresses:0"] = "192.0.2.10",
        });
        var services = factory.Services;
        Assert.Equal("Host=127.0.0.1;Database=gateway", services.GetRequiredService<IOptions<HangfireOptions>>().Value.PostgreSql);
        Assert.Equal("UseDevelopmentStorage=true", services.GetRequiredService<IOptions<StorageOptions>>().Value.Azure.ConnectionString);
        Assert.Equal(["192.0.2.10"], services.GetRequiredService<IOptions<WebRtcOptions>>().Value.Addresses);
    }

    [Theory]
    [InlineData("40000-40999", 40000, 40999)]
    [InlineData("1-65535", 1, 65535)]
    [InlineData("5004-5004", 5004, 5004)]
    [InlineData(" 40000 - 40001 ", 40000, 40001)]
    public void PortRange_parses_low_dash_high(string text, int low, int high)
    {
        Assert.True(PortRange.TryParse(text, out var range));
        Assert.Equal(new PortRange(low, high), range);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("40000")]
    [InlineData("40999-40000")]
    [InlineData("0-10")]
    [InlineData("1-65536")]
    [InlineData("-5-10")]
    [InlineData("+5-10")]
    [InlineData("40000-40999-41000")]
    [InlineData("a-b")]
    [InlineData("40000-")]
    public void PortRange_rejects_anything_else(string? text) => Assert.False(PortRange.TryParse(text, out _));
}
