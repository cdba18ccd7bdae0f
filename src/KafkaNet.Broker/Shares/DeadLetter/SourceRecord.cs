using KafkaNet.Protocol.Records;

namespace KafkaNet.Broker.Shares.DeadLetter;

/// <summary>A record of the source partition as the dead-letter topic copies it.</summary>
public sealed record SourceRecord(long Offset, long Timestamp, byte[]? Key, byte[]? Value, IReadOnlyList<RecordHeaderData> Headers);
