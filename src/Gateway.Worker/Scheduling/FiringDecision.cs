namespace Gateway.Worker.Scheduling;

/// <summary>What a node does with a firing it was handed.</summary>
public enum FiringDecision
{
    /// <summary>Create the capture: the firing is now claimed (outcome starting) and no other node will run it.</summary>
    Fire,

    /// <summary>Already fired or recorded missed (a second node, a redelivered job): do nothing.</summary>
    AlreadyAccounted,

    /// <summary>Too late (beyond the tolerance): recorded as missed, not run.</summary>
    Late,

    /// <summary>The schedule was deleted.</summary>
    Unknown,
}
