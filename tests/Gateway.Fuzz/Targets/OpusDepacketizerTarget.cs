namespace Gateway.Fuzz.Targets;

internal sealed class OpusDepacketizerTarget() : DepacketizerTarget("opus", "opus", 48000, 2);
