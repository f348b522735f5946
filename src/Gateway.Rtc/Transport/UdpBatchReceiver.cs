using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Gateway.Rtc.Transport;

/// <summary>
/// Takes every datagram waiting on a UDP socket, up to <see cref="Capacity"/>, in one <c>recvmmsg(2)</c> call that
/// never blocks, into native buffers this object owns: one system call per batch instead of one per datagram, and no
/// exception when nothing is there (a .NET receive on a non-blocking socket throws). Linux on 64-bit only
/// (<see cref="IsSupported"/>): the structures below have that ABI. Not thread-safe: one receive loop owns it.
/// </summary>
public sealed unsafe partial class UdpBatchReceiver : IDisposable
{
    private const int MsgDontWait = 0x40;
    private const int AddressBytes = 128;                     // sizeof(struct sockaddr_storage)
    private const int WouldBlock = 11;                        // EAGAIN / EWOULDBLOCK

    private readonly Socket _socket;
    private readonly int _datagramBytes;
    private readonly MessageHeader* _messages;
    private readonly IoVector* _vectors;
    private readonly byte* _addresses;
    private readonly byte* _data;
    private int _disposed;

    public UdpBatchReceiver(Socket socket, int capacity, int datagramBytes)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(datagramBytes, 1);
        if (!IsSupported) throw new PlatformNotSupportedException("recvmmsg batches need 64-bit Linux");
        _socket = socket;
        Capacity = capacity;
        _datagramBytes = datagramBytes;
        _messages = (MessageHeader*)NativeMemory.AllocZeroed((nuint)capacity, (nuint)sizeof(MessageHeader));
        _vectors = (IoVector*)NativeMemory.AllocZeroed((nuint)capacity, (nuint)sizeof(IoVector));
        _addresses = (byte*)NativeMemory.AllocZeroed((nuint)capacity, AddressBytes);
        _data = (byte*)NativeMemory.Alloc((nuint)capacity, (nuint)datagramBytes);
        for (int i = 0; i < capacity; i++)
        {
            _vectors[i] = new IoVector { Base = _data + (long)i * datagramBytes, Length = (nuint)datagramBytes };
            _messages[i].Header.Iov = &_vectors[i];
            _messages[i].Header.IovLength = 1;
            _messages[i].Header.Name = _addresses + (long)i * AddressBytes;
        }
    }

    public static bool IsSupported => OperatingSystem.IsLinux() && Environment.Is64BitProcess;

    public int Capacity { get; }

    /// <summary>Takes what is waiting without blocking.</summary>
    /// <returns>How many datagrams arrived (0 when none was waiting); -1 with <paramref name="error"/> on a failure.</returns>
    public int Receive(out int error) => Receive(Capacity, out error);

    /// <summary>Takes at most <paramref name="max"/> (up to <see cref="Capacity"/>) of what is waiting, without blocking.</summary>
    /// <returns>How many datagrams arrived (0 when none was waiting); -1 with <paramref name="error"/> on a failure.</returns>
    public int Receive(int max, out int error)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        max = Math.Min(max, Capacity);
        for (int i = 0; i < max; i++)
        {
            _messages[i].Header.NameLength = AddressBytes;
            _messages[i].Header.Flags = 0;
            _messages[i].Length = 0;
        }
        bool added = false;
        var handle = _socket.SafeHandle;
        try
        {
            handle.DangerousAddRef(ref added);
            int count = ReceiveMessages((int)handle.DangerousGetHandle(), _messages, (uint)max, MsgDontWait, null);
            if (count >= 0)
            {
                error = 0;
                return count;
            }
            error = Marshal.GetLastPInvokeError();
            if (error != WouldBlock) return -1;
            error = 0;
            return 0;
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }

    /// <summary>The payload of datagram <paramref name="index"/> of the last batch; a truncated one is cut at the
    /// buffer size (<see cref="IsTruncated"/>).</summary>
    public ReadOnlySpan<byte> Datagram(int index)
    {
        CheckIndex(index);
        return new ReadOnlySpan<byte>(_data + (long)index * _datagramBytes, (int)Math.Min(_messages[index].Length, (uint)_datagramBytes));
    }

    /// <summary>MSG_TRUNC: the datagram was larger than the buffer.</summary>
    public bool IsTruncated(int index)
    {
        CheckIndex(index);
        return (_messages[index].Header.Flags & 0x20) != 0;
    }

    /// <summary>Copies the sender's address of datagram <paramref name="index"/> into <paramref name="address"/>
    /// (whose buffer holds the platform's sockaddr, as .NET's does on Linux).</summary>
    public void CopySender(int index, SocketAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        CheckIndex(index);
        int length = (int)Math.Min(_messages[index].Header.NameLength, (uint)address.Buffer.Length);
        new ReadOnlySpan<byte>(_addresses + (long)index * AddressBytes, length).CopyTo(address.Buffer.Span);
        address.Size = length;
    }

    private void CheckIndex(int index)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Capacity);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        NativeMemory.Free(_messages);
        NativeMemory.Free(_vectors);
        NativeMemory.Free(_addresses);
        NativeMemory.Free(_data);
    }

    [LibraryImport("libc", EntryPoint = "recvmmsg", SetLastError = true)]
    private static partial int ReceiveMessages(int fd, MessageHeader* messages, uint count, int flags, void* timeout);

    // struct iovec, struct msghdr and struct mmsghdr of 64-bit Linux (x86-64 and arm64 alike).
    [StructLayout(LayoutKind.Sequential)]
    private struct IoVector
    {
        public byte* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MsgHeader
    {
        public byte* Name;
        public uint NameLength;
        public IoVector* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MessageHeader
    {
        public MsgHeader Header;
        public uint Length;
    }
}
