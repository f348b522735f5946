using System.Buffers;

namespace Gateway.Pipelines.Tests.Receiving;

/// <summary>A pool that remembers every array it rented and fails the test when one comes back twice or never.</summary>
internal sealed class CountingPool : ArrayPool<byte>
{
    private readonly HashSet<byte[]> _outstanding = new(ReferenceEqualityComparer.Instance);

    public int Rented { get; private set; }

    public int Returned { get; private set; }

    public int DoubleReturns { get; private set; }

    public int Outstanding => _outstanding.Count;

    public override byte[] Rent(int minimumLength)
    {
        var array = new byte[minimumLength];
        _outstanding.Add(array);
        Rented++;
        return array;
    }

    public override void Return(byte[] array, bool clearArray = false)
    {
        if (!_outstanding.Remove(array)) DoubleReturns++;
        Returned++;
    }
}
