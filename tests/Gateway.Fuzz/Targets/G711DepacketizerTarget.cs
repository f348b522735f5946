namespace Gateway.Fuzz.Targets;

internal sealed class G711DepacketizerTarget() : DepacketizerTarget("g711", "PCMU", 8000, 1);
