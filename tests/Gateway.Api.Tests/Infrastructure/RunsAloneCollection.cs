namespace Gateway.Api.Tests.Infrastructure;

/// <summary>
/// Tests that must not overlap any other test: counters (meters are process-wide, so every live host's "Gateway"
/// meter adds to them) and scripts executed right after being written.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAloneCollection
{
    public const string Name = "Runs alone";
}
