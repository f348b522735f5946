namespace Gateway.Fuzz;

/// <summary>
/// One parser under fuzzing. Implementations live in Targets/, one file each, and are found by reflection, so adding
/// a target touches no shared file. <see cref="Run"/> must not throw for any input: an exception is a finding.
/// </summary>
internal interface IFuzzTarget
{
    /// <summary>Name used on the command line and as the corpus folder under tests/testdata/fuzz/.</summary>
    string Name { get; }

    void Run(ReadOnlySpan<byte> input);
}
