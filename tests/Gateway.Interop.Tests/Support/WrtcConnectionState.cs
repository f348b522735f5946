namespace Gateway.Interop.Tests.Support;

/// <summary>A change of the publisher's RTCPeerConnection.connectionState, <paramref name="Ms"/> after it started.</summary>
public sealed record WrtcConnectionState(string State, long Ms);
