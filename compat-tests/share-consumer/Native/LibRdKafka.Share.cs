using System.Runtime.InteropServices;

namespace KafkaNet.Compat.ShareConsumer.Native;

/// <summary>The share consumer functions (the "Share consumer (Queues for Kafka)" section of rdkafka.h).</summary>
internal static unsafe partial class LibRdKafka
{
    /// <summary>Takes ownership of <paramref name="conf"/> on success only.</summary>
    [LibraryImport(Library, EntryPoint = "rd_kafka_share_consumer_new")]
    internal static partial nint ShareConsumerNew(nint conf, byte* errstr, nuint errstrSize);

    [LibraryImport(Library, EntryPoint = "rd_kafka_share_subscribe")]
    internal static partial int ShareSubscribe(ShareConsumerHandle consumer, nint topics);

    /// <summary>Returns an rd_kafka_error_t (or 0); <paramref name="messages"/> is 0 on error or an empty timeout.</summary>
    [LibraryImport(Library, EntryPoint = "rd_kafka_share_poll")]
    internal static partial nint SharePoll(ShareConsumerHandle consumer, int timeoutMs, out MessageBatchHandle messages);

    [LibraryImport(Library, EntryPoint = "rd_kafka_share_acknowledge_type")]
    internal static partial int ShareAcknowledgeType(ShareConsumerHandle consumer, nint message, AcknowledgeType type);

    /// <summary>Returns an rd_kafka_error_t (or 0); <paramref name="partitions"/> is 0 when no acknowledgement was pending.</summary>
    [LibraryImport(Library, EntryPoint = "rd_kafka_share_commit_sync")]
    internal static partial nint ShareCommitSync(ShareConsumerHandle consumer, int timeoutMs, out nint partitions);

    [LibraryImport(Library, EntryPoint = "rd_kafka_share_consumer_close")]
    internal static partial nint ShareConsumerClose(ShareConsumerHandle consumer);

    /// <summary>Returns an rd_kafka_error_t (or 0); on error the instance is not destroyed.</summary>
    [LibraryImport(Library, EntryPoint = "rd_kafka_share_destroy")]
    internal static partial nint ShareDestroy(nint consumer);

    [LibraryImport(Library, EntryPoint = "rd_kafka_messages_count")]
    internal static partial nuint MessagesCount(MessageBatchHandle messages);

    [LibraryImport(Library, EntryPoint = "rd_kafka_messages_get")]
    internal static partial nint MessagesGet(MessageBatchHandle messages, nuint index);

    [LibraryImport(Library, EntryPoint = "rd_kafka_messages_destroy")]
    internal static partial void MessagesDestroy(nint messages);

    [LibraryImport(Library, EntryPoint = "rd_kafka_message_delivery_count")]
    internal static partial short MessageDeliveryCount(nint message);
}
