namespace Gateway.Interop.Tests.Support.Chromium;

/// <summary>The offer/answer the publisher and the in-page loopback receiver exchanged.</summary>
public sealed record LoopbackResult(string OfferSdp, string AnswerSdp);
