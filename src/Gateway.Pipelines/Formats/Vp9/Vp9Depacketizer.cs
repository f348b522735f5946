using System.Buffers;
using Gateway.Pipelines.Codecs;

namespace Gateway.Pipelines.Formats.Vp9;

/// <summary>
/// RFC 9628: strips the payload descriptors and collects one picture (every spatial layer frame of one timestamp)
/// into one Matroska V_VP9 block. A layer frame runs from B to E; the marker bit (or a timestamp change) ends the
/// picture. Several layer frames are joined into a superframe (VP9 bitstream spec Annex B) so a decoder splits them.
/// </summary>
internal sealed class Vp9Depacketizer(DepacketizerLimits limits) : FramedDepacketizer(limits, 64 * 1024)
{
    /// <summary>frames_in_superframe_minus_1 has 3 bits (Annex B).</summary>
    private const int MaxLayerFrames = 8;
    private readonly int[] _layerSizes = new int[MaxLayerFrames];
    private int _layerCount;
    private bool _layerActive;
    private int _layerStart;
    private bool _isKeyFrame;

    protected override void BeginFrame() => (_layerCount, _layerActive, _isKeyFrame) = (0, false, false);

    protected override DropReason Consume(ReadOnlySpan<byte> payload, FrameBuffer buffer)
    {
        if (!Vp9PayloadDescriptor.TryParse(payload, out var descriptor)) return DropReason.Malformed;
        var data = payload[descriptor.Length..];
        if (data.IsEmpty) return DropReason.Malformed;
        if (descriptor.BeginsFrame)
        {
            if (_layerActive) return DropReason.UnexpectedStart;
            if (_layerCount == MaxLayerFrames || !buffer.TryCountUnit()) return DropReason.TooManyUnits;
            if (_layerCount == 0)
            {
                // The base layer decides: P clear means no inter-picture prediction (§4.2), but not every sender sets
                // P on inter frames, so the frame header's frame_type is preferred when it can be read.
                _isKeyFrame = Vp9FrameHeader.TryReadIsKeyFrame(data, out bool key) ? key : !descriptor.InterPicturePredicted;
            }
            _layerActive = true;
            _layerStart = buffer.Length;
        }
        else if (!_layerActive)
        {
            return DropReason.MissingStart;                          // the layer frame's first packet was lost
        }
        if (!buffer.TryAppend(data)) return DropReason.TooLarge;
        if (descriptor.EndsFrame)
        {
            _layerActive = false;
            _layerSizes[_layerCount++] = buffer.Length - _layerStart;
        }
        return DropReason.None;
    }

    protected override FrameEnd End(FrameBuffer buffer, IBufferWriter<byte> writer, out bool isKeyFrame)
    {
        isKeyFrame = _isKeyFrame;
        if (_layerActive) return FrameEnd.Incomplete;
        if (_layerCount == 0) return FrameEnd.Empty;
        writer.Write(buffer.Written);
        if (_layerCount > 1) WriteSuperframeIndex(writer);
        return FrameEnd.Written;
    }

    private void WriteSuperframeIndex(IBufferWriter<byte> writer)
    {
        int largest = 0;
        for (int i = 0; i < _layerCount; i++) largest = Math.Max(largest, _layerSizes[i]);
        int sizeBytes = largest < 1 << 8 ? 1 : largest < 1 << 16 ? 2 : largest < 1 << 24 ? 3 : 4;
        byte marker = (byte)(0b1100_0000 | ((sizeBytes - 1) << 3) | (_layerCount - 1));
        int length = 2 + (sizeBytes * _layerCount);
        var span = writer.GetSpan(length);
        span[0] = marker;
        int at = 1;
        for (int i = 0; i < _layerCount; i++)
        {
            for (int b = 0; b < sizeBytes; b++) span[at++] = (byte)(_layerSizes[i] >> (8 * b)); // little-endian sizes
        }
        span[at] = marker;
        writer.Advance(length);
    }
}
