using KafkaNet.Protocol;

namespace KafkaNet.Broker.Transactions;

/// <summary>InitProducerId's answer: the producer id and epoch to use, or an error with -1 for both.</summary>
public readonly record struct InitProducerIdResult(ErrorCode Error, long ProducerId, short ProducerEpoch)
{
    public static InitProducerIdResult Failed(ErrorCode error) => new(error, -1, -1);
}
