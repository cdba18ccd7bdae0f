namespace KafkaNet.Storage.Producers;

/// <summary>What a partition knows of one producer, as DescribeProducers reports it.</summary>
/// <param name="CurrentTxnStartOffset">First offset of its open transaction on this partition, or -1.</param>
public readonly record struct ProducerStateInfo(long ProducerId, short ProducerEpoch, int LastSequence, long LastTimestamp, int CoordinatorEpoch, long CurrentTxnStartOffset);
