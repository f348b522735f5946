namespace Gateway.Fuzz.Targets;

internal sealed class H264DepacketizerTarget() : DepacketizerTarget("h264", "H264", 90000, 0);
