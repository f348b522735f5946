namespace Gateway.Pipelines.Formats.H264;

/// <summary>
/// Reads bits and Exp-Golomb codes (H.264 §9.1) from a NAL unit's payload, dropping emulation prevention bytes
/// (00 00 03 → 00 00, §7.4.1) on the fly. Running past the end sets <see cref="Overrun"/> instead of throwing.
/// </summary>
internal ref struct RbspReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _byte;
    private int _bit;
    private int _zeros;

    public bool Overrun { get; private set; }

    public uint ReadBits(int count)
    {
        uint value = 0;
        for (int i = 0; i < count; i++) value = (value << 1) | ReadBit();
        return value;
    }

    public uint ReadBit()
    {
        if (_bit == 0 && !SkipEmulationPrevention()) return 0;
        uint bit = (uint)(_data[_byte] >> (7 - _bit)) & 1;
        if (++_bit == 8)
        {
            _zeros = _data[_byte] == 0 ? _zeros + 1 : 0;
            _bit = 0;
            _byte++;
        }
        return bit;
    }

    /// <summary>ue(v): leading zeros, a one, then as many bits. Longer than 31 leading zeros is malformed.</summary>
    public uint ReadUnsignedExpGolomb()
    {
        int leadingZeros = 0;
        while (ReadBit() == 0)
        {
            if (Overrun || ++leadingZeros > 31)
            {
                Overrun = true;
                return 0;
            }
        }
        return (uint)((1UL << leadingZeros) - 1 + ReadBits(leadingZeros));
    }

    private bool SkipEmulationPrevention()
    {
        if (_byte < _data.Length && _zeros >= 2 && _data[_byte] == 3)
        {
            _byte++;
            _zeros = 0;
        }
        if (_byte < _data.Length) return true;
        Overrun = true;
        return false;
    }
}
