namespace Gateway.Pipelines.Containers.Matroska;

public enum MatroskaWriteStatus
{
    Written,
    /// <summary>Written as the first block of a new Cluster (video key frame, int16 overflow or cluster age).</summary>
    WrittenInNewCluster,
    HeaderNotWritten,
    UnknownTrack,
    NegativeTimestamp,
    /// <summary>More than 32.768 s before the open Cluster: a SimpleBlock's int16 offset cannot reach it.</summary>
    TimestampTooOld,
}
