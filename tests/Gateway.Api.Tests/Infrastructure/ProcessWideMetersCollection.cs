namespace Gateway.Api.Tests.Infrastructure;

/// <summary>Tests that read counters: run without any other test host alive, whose meters would add to them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideMetersCollection
{
    public const string Name = "Process-wide meters";
}
