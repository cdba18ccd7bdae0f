namespace KafkaNet.WebConsole.Dto;

/// <summary>Records of one partition from <see cref="From"/> on; the page renders their bytes as text, JSON or hex.</summary>
internal sealed record RecordsDto(string Topic, int Partition, long From, long LogStartOffset, long HighWatermark, List<RecordDto> Records);

/// <summary>Key, value and header values are base64 (null when the record has none).</summary>
internal sealed record RecordDto(long Offset, long Timestamp, string TimestampType, string? Key, string? Value, List<HeaderDto> Headers);

internal sealed record HeaderDto(string Key, string? Value);
