using System.Runtime.InteropServices;

namespace KafkaNet.Compat.ShareConsumer.Native;

/// <summary>The layout of rd_kafka_topic_partition_list_t.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativePartitionList
{
    public int Count;
    public int Size;
    public nint Elements;
}

/// <summary>The layout of rd_kafka_topic_partition_t.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativePartition
{
    public nint Topic;
    public int Partition;
    public long Offset;
    public nint Metadata;
    public nuint MetadataSize;
    public nint Opaque;
    public int Err;
    public nint Private;
}
