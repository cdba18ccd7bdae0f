using KafkaNet.Protocol;

namespace KafkaNet.Broker.Transactions;

/// <summary>
/// EndTxn's answer: with it, the producer id and epoch the next transaction uses (EndTxn v5 returns them; with
/// transaction version 2 they are bumped, KIP-890), or an error with -1 for both.
/// </summary>
public readonly record struct EndTxnResult(ErrorCode Error, long ProducerId, short ProducerEpoch)
{
    public static EndTxnResult Failed(ErrorCode error) => new(error, -1, -1);
}
