namespace Gateway.Interop.Tests.Support.Chromium;

/// <summary>The RMS (0–1, first channel) of one decoded audio chunk the loopback receiver got, <see cref="T"/>
/// milliseconds after the first chunk by the chunks' own timestamps.</summary>
public sealed record AudioLevelSample(int T, double Rms, int Frames, int SampleRate, int Channels);
