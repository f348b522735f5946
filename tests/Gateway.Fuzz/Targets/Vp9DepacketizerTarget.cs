namespace Gateway.Fuzz.Targets;

internal sealed class Vp9DepacketizerTarget() : DepacketizerTarget("vp9", "VP9", 90000, 0);
