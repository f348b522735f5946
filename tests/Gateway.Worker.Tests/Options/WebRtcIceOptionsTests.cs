using System.Net;
using Gateway.Rtc.Ice;
using Gateway.Worker.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gateway.Worker.Tests.Options;

/// <summary>Gateway:WebRtc:IceServers and IcePolicy bind, validate at startup and become the ICE agent's options.</summary>
public sealed class WebRtcIceOptionsTests
{
    private static WebRtcOptions Resolve(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        using var provider = new ServiceCollection().AddLogging().AddGatewayOptions(configuration).BuildServiceProvider();
        return provider.GetRequiredService<IOptions<WebRtcOptions>>().Value;
    }

    [Fact]
    public void Ice_servers_bind_and_become_agent_options()
    {
        var options = Resolve(
            ("Gateway:WebRtc:IceServers:0:Urls:0", "stun:127.0.0.1:3478"),
            ("Gateway:WebRtc:IceServers:1:Urls:0", "turn:127.0.0.1:3479?transport=udp"),
            ("Gateway:WebRtc:IceServers:1:Username", "bot"),
            ("Gateway:WebRtc:IceServers:1:Credential", "secret"),
            ("Gateway:WebRtc:IcePolicy", "relay"));
        var agent = options.ToIceAgentOptions([IPAddress.Loopback]);
        Assert.Equal(IcePolicy.Relay, agent.Policy);
        Assert.Equal(2, agent.Servers.Count);
        Assert.Equal(("bot", "secret"), (agent.Servers[1].Username, agent.Servers[1].Credential));
        Assert.Equal(["turn:127.0.0.1:3479?transport=udp"], agent.Servers[1].Urls);
        Assert.Equal(IcePolicy.All, Resolve().ToIceAgentOptions([IPAddress.Loopback]).Policy);   // default
    }

    [Theory]
    [InlineData("Gateway:WebRtc:IceServers:0:Urls:0", "turns:turn.example.org")]       // TLS is not spoken
    [InlineData("Gateway:WebRtc:IceServers:0:Urls:0", "turn:turn.example.org")]        // no credentials
    [InlineData("Gateway:WebRtc:IcePolicy", "direct")]                                 // unknown policy
    [InlineData("Gateway:WebRtc:IcePolicy", "relay")]                                  // relay with no turn: server
    public void Unusable_ice_settings_fail_at_start(string key, string value)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve((key, value)));
        Assert.Contains("Gateway:WebRtc:IceServers/IcePolicy", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("turns:x", "TLS")]
    [InlineData("turn:x", "Username and Credential")]
    public void The_reason_names_the_problem(string url, string expected)
    {
        var options = new WebRtcOptions { IceServers = [new IceServerOptions { Urls = [url] }] };
        Assert.False(options.IceSettingsAreUsable(out var reason));
        Assert.Contains(expected, reason, StringComparison.Ordinal);
    }
}
