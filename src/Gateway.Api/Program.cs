using Gateway.Api.Hosting;

// appsettings.json ships beside the binary; the working directory only anchors relative data paths.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddGatewayApi();

var app = builder.Build();
app.UseGatewayApi();
app.MapGatewayEndpoints();
await app.RunAsync();

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
