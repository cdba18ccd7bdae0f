namespace KafkaNet.Storage.Producers;

/// <summary>One entry of the aborted transaction index (.txnindex): what Fetch reports to read_committed consumers.</summary>
public readonly record struct AbortedTransaction(long ProducerId, long FirstOffset, long LastOffset, long LastStableOffset);
