namespace Gateway.Interop.Tests.Support.Chromium;

/// <summary>The ICE candidate pair a peer connection selected, with both candidates' addresses.</summary>
public sealed record CandidatePairStats(
    string State,
    bool Nominated,
    string? LocalAddress,
    int? LocalPort,
    string? LocalProtocol,
    string? LocalCandidateType,
    string? RemoteAddress,
    int? RemotePort,
    string? RemoteProtocol,
    string? RemoteCandidateType,
    long BytesSent,
    long BytesReceived,
    double? CurrentRoundTripTime);
