using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaNet.Cli.Arguments;
using KafkaNet.Cli.Output;
using AdminClient = KafkaNet.Cli.Admin.AdminClient;

namespace KafkaNet.Cli.Reassignment;

/// <summary>What `kafkanet reassign-partitions` reads through Confluent.Kafka's admin client: replicas, brokers, broker configs.</summary>
internal sealed class ReassignmentAdmin : IDisposable
{
    /// <summary>The broker config behind --throttle in Kafka; a cluster without it cannot throttle replication.</summary>
    public const string LeaderThrottleRate = "leader.replication.throttled.rate";

    private readonly IAdminClient _admin;

    public ReassignmentAdmin(IEnumerable<KeyValuePair<string, string>> properties)
    {
        _admin = AdminClient.Build(properties);
    }

    public void Dispose() => _admin.Dispose();

    /// <summary>Every partition of the topics with its replicas; an unknown topic is an error unless <paramref name="skipUnknown"/>.</summary>
    public async Task<IReadOnlyList<PartitionReplicas>> ReplicasAsync(IEnumerable<string> topics, bool skipUnknown = false)
    {
        var names = topics.Distinct().ToList();
        if (names.Count == 0)
        {
            return [];
        }

        IEnumerable<TopicDescription> described;
        try
        {
            described = (await _admin.DescribeTopicsAsync(TopicCollection.OfTopicNames(names), new DescribeTopicsOptions { RequestTimeout = AdminClient.Timeout })
                .ConfigureAwait(false)).TopicDescriptions;
        }
        catch (DescribeTopicsException e)
        {
            var unknown = e.Results.TopicDescriptions.FirstOrDefault(d => d.Error.IsError);
            if (unknown is null || (skipUnknown && unknown.Error.Code == ErrorCode.UnknownTopicOrPart))
            {
                described = e.Results.TopicDescriptions.Where(d => !d.Error.IsError);
            }
            else
            {
                throw unknown.Error.Code == ErrorCode.UnknownTopicOrPart
                    ? new CommandFailedException($"UNKNOWN_TOPIC_OR_PARTITION: Topic {unknown.Name} not found.")
                    : AdminClient.Refused(unknown.Error, unknown.Name);
            }
        }
        catch (KafkaException e)
        {
            throw new CommandFailedException(KafkaErrorText.Describe(e.Error), e);
        }

        return [.. described.SelectMany(t => t.Partitions.Select(p => new PartitionReplicas(t.Name, p.Partition, [.. p.Replicas.Select(r => r.Id)])))];
    }

    public async Task<IReadOnlySet<int>> BrokerIdsAsync()
    {
        try
        {
            var cluster = await _admin.DescribeClusterAsync(new DescribeClusterOptions { RequestTimeout = AdminClient.Timeout }).ConfigureAwait(false);
            return cluster.Nodes.Select(n => n.Id).ToHashSet();
        }
        catch (KafkaException e)
        {
            throw new CommandFailedException(KafkaErrorText.Describe(e.Error), e);
        }
    }

    /// <summary>Whether the broker has Kafka's replication throttle configs.</summary>
    public async Task<bool> ThrottlesSupportedAsync(int brokerId)
    {
        try
        {
            var configs = await _admin.DescribeConfigsAsync([new ConfigResource { Type = ResourceType.Broker, Name = brokerId.ToString(System.Globalization.CultureInfo.InvariantCulture) }],
                new DescribeConfigsOptions { RequestTimeout = AdminClient.Timeout }).ConfigureAwait(false);
            return configs.Any(c => c.Entries.ContainsKey(LeaderThrottleRate));
        }
        catch (DescribeConfigsException e)
        {
            throw AdminClient.Refused(e.Results[0].Error, $"broker {brokerId}");
        }
        catch (KafkaException e)
        {
            throw new CommandFailedException(KafkaErrorText.Describe(e.Error), e);
        }
    }
}
