using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaNet.Cli.Admin;
using KafkaNet.Cli.Arguments;

namespace KafkaNet.Cli.ConsumerGroups;

/// <summary>The admin requests behind `kafkanet consumer-groups`, with every refusal turned into Kafka's error name.</summary>
internal sealed class ConsumerGroupsAdmin : IDisposable
{
    private readonly IAdminClient _admin;

    public ConsumerGroupsAdmin(IEnumerable<KeyValuePair<string, string>> properties)
    {
        _admin = AdminClient.Build(properties);
    }

    public void Dispose() => _admin.Dispose();

    /// <summary>Every consumer group with its state, sorted by id.</summary>
    public async Task<IReadOnlyList<ConsumerGroupListing>> ListAsync()
    {
        try
        {
            var result = await _admin.ListConsumerGroupsAsync(new ListConsumerGroupsOptions { RequestTimeout = AdminClient.Timeout }).ConfigureAwait(false);
            return [.. result.Valid.OrderBy(g => g.GroupId, StringComparer.Ordinal)];
        }
        catch (KafkaException e)
        {
            throw AdminClient.Refused(e.Error, "listing consumer groups");
        }
    }

    public async Task<ConsumerGroupDescription> DescribeAsync(string group)
    {
        try
        {
            var result = await _admin.DescribeConsumerGroupsAsync([group], new DescribeConsumerGroupsOptions { RequestTimeout = AdminClient.Timeout }).ConfigureAwait(false);
            return result.ConsumerGroupDescriptions[0];
        }
        catch (DescribeConsumerGroupsException e)
        {
            throw AdminClient.Refused(e.Results.ConsumerGroupDescriptions.Select(d => d.Error).FirstOrDefault(r => r.IsError, e.Error), group);
        }
        catch (KafkaException e)
        {
            throw AdminClient.Refused(e.Error, group);
        }
    }

    /// <summary>The group's committed offsets, by partition.</summary>
    public async Task<IReadOnlyDictionary<TopicPartition, long>> CommittedAsync(string group)
    {
        try
        {
            var results = await _admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(group, null)],
                new ListConsumerGroupOffsetsOptions { RequestTimeout = AdminClient.Timeout }).ConfigureAwait(false);
            return results[0].Partitions.Where(p => p.Offset.Value >= 0).ToDictionary(p => p.TopicPartition, p => p.Offset.Value);
        }
        catch (ListConsumerGroupOffsetsException e)
        {
            throw AdminClient.Refused(e.Results.Select(r => r.Error).FirstOrDefault(r => r.IsError, e.Error), group);
        }
        catch (KafkaException e)
        {
            throw AdminClient.Refused(e.Error, group);
        }
    }

    /// <summary>Each partition's offset for <paramref name="spec"/>: earliest, latest (the log end), or the first at a time (-1 if none).</summary>
    public async Task<IReadOnlyDictionary<TopicPartition, long>> OffsetsAsync(IEnumerable<TopicPartition> partitions, OffsetSpec spec)
    {
        var specs = partitions.Select(p => new TopicPartitionOffsetSpec { TopicPartition = p, OffsetSpec = spec }).ToList();
        if (specs.Count == 0)
        {
            return new Dictionary<TopicPartition, long>();
        }

        try
        {
            var result = await _admin.ListOffsetsAsync(specs, new ListOffsetsOptions { RequestTimeout = AdminClient.Timeout }).ConfigureAwait(false);
            return result.ResultInfos.ToDictionary(r => r.TopicPartitionOffsetError.TopicPartition, r => r.TopicPartitionOffsetError.Offset.Value);
        }
        catch (ListOffsetsException e)
        {
            var failed = e.Result.ResultInfos.Select(r => r.TopicPartitionOffsetError).FirstOrDefault(r => r.Error.IsError);
            throw failed is null ? AdminClient.Refused(e.Error, "listing offsets") : AdminClient.Refused(failed.Error, failed.TopicPartition.ToString());
        }
        catch (KafkaException e)
        {
            throw AdminClient.Refused(e.Error, "listing offsets");
        }
    }

    /// <summary>The partitions of each topic; UNKNOWN_TOPIC_OR_PARTITION for a topic that does not exist.</summary>
    public IReadOnlyList<TopicPartition> PartitionsOf(IEnumerable<string> topics)
    {
        Metadata metadata;
        try
        {
            metadata = _admin.GetMetadata(AdminClient.Timeout);
        }
        catch (KafkaException e)
        {
            throw AdminClient.Refused(e.Error, "listing topics");
        }

        var partitions = new List<TopicPartition>();
        foreach (string topic in topics)
        {
            var found = metadata.Topics.FirstOrDefault(t => t.Topic == topic && !t.Error.IsError)
                ?? throw new CommandFailedException($"UNKNOWN_TOPIC_OR_PARTITION: Topic '{topic}' does not exist.");
            partitions.AddRange(found.Partitions.Select(p => new TopicPartition(topic, p.PartitionId)).OrderBy(p => p.Partition.Value));
        }

        return partitions;
    }

    public async Task CommitAsync(string group, IEnumerable<TopicPartitionOffset> offsets)
    {
        try
        {
            await _admin.AlterConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitionOffsets(group, [.. offsets])],
                new AlterConsumerGroupOffsetsOptions { RequestTimeout = AdminClient.Timeout }).ConfigureAwait(false);
        }
        catch (AlterConsumerGroupOffsetsException e)
        {
            var failed = e.Results.SelectMany(r => r.Partitions).FirstOrDefault(p => p.Error.IsError);
            throw failed is null ? AdminClient.Refused(e.Results.Select(r => r.Error).FirstOrDefault(r => r.IsError, e.Error), group)
                : AdminClient.Refused(failed.Error, $"{group} {failed.TopicPartition}");
        }
        catch (KafkaException e)
        {
            throw AdminClient.Refused(e.Error, group);
        }
    }

    /// <summary>Deletes the group's offsets of the partitions; each partition's error, or null where it was deleted.</summary>
    public async Task<IReadOnlyList<(TopicPartition Partition, Error? Error)>> DeleteOffsetsAsync(string group, IReadOnlyList<TopicPartition> partitions)
    {
        try
        {
            await _admin.DeleteConsumerGroupOffsetsAsync(group, partitions, new DeleteConsumerGroupOffsetsOptions { RequestTimeout = AdminClient.Timeout }).ConfigureAwait(false);
            return [.. partitions.Select(p => (p, (Error?)null))];
        }
        catch (DeleteConsumerGroupOffsetsException e)
        {
            if (e.Result.Partitions.Count == 0)
            {
                throw AdminClient.Refused(e.Error, group);
            }

            return [.. e.Result.Partitions.Select(p => (p.TopicPartition, p.Error.IsError ? p.Error : null))];
        }
        catch (KafkaException e)
        {
            throw AdminClient.Refused(e.Error, group);
        }
    }

    /// <summary>Deletes the groups; each group's error, or null where it was deleted.</summary>
    public async Task<IReadOnlyList<(string Group, Error? Error)>> DeleteAsync(IReadOnlyList<string> groups)
    {
        try
        {
            await _admin.DeleteGroupsAsync([.. groups], new DeleteGroupsOptions { RequestTimeout = AdminClient.Timeout }).ConfigureAwait(false);
            return [.. groups.Select(g => (g, (Error?)null))];
        }
        catch (DeleteGroupsException e)
        {
            return [.. e.Results.Select(r => (r.Group, r.Error.IsError ? r.Error : null))];
        }
        catch (KafkaException e)
        {
            throw AdminClient.Refused(e.Error, string.Join(", ", groups));
        }
    }
}
