namespace Gateway.Pipelines.Receiving;

/// <summary>The track moved to a new SSRC; its timeline continues (the sync clock re-anchors).</summary>
/// <param name="PreviousSsrc">The source that went silent or said BYE.</param>
/// <param name="NewSsrc">The source the track follows from now on.</param>
/// <param name="AfterBye">True when the old source had sent an RTCP BYE.</param>
public readonly record struct SsrcChange(uint PreviousSsrc, uint NewSsrc, bool AfterBye);
