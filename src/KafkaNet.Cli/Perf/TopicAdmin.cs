using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace KafkaNet.Cli.Perf;

/// <summary>The little administration the perf tools need before they start measuring.</summary>
internal static class TopicAdmin
{
    private static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Creates the topic with <paramref name="partitions"/> partitions unless it already exists.</summary>
    /// <returns>True when this call created it.</returns>
    public static async Task<bool> EnsureTopicAsync(
        string bootstrapServers,
        IEnumerable<KeyValuePair<string, string>> properties,
        string topic,
        int partitions)
    {
        using var admin = Build(bootstrapServers, properties);
        try
        {
            // Replication factor -1 takes the broker's default, so the tool works on one broker or many.
            await admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = partitions, ReplicationFactor = -1 }])
                .ConfigureAwait(false);
            return true;
        }
        catch (CreateTopicsException e) when (e.Results.All(r => r.Error.Code == ErrorCode.TopicAlreadyExists))
        {
            return false;
        }
    }

    /// <summary>Deletes the topic if it exists.</summary>
    /// <returns>True when this call deleted it, false when there was no such topic.</returns>
    public static async Task<bool> DeleteTopicAsync(
        string bootstrapServers,
        IEnumerable<KeyValuePair<string, string>> properties,
        string topic)
    {
        using var admin = Build(bootstrapServers, properties);
        try
        {
            await admin.DeleteTopicsAsync([topic]).ConfigureAwait(false);
            return true;
        }
        catch (DeleteTopicsException e) when (e.Results.All(r => r.Error.Code == ErrorCode.UnknownTopicOrPart))
        {
            return false;
        }
    }

    /// <summary>Every partition of the topic, from a metadata request.</summary>
    public static IReadOnlyList<TopicPartition> Partitions(
        string bootstrapServers,
        IEnumerable<KeyValuePair<string, string>> properties,
        string topic)
    {
        using var admin = Build(bootstrapServers, properties);
        var metadata = admin.GetMetadata(topic, MetadataTimeout);
        var described = metadata.Topics.Single(t => t.Topic == topic);
        if (described.Error.IsError)
        {
            throw new KafkaException(described.Error);
        }

        return [.. described.Partitions.Select(p => new TopicPartition(topic, p.PartitionId)).OrderBy(p => p.Partition.Value)];
    }

    private static IAdminClient Build(string bootstrapServers, IEnumerable<KeyValuePair<string, string>> properties) =>
        new AdminClientBuilder(new AdminClientConfig(ClientProperties.Merge(bootstrapServers, properties))).Build();
}
