using System.Runtime.InteropServices;
using KafkaNet.Compat.ShareConsumer.Native;

namespace KafkaNet.Compat.ShareConsumer;

/// <summary>
/// A librdkafka share consumer (rd_kafka_share_t). Like the native handle it is used from one thread only. The
/// batch of the last poll is kept alive until the next poll (or close) so its records can be acknowledged.
/// </summary>
internal sealed unsafe class ShareConsumer : IDisposable
{
    private readonly ShareConsumerHandle _handle;
    private MessageBatchHandle? _lastBatch;

    private ShareConsumer(ShareConsumerHandle handle, string name)
    {
        _handle = handle;
        Name = name;
    }

    /// <summary>A label for output, such as "c1".</summary>
    public string Name { get; }

    /// <summary>rd_kafka_share_consumer_new with <paramref name="properties"/>; throws with librdkafka's message if refused.</summary>
    public static ShareConsumer Create(string name, IEnumerable<KeyValuePair<string, string>> properties)
    {
        nint conf = NativeConfig.Build(properties);
        byte* text = stackalloc byte[NativeConfig.ErrorTextSize];
        nint consumer = LibRdKafka.ShareConsumerNew(conf, text, NativeConfig.ErrorTextSize);
        if (consumer == 0)
        {
            // The configuration is only taken over on success.
            LibRdKafka.ConfDestroy(conf);
            throw new ShareConsumerException("rd_kafka_share_consumer_new failed: " + NativeConfig.ErrorText(text));
        }
        return new ShareConsumer(new ShareConsumerHandle(consumer), name);
    }

    public void Subscribe(params string[] topics)
    {
        nint list = LibRdKafka.PartitionListNew(topics.Length);
        try
        {
            foreach (string topic in topics)
            {
                // The partition is ignored by a subscription; -1 is librdkafka's "unassigned".
                LibRdKafka.PartitionListAdd(list, topic, -1);
            }
            int code = LibRdKafka.ShareSubscribe(_handle, list);
            if (code != 0)
            {
                throw new ShareConsumerException($"{Name}: rd_kafka_share_subscribe: {NativeError.CodeName(code)}");
            }
        }
        finally
        {
            LibRdKafka.PartitionListDestroy(list);
        }
    }

    /// <summary>One rd_kafka_share_poll of at most <paramref name="timeout"/>; ends the previous batch first.</summary>
    public ShareBatch Poll(TimeSpan timeout)
    {
        ReleaseLastBatch();
        NativeError? error = NativeError.Take(LibRdKafka.SharePoll(_handle, (int)timeout.TotalMilliseconds, out MessageBatchHandle batch));
        if (batch.IsInvalid)
        {
            batch.Dispose();
            return error is null ? ShareBatch.Empty : new ShareBatch([], error);
        }
        _lastBatch = batch;
        int count = checked((int)LibRdKafka.MessagesCount(batch));
        var records = new List<ShareRecord>(count);
        for (int i = 0; i < count; i++)
        {
            records.Add(ReadRecord(LibRdKafka.MessagesGet(batch, (nuint)i)));
        }
        return new ShareBatch(records, error);
    }

    /// <summary>rd_kafka_share_acknowledge_type for a record of the last poll; null on success, else the error name.</summary>
    public string? Acknowledge(ShareRecord record, AcknowledgeType type)
    {
        int code = LibRdKafka.ShareAcknowledgeType(_handle, record.Message, type);
        return code == 0 ? null : NativeError.CodeName(code);
    }

    public CommitOutcome CommitSync(TimeSpan timeout)
    {
        NativeError? error = NativeError.Take(LibRdKafka.ShareCommitSync(_handle, (int)timeout.TotalMilliseconds, out nint list));
        if (list == 0)
        {
            return new CommitOutcome(error, [], []);
        }
        try
        {
            var all = new List<string>();
            var failed = new List<string>();
            var partitions = Marshal.PtrToStructure<NativePartitionList>(list);
            for (int i = 0; i < partitions.Count; i++)
            {
                var partition = Marshal.PtrToStructure<NativePartition>(partitions.Elements + (i * sizeof(NativePartition)));
                string result = $"{Marshal.PtrToStringUTF8(partition.Topic)}[{partition.Partition}]={NativeError.CodeName(partition.Err)}";
                all.Add(result);
                if (partition.Err != 0)
                {
                    failed.Add(result);
                }
            }
            return new CommitOutcome(error, all, failed);
        }
        finally
        {
            LibRdKafka.PartitionListDestroy(list);
        }
    }

    /// <summary>rd_kafka_share_consumer_close: sends pending acknowledgements and leaves the group; null on success.</summary>
    public NativeError? Close()
    {
        ReleaseLastBatch();
        return NativeError.Take(LibRdKafka.ShareConsumerClose(_handle));
    }

    public void Dispose()
    {
        ReleaseLastBatch();
        _handle.Dispose();
    }

    private void ReleaseLastBatch()
    {
        _lastBatch?.Dispose();
        _lastBatch = null;
    }

    private static ShareRecord ReadRecord(nint message)
    {
        var native = Marshal.PtrToStructure<NativeMessage>(message);
        string topic = native.Topic == 0 ? "" : Marshal.PtrToStringUTF8(LibRdKafka.TopicName(native.Topic)) ?? "";
        if (native.Err != 0)
        {
            // A record-level error: the payload holds librdkafka's error text.
            string text = native.Payload == 0 ? "" : Marshal.PtrToStringUTF8(native.Payload, (int)native.Length);
            return new ShareRecord(topic, native.Partition, native.Offset, null, 0, NativeError.CodeName(native.Err) + ": " + text, message);
        }
        string? value = native.Payload == 0 ? null : Marshal.PtrToStringUTF8(native.Payload, (int)native.Length);
        string? key = native.Key == 0 ? null : Marshal.PtrToStringUTF8(native.Key, (int)native.KeyLength);
        return new ShareRecord(topic, native.Partition, native.Offset, value, LibRdKafka.MessageDeliveryCount(message), null, message) { Key = key };
    }
}
