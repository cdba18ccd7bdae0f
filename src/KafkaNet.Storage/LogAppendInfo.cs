namespace KafkaNet.Storage;

/// <summary>Result of an append: offsets assigned, the max timestamp and the broker time if LogAppendTime was applied.</summary>
/// <param name="Duplicate">The batch repeated one of its producer's last five: nothing was written and the offsets are the original ones.</param>
public readonly record struct LogAppendInfo(long FirstOffset, long LastOffset, long MaxTimestamp, long LogAppendTime, int RecordCount, int Bytes, bool Duplicate = false);
