using System.Runtime.InteropServices;

namespace KafkaNet.Compat.ShareConsumer.Native;

/// <summary>The layout of rd_kafka_message_t.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeMessage
{
    public int Err;
    public nint Topic;
    public int Partition;
    public nint Payload;
    public nuint Length;
    public nint Key;
    public nuint KeyLength;
    public long Offset;
    public nint Private;
}
