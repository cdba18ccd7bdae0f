namespace KafkaNet.Storage.Producers;

/// <summary>One of a producer's recent batches: enough to recognise a retry of it and answer with its offsets.</summary>
internal readonly record struct BatchMetadata(int LastSequence, long LastOffset, int OffsetDelta, long Timestamp)
{
    public int FirstSequence => ProducerSequence.Decrement(LastSequence, OffsetDelta);

    public long FirstOffset => LastOffset - OffsetDelta;
}
