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
    /// Drops a share of datagrams and swaps neighbours, from a seeded generator so a failure reproduces.
    /// Returns the impairment and a counter of what it did.
    /// </summary>
    public static (Impairment Impairment, Func<(int Dropped, int Reordered)> Counts) LossyAndReordering(int seed, double dropRate, double holdRate)
    {
        var random = new Random(seed);
        var gate = new Lock();
        var held = new Dictionary<DtlsDatagramChannel, byte[]>();
        int dropped = 0, reordered = 0;
        bool Impair(byte[] datagram, DtlsDatagramChannel destination)
        {
            byte[]? release = null;
            bool deliverNow;
            lock (gate)
            {
                double roll = random.NextDouble();
                if (roll < dropRate)
                {
                    dropped++;
                    deliverNow = false;
                }
                else if (roll < dropRate + holdRate && !held.ContainsKey(destination))
                {
                    held[destination] = datagram;   // delivered after the next one to this side
                    deliverNow = false;
                }
                else
                {
                    deliverNow = true;
                    if (held.Remove(destination, out release)) reordered++;
                }
            }
            if (deliverNow)
            {
                destination.TryDeliver(datagram);
                if (release is not null) destination.TryDeliver(release);
            }
            return false;
        }
        return (Impair, () => { lock (gate) return (dropped, reordered); });
    }
}
