using System.Buffers;
using System.Text;

namespace Gateway.Pipelines.Containers.Matroska;

/// <summary>
/// Builds the once-per-file header elements (EBML header, Info, Tracks) with known sizes. Master elements get an
/// 8-octet size placeholder patched in <see cref="End"/>, which every EBML reader accepts (EBMLMaxSizeLength 8).
/// Allocates, which is fine: it runs once per recording, never per frame.
/// </summary>
internal sealed class EbmlMasterBuilder
{
    private const int MasterSizeLength = 8;
    private readonly ArrayBufferWriter<byte> _buffer = new(512);
    private readonly Stack<int> _open = new();

    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    public void Start(uint id)
    {
        var span = _buffer.GetSpan(4 + MasterSizeLength);
        int written = Ebml.WriteId(span, id);
        _buffer.Advance(written);
        _open.Push(_buffer.WrittenCount);
        _buffer.GetSpan(MasterSizeLength)[..MasterSizeLength].Clear();
        _buffer.Advance(MasterSizeLength);
    }

    public void End()
    {
        int sizeAt = _open.Pop();
        int contentLength = _buffer.WrittenCount - sizeAt - MasterSizeLength;
        // ArrayBufferWriter exposes its written bytes read-only; patching the placeholder in place is the point.
        var written = System.Runtime.InteropServices.MemoryMarshal.AsMemory(_buffer.WrittenMemory).Span;
        Ebml.WriteSize(written[sizeAt..], (ulong)contentLength, MasterSizeLength);
    }

    public void UInt(uint id, ulong value) => _buffer.Advance(Ebml.WriteUIntElement(_buffer.GetSpan(16), id, value));

    public void Float(uint id, double value) => _buffer.Advance(Ebml.WriteFloatElement(_buffer.GetSpan(16), id, value));

    public void Binary(uint id, ReadOnlySpan<byte> value) =>
        _buffer.Advance(Ebml.WriteBinaryElement(_buffer.GetSpan(Ebml.BinaryElementLength(id, value.Length)), id, value));

    public void String(uint id, string value) => Binary(id, Encoding.UTF8.GetBytes(value));

    /// <summary>A master whose size is "unknown": a live Segment or Cluster that ends where the stream or the next Cluster begins.</summary>
    public void StartUnknownSize(uint id)
    {
        var span = _buffer.GetSpan(4 + 8);
        int written = Ebml.WriteId(span, id);
        Ebml.UnknownSize.CopyTo(span[written..]);
        _buffer.Advance(written + 8);
    }
}
