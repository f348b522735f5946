namespace Gateway.Interop.Tests.Support.Chromium;

/// <summary>The mean luma (0–255) of one frame the fake camera gave the publisher, and the wall-clock time the page
/// got it, in milliseconds since the Unix epoch.</summary>
public sealed record SourceLumaSample(double EpochMs, double Luma);
