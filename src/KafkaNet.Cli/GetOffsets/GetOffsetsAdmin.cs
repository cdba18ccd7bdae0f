using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaNet.Cli.Admin;
using KafkaNet.Cli.Output;

namespace KafkaNet.Cli.GetOffsets;

/// <summary>The admin requests behind `kafkanet get-offsets`: topics, their partitions, and ListOffsets.</summary>
internal sealed class GetOffsetsAdmin : IDisposable
{
    // The offset ListOffsets answers when no record matches the time asked for.
    private const long UnknownOffset = -1;

    private readonly IAdminClient _admin;

    public GetOffsetsAdmin(IEnumerable<KeyValuePair<string, string>> properties)
    {
        _admin = AdminClient.Build(properties);
    }

    public void Dispose() => _admin.Dispose();

    /// <summary>The partitions of the topics <paramref name="topicWanted"/> accepts, internal topics left out when asked.</summary>
    public async Task<IReadOnlyList<TopicPartition>> PartitionsAsync(Func<string, bool> topicWanted, bool excludeInternal)
    {
        List<string> names;
        try
        {
            names = [.. _admin.GetMetadata(AdminClient.Timeout).Topics.Where(t => !t.Error.IsError).Select(t => t.Topic).Where(topicWanted)];
            if (names.Count == 0)
            {
                return [];
            }

            var described = await _admin.DescribeTopicsAsync(TopicCollection.OfTopicNames(names),
                new DescribeTopicsOptions { RequestTimeout = AdminClient.Timeout }).ConfigureAwait(false);
            return [.. described.TopicDescriptions.Where(t => !(excludeInternal && t.IsInternal))
                .SelectMany(t => t.Partitions.Select(p => new TopicPartition(t.Name, p.Partition)))];
        }
        catch (DescribeTopicsException e)
        {
            throw AdminClient.Refused(e.Results.TopicDescriptions.Select(d => d.Error).FirstOrDefault(r => r.IsError, e.Error), "describing topics");
        }
        catch (KafkaException e)
        {
            throw AdminClient.Refused(e.Error, "listing topics");
        }
    }

    /// <summary>The offset of each partition at <paramref name="spec"/>, and the partitions the broker refused.</summary>
    public async Task<(IReadOnlyList<PartitionOffset> Offsets, IReadOnlyList<PartitionRefusal> Refusals)> ListOffsetsAsync(
        IReadOnlyList<TopicPartition> partitions, OffsetSpec spec)
    {
        List<ListOffsetsResultInfo> results;
        try
        {
            var answer = await _admin.ListOffsetsAsync(partitions.Select(p => new TopicPartitionOffsetSpec { TopicPartition = p, OffsetSpec = spec }),
                new ListOffsetsOptions { RequestTimeout = AdminClient.Timeout }).ConfigureAwait(false);
            results = answer.ResultInfos;
        }
        catch (ListOffsetsException e)
        {
            results = e.Result.ResultInfos;
        }
        catch (KafkaException e)
        {
            throw AdminClient.Refused(e.Error, "listing offsets");
        }

        var answered = results.Select(r => r.TopicPartitionOffsetError).ToList();
        return (
            [.. answered.Where(r => !r.Error.IsError && r.Offset.Value != UnknownOffset).Select(r => new PartitionOffset(r.Topic, r.Partition.Value, r.Offset.Value))],
            [.. answered.Where(r => r.Error.IsError).Select(r => new PartitionRefusal(r.Topic, r.Partition.Value, KafkaErrorText.Describe(r.Error)))]);
    }
}
