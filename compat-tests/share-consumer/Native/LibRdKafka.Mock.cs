using System.Runtime.InteropServices;

namespace KafkaNet.Compat.ShareConsumer.Native;

/// <summary>librdkafka's built-in mock cluster (rdkafka_mock.h), which serves share groups itself.</summary>
internal static unsafe partial class LibRdKafka
{
    internal const int ProducerType = 0;

    [LibraryImport(Library, EntryPoint = "rd_kafka_new")]
    internal static partial nint New(int type, nint conf, byte* errstr, nuint errstrSize);

    [LibraryImport(Library, EntryPoint = "rd_kafka_destroy")]
    internal static partial void Destroy(nint client);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_cluster_new")]
    internal static partial nint MockClusterNew(nint client, int brokers);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_cluster_destroy")]
    internal static partial void MockClusterDestroy(nint cluster);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_cluster_bootstraps")]
    internal static partial nint MockClusterBootstraps(nint cluster);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_topic_create", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int MockTopicCreate(nint cluster, string topic, int partitions, int replicationFactor);

    /// <summary>0 latest, 1 earliest, for every share group of the mock cluster.</summary>
    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_sharegroup_set_auto_offset_reset")]
    internal static partial void MockShareGroupSetAutoOffsetReset(nint cluster, int earliest);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_sharegroup_set_heartbeat_interval")]
    internal static partial void MockShareGroupSetHeartbeatInterval(nint cluster, int intervalMs);
}
