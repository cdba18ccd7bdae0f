namespace KafkaNet.WebConsole.Kafka;

/// <summary>One record as fetched: bytes copied out of its batch.</summary>
internal sealed record FetchedRecord(long Offset, long Timestamp, bool LogAppendTime, byte[]? Key, byte[]? Value, IReadOnlyList<(string Key, byte[]? Value)> Headers);

/// <summary>Records of one partition from an offset on, and where the partition's log starts and ends.</summary>
internal sealed record FetchedRecords(long LogStartOffset, long HighWatermark, IReadOnlyList<FetchedRecord> Records);
