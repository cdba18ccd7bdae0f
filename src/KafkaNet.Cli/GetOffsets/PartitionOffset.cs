namespace KafkaNet.Cli.GetOffsets;

/// <summary>One line of get-offsets: TOPIC:PARTITION:OFFSET; also the shape of its --output json.</summary>
internal sealed record PartitionOffset(string Topic, int Partition, long Offset);

/// <summary>A partition the broker refused, reported and skipped as Kafka's tool does.</summary>
internal sealed record PartitionRefusal(string Topic, int Partition, string Error);
