using Gateway.Api.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Gateway.Api.Tests.Hosting;

public sealed class DefaultUrlsTests
{
    [Fact]
    public void Without_urls_the_gateway_listens_on_loopback_8080()
    {
        var builder = WebApplication.CreateBuilder();
        builder.AddGatewayApi();
        Assert.Equal("http://127.0.0.1:8080", builder.Configuration[WebHostDefaults.ServerUrlsKey]);
    }

    [Theory]
    [InlineData("--urls=http://127.0.0.1:9911")]
    [InlineData("--Urls=http://127.0.0.1:9911")]
    public void Configured_urls_win(string argument)
    {
        var builder = WebApplication.CreateBuilder([argument]);
        builder.AddGatewayApi();
        Assert.Equal("http://127.0.0.1:9911", builder.Configuration[WebHostDefaults.ServerUrlsKey]);
    }
}
