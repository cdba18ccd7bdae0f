using System.Globalization;
using KafkaNet.Broker.Controller;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Shares.Coordinator;

/// <summary>How __share_group_state is created: on first need, with the settings Kafka gives it.</summary>
public sealed partial class ShareCoordinator
{
    private const short CreateTopicsVersion = 7;

    private int _creatingTopic;

    /// <summary>
    /// The configs of __share_group_state: deleted rather than compacted (KIP-932: snapshots make older records useless),
    /// the producer's compression, share.coordinator.state.topic.segment.bytes, and
    /// share.coordinator.state.topic.min.isr capped at the replicas so a small cluster still takes writes.
    /// </summary>
    private List<KeyValuePair<string, string?>> StateTopicConfigs(short replicationFactor) =>
    [
        new("cleanup.policy", "delete"),
        new("compression.type", "producer"),
        new("segment.bytes", Options.StateTopicSegmentBytes.ToString(CultureInfo.InvariantCulture)),
        new("min.insync.replicas", Math.Min(Options.StateTopicMinIsr, replicationFactor).ToString(CultureInfo.InvariantCulture)),
    ];

    private void RequestStateTopic(IControllerChannel controller, int liveBrokers)
    {
        if (Interlocked.CompareExchange(ref _creatingTopic, 1, 0) == 0)
        {
            _ = CreateThroughControllerAsync(controller, liveBrokers);
        }
    }

    private async Task CreateThroughControllerAsync(IControllerChannel controller, int liveBrokers)
    {
        try
        {
            // As for every internal topic created on first use: the replication factor is capped at the brokers alive.
            short replicationFactor = (short)Math.Max(1, Math.Min(Options.StateTopicReplicationFactor, liveBrokers));
            var topic = new CreateTopicsRequest.CreatableTopic
            {
                Name = StateTopic,
                NumPartitions = Options.StateTopicNumPartitions,
                ReplicationFactor = replicationFactor,
            };
            foreach (var (name, value) in StateTopicConfigs(replicationFactor))
            {
                topic.Configs.Add(new CreateTopicsRequest.CreatableTopicConfig { Name = name, Value = value });
            }
            var request = new CreateTopicsRequest { TimeoutMs = Options.WriteTimeoutMs, Topics = [topic] };
            await controller.SendAsync<CreateTopicsResponse>(request, CreateTopicsRequest.ApiKey, CreateTopicsVersion, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The topic is asked for again by the next FindCoordinator, as callers retry.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
        finally
        {
            Volatile.Write(ref _creatingTopic, 0);
        }
    }
}
