namespace Gateway.Pipelines.Receiving;

/// <summary>Snapshot of one track's reception, for the capture resource and metrics. Totals span SSRC changes.</summary>
/// <param name="Ssrc">The current source, null before the first packet.</param>
/// <param name="PacketsReceived">Packets counted by RFC 3550 §A.1 (duplicates included, as §6.4.1 says).</param>
/// <param name="PacketsLost">Expected minus received (§A.3); may be negative with duplicates.</param>
/// <param name="Duplicates">Packets dropped as duplicates.</param>
/// <param name="Reordered">Packets that arrived after a newer one and were still used.</param>
/// <param name="TooLate">Packets that arrived after their slot was given up.</param>
/// <param name="ForeignSsrcDropped">Packets of a second SSRC dropped while the current one was active.</param>
/// <param name="SsrcChanges">How many times the track moved to a new SSRC.</param>
/// <param name="JitterMilliseconds">Interarrival jitter (§A.8) in milliseconds.</param>
/// <param name="BitrateKbps">Datagram bytes over the sliding window, in kbit/s.</param>
/// <param name="BytesReceived">RTP bytes (headers included) of every packet taken, all SSRCs of the track.</param>
public readonly record struct ReceptionStats(
    uint? Ssrc, long PacketsReceived, long PacketsLost, long Duplicates, long Reordered, long TooLate,
    long ForeignSsrcDropped, int SsrcChanges, double JitterMilliseconds, double BitrateKbps, long BytesReceived = 0);
