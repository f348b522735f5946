using System.Buffers;

namespace Gateway.Pipelines.Containers.Mp4;

/// <summary>
/// Writes a fragmented MP4 (ISO/IEC 14496-12 §8.8) from encoded frames, without ffmpeg: the header once, then a
/// <c>moof</c> + <c>mdat</c> pair at every video key frame and at least every <see cref="MaxFragment"/>, so a crash
/// loses at most the open fragment and everything before it stays playable. A sample's duration is the distance to
/// the next sample of its track, so each track's newest frame waits for its successor (or for <see cref="Finish"/>)
/// before it is written. Single-threaded; buffers are reused, nothing is allocated per frame once warmed up.
/// </summary>
public sealed class FragmentedMp4Writer
{
    private const uint SyncSample = 0x02000000;                 // sample_depends_on = 2 (an I-frame)
    private const uint NonSyncSample = 0x01010000;              // sample_depends_on = 1, sample_is_non_sync_sample
    private const uint TrunFlags = 0x000001 | 0x000100 | 0x000200 | 0x000400;   // data offset, duration, size, flags

    private readonly IReadOnlyList<Mp4Track> _tracks;
    private readonly TrackState[] _state;
    private readonly BoxBuffer _moof = new();
    private readonly long[] _maxFragmentTicks;
    private uint _sequence;

    public FragmentedMp4Writer(IReadOnlyList<Mp4Track> tracks, TimeSpan maxFragment)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        if (tracks.Count == 0) throw new ArgumentException("At least one track is needed.", nameof(tracks));
        _tracks = tracks;
        _state = tracks.Select(_ => new TrackState()).ToArray();
        // The lead track (video if any) closes a fragment at maxFragment; the others only at twice that, as a
        // backstop when the lead stalls, so they do not cut fragments just before the lead's key frames.
        int lead = Math.Max(0, tracks.ToList().FindIndex(t => t.Codec == Mp4Codec.H264));
        _maxFragmentTicks = tracks.Select((t, i) => (long)(maxFragment.TotalSeconds * t.Timescale * (i == lead ? 1 : 2))).ToArray();
        MaxFragment = maxFragment;
    }

    public TimeSpan MaxFragment { get; }

    /// <summary>Fragments written so far.</summary>
    public uint Fragments => _sequence;

    public void WriteHeader(IBufferWriter<byte> output)
    {
        var header = new BoxBuffer();
        Mp4Header.Write(header, _tracks);
        output.Write(header.Written);
    }

    /// <summary>
    /// Adds one frame of <paramref name="track"/> at <paramref name="decodeTime"/> (in the track's timescale, from the
    /// file's start); may write the fragment completed before it into <paramref name="output"/>.
    /// </summary>
    /// <returns>False (nothing written) when the time does not increase on the track's previous frame.</returns>
    public bool Write(IBufferWriter<byte> output, int track, long decodeTime, bool keyFrame, ReadOnlySpan<byte> data)
    {
        var state = _state[track];
        if (decodeTime < 0 || (state.HasPending && decodeTime <= state.PendingTime)) return false;
        if (state.HasPending) state.CommitPending(decodeTime - state.PendingTime);
        // A video key frame begins a fragment (players seek to fragment starts); a fragment is also closed once it
        // spans MaxFragment, so a sender with rare key frames still leaves bounded fragments.
        bool startsFragment = (_tracks[track].Codec == Mp4Codec.H264 && keyFrame) || state.Spans(decodeTime, _maxFragmentTicks[track]);
        if (startsFragment && _state.Any(s => s.Samples.Count > 0)) WriteFragment(output);
        state.SetPending(decodeTime, keyFrame || _tracks[track].Codec != Mp4Codec.H264, data);
        return true;
    }

    /// <summary>Writes what is left: each track's last frame lasts as long as the one before it.</summary>
    public void Finish(IBufferWriter<byte> output)
    {
        foreach (var state in _state)
        {
            if (state.HasPending) state.CommitPending(state.LastDuration > 0 ? state.LastDuration : 1);
        }
        if (_state.Any(s => s.Samples.Count > 0)) WriteFragment(output);
    }

    private void WriteFragment(IBufferWriter<byte> output)
    {
        var box = _moof;
        box.Clear();
        int moof = box.Begin("moof"u8);
        int mfhd = box.BeginFull("mfhd"u8, 0, 0);
        box.U32(++_sequence);
        box.End(mfhd);
        Span<int> offsetFields = stackalloc int[_state.Length];
        for (int i = 0; i < _state.Length; i++)
        {
            var state = _state[i];
            offsetFields[i] = -1;
            if (state.Samples.Count == 0) continue;
            int traf = box.Begin("traf"u8);
            int tfhd = box.BeginFull("tfhd"u8, 0, 0x020000);    // default-base-is-moof
            box.U32((uint)i + 1);
            box.End(tfhd);
            int tfdt = box.BeginFull("tfdt"u8, 1, 0);
            box.U64((ulong)state.FragmentStart);
            box.End(tfdt);
            int trun = box.BeginFull("trun"u8, 0, TrunFlags);
            box.U32((uint)state.Samples.Count);
            offsetFields[i] = box.Length;
            box.U32(0);                                          // data_offset, patched below
            foreach (var sample in state.Samples)
            {
                box.U32(sample.Duration);
                box.U32(sample.Size);
                box.U32(sample.Flags);
            }
            box.End(trun);
            box.End(traf);
        }
        box.End(moof);

        // Offsets run from the moof's first byte (default-base-is-moof) to each track's run inside the mdat.
        long payload = 0;
        for (int i = 0; i < _state.Length; i++)
        {
            if (offsetFields[i] < 0) continue;
            box.PatchU32(offsetFields[i], checked((uint)(box.Length + 8 + payload)));
            payload += _state[i].Data.WrittenCount;
        }
        output.Write(box.Written);
        Span<byte> mdat = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(mdat, checked((uint)(8 + payload)));
        "mdat"u8.CopyTo(mdat[4..]);
        output.Write(mdat);
        foreach (var state in _state)
        {
            output.Write(state.Data.WrittenSpan);
            state.Reset();
        }
    }

    private readonly record struct Sample(uint Duration, uint Size, uint Flags);

    /// <summary>One track's samples in the open fragment, and its newest frame waiting for a duration.</summary>
    private sealed class TrackState
    {
        private byte[] _pending = new byte[64 * 1024];
        private int _pendingLength;
        private bool _pendingKey;

        public List<Sample> Samples { get; } = new(256);

        public ArrayBufferWriter<byte> Data { get; } = new(256 * 1024);

        public long FragmentStart { get; private set; }

        public bool HasPending { get; private set; }

        public long PendingTime { get; private set; }

        public long LastDuration { get; private set; }

        /// <summary>The open fragment already spans <paramref name="limit"/> ticks at <paramref name="time"/>.</summary>
        public bool Spans(long time, long limit) => Samples.Count > 0 && time - FragmentStart >= limit;

        public void SetPending(long time, bool key, ReadOnlySpan<byte> data)
        {
            if (data.Length > _pending.Length) _pending = new byte[Math.Max(data.Length, _pending.Length * 2)];
            data.CopyTo(_pending);
            _pendingLength = data.Length;
            _pendingKey = key;
            PendingTime = time;
            HasPending = true;
        }

        public void CommitPending(long duration)
        {
            if (Samples.Count == 0) FragmentStart = PendingTime;
            Samples.Add(new Sample(checked((uint)duration), (uint)_pendingLength, _pendingKey ? SyncSample : NonSyncSample));
            Data.Write(_pending.AsSpan(0, _pendingLength));
            LastDuration = duration;
            HasPending = false;
        }

        public void Reset()
        {
            Samples.Clear();
            Data.ResetWrittenCount();
        }
    }
}
