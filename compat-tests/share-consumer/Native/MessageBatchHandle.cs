using Microsoft.Win32.SafeHandles;

namespace KafkaNet.Compat.ShareConsumer.Native;

/// <summary>
/// An rd_kafka_messages_t from rd_kafka_share_poll; its rd_kafka_message_t pointers stay valid until it is
/// released with rd_kafka_messages_destroy.
/// </summary>
internal sealed class MessageBatchHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public MessageBatchHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        LibRdKafka.MessagesDestroy(handle);
        return true;
    }
}
