namespace KafkaNet.WebConsole.Dto;

/// <summary>A line of the topic list; <see cref="Size"/> is the bytes of the partitions held by the serving broker.</summary>
internal sealed record TopicSummaryDto(string Name, bool Internal, int Partitions, int ReplicationFactor, long Size);

internal sealed record TopicDto(string Name, string TopicId, bool Internal, List<PartitionDto> Partitions, List<ConfigEntryDto> Configs);

/// <summary>Offsets and size are null where the serving broker holds no replica or does not lead the partition.</summary>
internal sealed record PartitionDto(int Partition, int Leader, List<int> Replicas, List<int> Isr, long? Size, long? StartOffset, long? EndOffset);

/// <summary>The body of a create-topic request.</summary>
internal sealed record CreateTopicDto(string Name, int Partitions, short ReplicationFactor, Dictionary<string, string>? Configs);
