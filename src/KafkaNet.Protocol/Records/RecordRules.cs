namespace KafkaNet.Protocol.Records;

/// <summary>What every record of a produced batch must satisfy beyond parsing.</summary>
/// <param name="KeysRequired">Records without a key are refused, as compacted topics need.</param>
/// <param name="EarliestTimestamp">Smallest record timestamp accepted; <see cref="long.MinValue"/> for no bound.</param>
/// <param name="LatestTimestamp">Largest record timestamp accepted; <see cref="long.MaxValue"/> for no bound.</param>
/// <param name="ReadAsCreateTime">
/// Record timestamps are their own (base timestamp plus delta) even where the batch claims LogAppendTime: a topic
/// with CreateTime decides the timestamp type, not the producer.
/// </param>
public readonly record struct RecordRules(bool KeysRequired, long EarliestTimestamp, long LatestTimestamp, bool ReadAsCreateTime = false)
{
    /// <summary>Any record that parses.</summary>
    public static RecordRules None => new(false, long.MinValue, long.MaxValue);
}
