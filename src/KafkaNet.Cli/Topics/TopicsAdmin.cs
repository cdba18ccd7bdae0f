using System.Buffers.Binary;
using System.Buffers.Text;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaNet.Cli.Admin;
using KafkaNet.Cli.Arguments;

namespace KafkaNet.Cli.Topics;

/// <summary>The admin requests behind `kafkanet topics`, with every refusal turned into Kafka's error name.</summary>
internal sealed class TopicsAdmin : IDisposable
{
    private readonly IAdminClient _admin;

    public TopicsAdmin(IEnumerable<KeyValuePair<string, string>> properties)
    {
        _admin = AdminClient.Build(properties);
    }

    public void Dispose() => _admin.Dispose();

    /// <summary>Every topic the cluster knows, sorted by name.</summary>
    public IReadOnlyList<string> TopicNames()
    {
        try
        {
            var metadata = _admin.GetMetadata(AdminClient.Timeout);
            return [.. metadata.Topics.Where(t => !t.Error.IsError).Select(t => t.Topic).Order(StringComparer.Ordinal)];
        }
        catch (KafkaException e)
        {
            throw Refused(e.Error, "listing topics");
        }
    }

    /// <summary>The topics in the order given, with their partitions and the configs set on them.</summary>
    public async Task<IReadOnlyList<TopicReport>> DescribeAsync(IReadOnlyList<string> names)
    {
        if (names.Count == 0)
        {
            return [];
        }

        DescribeTopicsResult described;
        List<DescribeConfigsResult> configs;
        try
        {
            described = await _admin.DescribeTopicsAsync(TopicCollection.OfTopicNames(names), new DescribeTopicsOptions { RequestTimeout = AdminClient.Timeout }).ConfigureAwait(false);
            configs = await _admin.DescribeConfigsAsync(names.Select(n => new ConfigResource { Type = ResourceType.Topic, Name = n }),
                new DescribeConfigsOptions { RequestTimeout = AdminClient.Timeout }).ConfigureAwait(false);
        }
        catch (DescribeTopicsException e)
        {
            throw Refused(e.Results.TopicDescriptions.Select(d => (d.Error, d.Name)).FirstOrDefault(r => r.Error.IsError, (e.Error, "topics")));
        }
        catch (DescribeConfigsException e)
        {
            throw Refused(e.Results.Select(r => (r.Error, r.ConfigResource.Name)).FirstOrDefault(r => r.Error.IsError, (e.Error, "topics")));
        }
        catch (KafkaException e)
        {
            throw Refused(e.Error, "describing topics");
        }

        var overrides = configs.ToDictionary(c => c.ConfigResource.Name, Overrides, StringComparer.Ordinal);
        return [.. described.TopicDescriptions.Select(d => Report(d, overrides.GetValueOrDefault(d.Name) ?? new SortedDictionary<string, string>(StringComparer.Ordinal)))];
    }

    public async Task CreateAsync(TopicSpecification topic)
    {
        try
        {
            await _admin.CreateTopicsAsync([topic], new CreateTopicsOptions { RequestTimeout = AdminClient.Timeout }).ConfigureAwait(false);
        }
        catch (CreateTopicsException e)
        {
            throw Refused(e.Results[0].Error, e.Results[0].Topic);
        }
        catch (KafkaException e)
        {
            throw Refused(e.Error, topic.Name);
        }
    }

    public async Task AddPartitionsAsync(string topic, int total)
    {
        try
        {
            await _admin.CreatePartitionsAsync([new PartitionsSpecification { Topic = topic, IncreaseTo = total }],
                new CreatePartitionsOptions { RequestTimeout = AdminClient.Timeout }).ConfigureAwait(false);
        }
        catch (CreatePartitionsException e)
        {
            throw Refused(e.Results[0].Error, e.Results[0].Topic);
        }
        catch (KafkaException e)
        {
            throw Refused(e.Error, topic);
        }
    }

    public async Task DeleteAsync(IReadOnlyList<string> topics)
    {
        try
        {
            await _admin.DeleteTopicsAsync(topics, new DeleteTopicsOptions { RequestTimeout = AdminClient.Timeout }).ConfigureAwait(false);
        }
        catch (DeleteTopicsException e)
        {
            throw Refused(e.Results.Select(r => (r.Error, r.Topic)).First(r => r.Error.IsError));
        }
        catch (KafkaException e)
        {
            throw Refused(e.Error, string.Join(", ", topics));
        }
    }

    private static CommandFailedException Refused(Error error, string subject) => AdminClient.Refused(error, subject);

    private static CommandFailedException Refused((Error Error, string Subject) refusal) => AdminClient.Refused(refusal.Error, refusal.Subject);

    /// <summary>Kafka's form of a topic id: its 16 bytes, big-endian, in URL-safe base64 without padding.</summary>
    private static string TopicId(Uuid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteInt64BigEndian(bytes, id.MostSignificantBits);
        BinaryPrimitives.WriteInt64BigEndian(bytes[8..], id.LeastSignificantBits);
        return Base64Url.EncodeToString(bytes);
    }

    private static SortedDictionary<string, string> Overrides(DescribeConfigsResult result) =>
        new(result.Entries.Values.Where(e => e.Source == ConfigSource.DynamicTopicConfig).ToDictionary(e => e.Name, e => e.Value), StringComparer.Ordinal);

    private static TopicReport Report(TopicDescription topic, IReadOnlyDictionary<string, string> configs)
    {
        var partitions = topic.Partitions.OrderBy(p => p.Partition).Select(p => new PartitionReport(
            p.Partition,
            p.Leader is { Id: >= 0 } leader ? leader.Id : null,
            [.. p.Replicas.Select(r => r.Id)],
            [.. p.ISR.Select(r => r.Id)])).ToList();
        return new TopicReport(topic.Name, TopicId(topic.TopicId), partitions.Count, partitions.Count == 0 ? 0 : partitions[0].Replicas.Count, configs, partitions);
    }
}
