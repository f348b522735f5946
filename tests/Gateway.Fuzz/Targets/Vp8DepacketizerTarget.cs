namespace Gateway.Fuzz.Targets;

internal sealed class Vp8DepacketizerTarget() : DepacketizerTarget("vp8", "VP8", 90000, 0);
