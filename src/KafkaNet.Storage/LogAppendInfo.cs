namespace KafkaNet.Storage;

/// <summary>Result of an append: offsets assigned, the max timestamp and the broker time if LogAppendTime was applied.</summary>
public readonly record struct LogAppendInfo(long FirstOffset, long LastOffset, long MaxTimestamp, long LogAppendTime, int RecordCount, int Bytes);
