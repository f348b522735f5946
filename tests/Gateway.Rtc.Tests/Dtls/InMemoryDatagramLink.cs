using Gateway.Rtc.Dtls;

namespace Gateway.Rtc.Tests.Dtls;

/// <summary>
/// Two <see cref="DtlsDatagramChannel"/>s wired back to back, like pion's vnet: what one side sends is delivered to the
/// other, optionally through an impairment that drops or holds back datagrams. Counts and keeps what each side sent.
/// </summary>
internal sealed class InMemoryDatagramLink
{
    private readonly Lock _gate = new();
    private readonly List<byte[]> _sentByA = [];
    private readonly List<byte[]> _sentByB = [];

    public InMemoryDatagramLink(Impairment? impairment = null)
    {
        A = new DtlsDatagramChannel(datagram => Forward(datagram, _sentByA, () => B!, impairment));
        B = new DtlsDatagramChannel(datagram => Forward(datagram, _sentByB, () => A, impairment));
    }

    /// <summary>Decides per datagram: true = deliver now; false = dropped or held (the impairment delivers it later).</summary>
    public delegate bool Impairment(byte[] datagram, DtlsDatagramChannel destination);

    public DtlsDatagramChannel A { get; }

    public DtlsDatagramChannel B { get; }

    public byte[][] SentByA()
    {
        lock (_gate) return [.. _sentByA];
    }

    public byte[][] SentByB()
    {
        lock (_gate) return [.. _sentByB];
    }

    private void Forward(ReadOnlySpan<byte> datagram, List<byte[]> log, Func<DtlsDatagramChannel> destination, Impairment? impairment)
    {
        var copy = datagram.ToArray();
        lock (_gate) log.Add(copy);
        var target = destination();
        if (impairment is null || impairment(copy, target)) target.TryDeliver(copy);
    }

    /// <summary>
    /// Counts datagrams per direction (1-based) and drops those in <paramref name="dropAt"/>, holds back those in
    /// <paramref name="holdAt"/> until the next one to the same side has been delivered. Deterministic, so the test
    /// knows loss and reordering happened; retransmissions are counted too, so later flights are hit as well.
    /// </summary>
    public static (Impairment Impairment, Func<(int Dropped, int Reordered)> Counts) DropAndReorder(int[] dropAt, int[] holdAt)
    {
        var gate = new Lock();
        var counts = new Dictionary<DtlsDatagramChannel, int>();
        var held = new Dictionary<DtlsDatagramChannel, byte[]>();
        int dropped = 0, reordered = 0;
        bool Impair(byte[] datagram, DtlsDatagramChannel destination)
        {
            byte[]? release = null;
            lock (gate)
            {
                int number = counts[destination] = counts.GetValueOrDefault(destination) + 1;
                if (Array.IndexOf(dropAt, number) >= 0)
                {
                    dropped++;
                    return false;
                }
                if (Array.IndexOf(holdAt, number) >= 0 && !held.ContainsKey(destination))
                {
                    held[destination] = datagram;
                    return false;
                }
                if (held.Remove(destination, out release)) reordered++;
            }
            destination.TryDeliver(datagram);
            if (release is not null) destination.TryDeliver(release);
            return false;
        }
        return (Impair, () => { lock (gate) return (dropped, reordered); });
    }
}
