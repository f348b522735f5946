using Gateway.Pipelines.Formats.H264;

namespace Gateway.Fuzz.Targets;

/// <summary>The SPS readers behind an mp4's avcC and picture size: any bytes after an SPS header byte.</summary>
internal sealed class SequenceParameterSetTarget : IFuzzTarget
{
    public string Name => "sps";

    public void Run(ReadOnlySpan<byte> input)
    {
        if (PictureSize.TryParse(input, out int width, out int height) && (width <= 0 || height <= 0 || width > 16384 || height > 32768))
            throw new InvalidOperationException($"impossible size {width}x{height}");
        _ = SequenceParameterSet.TryParse(input, out _);
    }
}
