using Microsoft.Win32.SafeHandles;

namespace KafkaNet.Compat.ShareConsumer.Native;

/// <summary>An rd_kafka_share_t, destroyed with rd_kafka_share_destroy.</summary>
internal sealed class ShareConsumerHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public ShareConsumerHandle()
        : base(ownsHandle: true)
    {
    }

    internal ShareConsumerHandle(nint consumer)
        : base(ownsHandle: true) => SetHandle(consumer);

    protected override bool ReleaseHandle()
    {
        nint error = LibRdKafka.ShareDestroy(handle);
        if (error == 0)
        {
            return true;
        }
        LibRdKafka.ErrorDestroy(error);
        return false;
    }
}
