using System.Globalization;

namespace Gateway.Interop.Tests.Support;

/// <summary>
/// Random loss of RTP/RTCP datagrams to one UDP port, with an nftables rule in the test's own network namespace
/// (peers.md §3: this kernel has no netem). Only datagrams whose first byte says RTP/RTCP (RFC 7983 128..191) are
/// dropped, so ICE and DTLS are untouched and the loss is what the NACK path has to repair. The rule sits on the input
/// hook: dropping on output makes the sender's sendto fail with EPERM, and Chromium then simply sends again.
/// Disposing removes the table.
/// </summary>
public sealed class NftLoss : IAsyncDisposable
{
    private readonly string _table = "gwloss" + Guid.NewGuid().ToString("N")[..8];

    private NftLoss()
    {
    }

    public static async Task<NftLoss> StartAsync(int udpPort, int percent)
    {
        var loss = new NftLoss();
        var port = udpPort.ToString(CultureInfo.InvariantCulture);
        await RunAsync(["add", "table", "inet", loss._table]);
        await RunAsync(["add", "chain", "inet", loss._table, "out", "{ type filter hook input priority 0; }"]);
        // @th,64,2: the top two bits of the UDP payload's first byte; 2 = RTP version 2 (SRTP and SRTCP alike).
        await RunAsync(["add", "rule", "inet", loss._table, "out", "udp", "dport", port, "@th,64,2", "2",
            "numgen", "random", "mod", "100", "<", percent.ToString(CultureInfo.InvariantCulture), "counter", "drop"]);
        return loss;
    }

    /// <summary>How many datagrams the rule dropped so far.</summary>
    public async Task<long> DroppedAsync()
    {
        var (_, stdout, _) = await ExternalProcess.RunAsync("nft", ["list", "table", "inet", _table], TimeSpan.FromSeconds(10));
        var match = System.Text.RegularExpressions.Regex.Match(stdout, @"counter packets (\d+)");
        return match.Success ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : -1;
    }

    private static async Task RunAsync(string[] arguments)
    {
        var (exit, _, stderr) = await ExternalProcess.RunAsync("nft", arguments, TimeSpan.FromSeconds(10));
        Assert.True(exit == 0, $"nft {string.Join(' ', arguments)}: {stderr}");
    }

    public async ValueTask DisposeAsync() =>
        await ExternalProcess.RunAsync("nft", ["delete", "table", "inet", _table], TimeSpan.FromSeconds(10));
}
