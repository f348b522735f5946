using System.Globalization;
using System.Text.RegularExpressions;

namespace Gateway.Interop.Tests.Support;

/// <summary>
/// Cuts one UDP port off from everything but one other port (its TURN server), in both directions, with an nftables
/// rule on the input hook of the test's own network namespace: the direct ICE paths of that socket die while its
/// TURN traffic still flows, which is the situation the relay fallback is for. Disposing removes the table.
/// </summary>
public sealed partial class NftDirectBlock : IAsyncDisposable
{
    private readonly string _table = "gwblock" + Guid.NewGuid().ToString("N")[..8];

    private NftDirectBlock()
    {
    }

    public static async Task<NftDirectBlock> StartAsync(int blockedPort, int allowedPeerPort)
    {
        var block = new NftDirectBlock();
        var port = blockedPort.ToString(CultureInfo.InvariantCulture);
        var allowed = allowedPeerPort.ToString(CultureInfo.InvariantCulture);
        await RunAsync(["add", "table", "inet", block._table]);
        await RunAsync(["add", "chain", "inet", block._table, "in", "{ type filter hook input priority 0; }"]);
        await RunAsync(["add", "rule", "inet", block._table, "in", "udp", "dport", port, "udp", "sport", "!=", allowed, "counter", "drop"]);
        await RunAsync(["add", "rule", "inet", block._table, "in", "udp", "sport", port, "udp", "dport", "!=", allowed, "counter", "drop"]);
        return block;
    }

    /// <summary>Datagrams both rules dropped so far.</summary>
    public async Task<long> DroppedAsync()
    {
        var (_, stdout, _) = await ExternalProcess.RunAsync("nft", ["list", "table", "inet", _table], TimeSpan.FromSeconds(10));
        return Counter().Matches(stdout).Sum(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    private static async Task RunAsync(string[] arguments)
    {
        var (exit, _, stderr) = await ExternalProcess.RunAsync("nft", arguments, TimeSpan.FromSeconds(10));
        Assert.True(exit == 0, $"nft {string.Join(' ', arguments)}: {stderr}");
    }

    [GeneratedRegex(@"counter packets (\d+)")]
    private static partial Regex Counter();

    public async ValueTask DisposeAsync() =>
        await ExternalProcess.RunAsync("nft", ["delete", "table", "inet", _table], TimeSpan.FromSeconds(10));
}
