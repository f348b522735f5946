namespace Gateway.Rtc.Ice;

/// <summary>Which local candidates the agent uses, as in RTCConfiguration.iceTransportPolicy.</summary>
public enum IcePolicy
{
    /// <summary>Host, server-reflexive and relayed candidates; the relay is the fallback when direct checks fail.</summary>
    All,
    /// <summary>Relayed candidates only: every packet goes through TURN.</summary>
    Relay,
}

/// <summary>RFC 8445 §6.1.1: the controlling agent nominates; the offerer of a full-ICE session is controlling.</summary>
public enum IceRole
{
    Controlling,
    Controlled,
}
