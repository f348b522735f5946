namespace Gateway.Api.Problems;

/// <summary>What a problem response says when the failing code did not say more.</summary>
public readonly record struct ProblemDescription(string Type, string Title, string Detail);
