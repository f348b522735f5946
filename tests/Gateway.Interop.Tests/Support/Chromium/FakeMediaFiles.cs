namespace Gateway.Interop.Tests.Support.Chromium;

/// <summary>The files of <see cref="FakeMedia"/>: a Y4M video and a WAV audio track of the same flash/beep pattern.</summary>
public sealed record FakeMediaFiles(string VideoY4m, string AudioWav);
