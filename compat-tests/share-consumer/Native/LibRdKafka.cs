using System.Runtime.InteropServices;

namespace KafkaNet.Compat.ShareConsumer.Native;

/// <summary>
/// The librdkafka C functions this suite calls (rdkafka.h of librdkafka.redist 2.16.0). Strings returned as
/// <c>const char *</c> are owned by librdkafka, so they come back as pointers and are read, never freed.
/// </summary>
internal static unsafe partial class LibRdKafka
{
    private const string Library = "librdkafka";

    [LibraryImport(Library, EntryPoint = "rd_kafka_version_str")]
    internal static partial nint VersionString();

    [LibraryImport(Library, EntryPoint = "rd_kafka_err2name")]
    internal static partial nint ErrorCodeName(int code);

    [LibraryImport(Library, EntryPoint = "rd_kafka_conf_new")]
    internal static partial nint ConfNew();

    [LibraryImport(Library, EntryPoint = "rd_kafka_conf_set", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int ConfSet(nint conf, string name, string value, byte* errstr, nuint errstrSize);

    [LibraryImport(Library, EntryPoint = "rd_kafka_conf_destroy")]
    internal static partial void ConfDestroy(nint conf);

    [LibraryImport(Library, EntryPoint = "rd_kafka_error_code")]
    internal static partial int ErrorCode(nint error);

    [LibraryImport(Library, EntryPoint = "rd_kafka_error_name")]
    internal static partial nint ErrorName(nint error);

    [LibraryImport(Library, EntryPoint = "rd_kafka_error_string")]
    internal static partial nint ErrorString(nint error);

    [LibraryImport(Library, EntryPoint = "rd_kafka_error_is_fatal")]
    internal static partial int ErrorIsFatal(nint error);

    [LibraryImport(Library, EntryPoint = "rd_kafka_error_destroy")]
    internal static partial void ErrorDestroy(nint error);

    [LibraryImport(Library, EntryPoint = "rd_kafka_topic_name")]
    internal static partial nint TopicName(nint topic);

    [LibraryImport(Library, EntryPoint = "rd_kafka_topic_partition_list_new")]
    internal static partial nint PartitionListNew(int size);

    [LibraryImport(Library, EntryPoint = "rd_kafka_topic_partition_list_add", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint PartitionListAdd(nint list, string topic, int partition);

    [LibraryImport(Library, EntryPoint = "rd_kafka_topic_partition_list_destroy")]
    internal static partial void PartitionListDestroy(nint list);
}
