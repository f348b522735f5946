namespace Gateway.Interop.Tests.Support.Chromium;

/// <summary>The mean luma (0–255, BT.601 weights) of one frame the loopback receiver rendered, <see cref="T"/>
/// milliseconds after sampling began.</summary>
public sealed record LumaSample(int T, double Luma, int Width, int Height);
