namespace Gateway.Rtc.Rtp;

/// <summary>
/// Per-source sequence state of RFC 3550 §A.1 (max_seq, cycles, base_seq, bad_seq, probation) with the loss
/// figures of §A.3 for reception reports. One instance per SSRC; not thread-safe.
/// </summary>
public sealed class SequenceTracker
{
    /// <summary>Packets in sequence before a new source is valid (§A.1 MIN_SEQUENTIAL).</summary>
    public const int MinSequential = 2;

    /// <summary>Largest forward jump still treated as loss rather than a restart (§A.1 MAX_DROPOUT).</summary>
    public const int MaxDropout = 3000;

    /// <summary>Largest backward step treated as reordering or a duplicate (§A.1 MAX_MISORDER).</summary>
    public const int MaxMisorder = 100;

    private const int SequenceModulo = 1 << 16;

    private ushort _maxSequence;
    private uint _cycles;
    private uint _baseSequence;
    private uint _badSequence = SequenceModulo + 1;
    private int _probation;
    private long _received;
    private long _expectedPrior;
    private long _receivedPrior;
    private bool _started;

    public ushort MaxSequence => _maxSequence;

    /// <summary>Count of wraps, shifted: cycles × 65536 as in §A.1.</summary>
    public uint Cycles => _cycles;

    /// <summary>The extended highest sequence number received, as reported in RR blocks (§6.4.1).</summary>
    public uint ExtendedHighestSequence => _cycles + _maxSequence;

    public long Received => _received;

    /// <summary>Packets expected since the source became valid (§A.3).</summary>
    public long Expected => _started && _probation == 0 ? (long)ExtendedHighestSequence - _baseSequence + 1 : 0;

    /// <summary>Cumulative packets lost; negative when duplicates arrived (§A.3).</summary>
    public long Lost => Expected - _received;

    public bool IsValid => _started && _probation == 0;

    /// <summary>
    /// Feeds one packet's sequence number (§A.1 update_seq). <paramref name="extended"/> is this packet's extended
    /// sequence number (a late packet from before a wrap gets the previous cycle), or -1 when it was not accepted.
    /// </summary>
    public SequenceUpdate Update(ushort sequence, out long extended)
    {
        extended = -1;
        if (!_started)
        {
            _started = true;
            Init(sequence);
            _maxSequence = (ushort)(sequence - 1);
            _probation = MinSequential;
        }

        ushort delta = (ushort)(sequence - _maxSequence);
        if (_probation > 0)
        {
            // A new source is valid only after MinSequential packets in sequence.
            if (sequence == (ushort)(_maxSequence + 1))
            {
                _probation--;
                _maxSequence = sequence;
                if (_probation == 0)
                {
                    Init(sequence);
                    _received++;
                    extended = ExtendedHighestSequence;
                    return SequenceUpdate.Accepted;
                }
            }
            else
            {
                _probation = MinSequential - 1;
                _maxSequence = sequence;
            }
            return SequenceUpdate.Probation;
        }

        var result = SequenceUpdate.Accepted;
        if (delta < MaxDropout)
        {
            if (sequence < _maxSequence) _cycles += SequenceModulo; // wrapped
            _maxSequence = sequence;
        }
        else if (delta <= SequenceModulo - MaxMisorder)
        {
            // A very large jump: restart only if the next packet follows it, else ignore this one (§A.1).
            if (sequence != _badSequence)
            {
                _badSequence = (uint)((sequence + 1) & (SequenceModulo - 1));
                return SequenceUpdate.BadJump;
            }
            Init(sequence);
            result = SequenceUpdate.Resynchronized;
        }
        // else: a duplicate or reordered packet within MaxMisorder; counted, max_seq unchanged.

        _received++;
        extended = (long)ExtendedHighestSequence + SequenceNumber.Distance(sequence, _maxSequence);
        return result;
    }

    /// <summary>
    /// The loss figures of one reception report block (§A.3): fraction lost since the previous call (8-bit fixed
    /// point) and cumulative lost clamped to the 24-bit signed field.
    /// </summary>
    public (byte FractionLost, int CumulativeLost) TakeLossSnapshot()
    {
        long expected = Expected;
        long expectedInterval = expected - _expectedPrior;
        long receivedInterval = _received - _receivedPrior;
        _expectedPrior = expected;
        _receivedPrior = _received;
        long lostInterval = expectedInterval - receivedInterval;
        byte fraction = expectedInterval == 0 || lostInterval <= 0 ? (byte)0 : (byte)((lostInterval << 8) / expectedInterval);
        return (fraction, (int)Math.Clamp(Lost, -0x80_0000, 0x7F_FFFF));
    }

    private void Init(ushort sequence)
    {
        _baseSequence = sequence;
        _maxSequence = sequence;
        _badSequence = SequenceModulo + 1;
        _cycles = 0;
        _received = 0;
        _receivedPrior = 0;
        _expectedPrior = 0;
    }
}
