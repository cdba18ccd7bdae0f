using System.Collections.Immutable;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Metadata;

namespace KafkaNet.Broker.Metadata;

/// <summary>
/// An immutable view of the cluster metadata log up to <see cref="LastAppliedOffset"/>: brokers,
/// topics and partitions, configs, finalized features and the producer id high mark.
/// Change it only through a <see cref="MetadataDelta"/>.
/// </summary>
public sealed partial record MetadataImage(
    ImmutableDictionary<int, BrokerRegistration> Brokers,
    ImmutableDictionary<Guid, TopicImage> TopicsById,
    ImmutableDictionary<string, TopicImage> TopicsByName,
    ImmutableDictionary<ConfigResourceKey, ImmutableDictionary<string, string>> Configs,
    ImmutableDictionary<string, short> FinalizedFeatures,
    long NextProducerId,
    long LastAppliedOffset)
{
    /// <summary>
    /// The voters of a dynamic metadata quorum (KIP-853) as its last VotersRecord set them; empty for a quorum whose
    /// voters are configured statically.
    /// </summary>
    public ImmutableArray<ControllerQuorumVoter> Voters { get; init; } = [];

    /// <summary>The listener name the voters' endpoints were recorded under.</summary>
    public string VotersListenerName { get; init; } = "CONTROLLER";

    /// <summary>The image before any record: nothing registered, offset -1.</summary>
    public static MetadataImage Empty { get; } = new(
        ImmutableDictionary<int, BrokerRegistration>.Empty,
        ImmutableDictionary<Guid, TopicImage>.Empty,
        ImmutableDictionary<string, TopicImage>.Empty.WithComparers(StringComparer.Ordinal),
        ImmutableDictionary<ConfigResourceKey, ImmutableDictionary<string, string>>.Empty,
        ImmutableDictionary<string, short>.Empty.WithComparers(StringComparer.Ordinal),
        0,
        -1);

    /// <summary>The configs of a resource; empty when none are set.</summary>
    public ImmutableDictionary<string, string> ConfigsOf(ConfigResourceKey resource) =>
        Configs.TryGetValue(resource, out var configs) ? configs : ImmutableDictionary<string, string>.Empty;

    /// <summary>
    /// Records that rebuild this image from <see cref="Empty"/>, in a fixed order (features,
    /// brokers, topics with their partitions, configs, quorum voters, client quotas, ACLs, SCRAM credentials, producer ids): the content of a snapshot.
    /// </summary>
    public List<MetadataRecord> ToRecords()
    {
        var records = new List<MetadataRecord>();
        // metadata.version first: a reader needs it before anything else.
        foreach (var (name, level) in FinalizedFeatures.OrderBy(f => f.Key == "metadata.version" ? 0 : 1).ThenBy(f => f.Key, StringComparer.Ordinal))
        {
            records.Add(MetadataRecord.Latest(new FeatureLevelRecord { Name = name, FeatureLevel = level }));
        }
        foreach (var broker in Brokers.Values.OrderBy(b => b.Id))
        {
            records.Add(MetadataRecord.Latest(ToRecord(broker)));
        }
        foreach (var topic in TopicsByName.Values.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            records.Add(MetadataRecord.Latest(new TopicRecord { Name = topic.Name, TopicId = topic.Id }));
            foreach (var p in topic.Partitions.Values.OrderBy(p => p.PartitionId))
            {
                // Version 0: the image keeps no log directories, which version 1 requires.
                records.Add(new MetadataRecord(ToRecord(topic.Id, p), 0));
            }
        }
        foreach (var (resource, configs) in Configs.OrderBy(c => c.Key.ResourceType).ThenBy(c => c.Key.Name, StringComparer.Ordinal))
        {
            foreach (var (name, value) in configs.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                records.Add(MetadataRecord.Latest(new ConfigRecord { ResourceType = resource.ResourceType, ResourceName = resource.Name, Name = name, Value = value }));
            }
        }
        if (!Voters.IsEmpty)
        {
            records.Add(MetadataRecord.Latest(VotersRecords.ToRecord(Voters, VotersListenerName)));
        }
        AddClientQuotaRecords(records);
        records.AddRange(AclRecords());
        AddScramRecords(records);
        if (NextProducerId > 0)
        {
            records.Add(MetadataRecord.Latest(new ProducerIdsRecord { BrokerId = -1, BrokerEpoch = -1, NextProducerId = NextProducerId }));
        }
        return records;
    }

    private static RegisterBrokerRecord ToRecord(BrokerRegistration broker)
    {
        var record = new RegisterBrokerRecord
        {
            BrokerId = broker.Id,
            BrokerEpoch = broker.Epoch,
            IncarnationId = broker.IncarnationId,
            Rack = broker.Rack,
            Fenced = broker.Fenced,
            InControlledShutdown = broker.InControlledShutdown,
        };
        foreach (var e in broker.Endpoints.Values.OrderBy(e => e.Listener, StringComparer.Ordinal))
        {
            record.EndPoints.Add(new() { Name = e.Listener, Host = e.Host, Port = checked((ushort)e.Port), SecurityProtocol = e.SecurityProtocol });
        }
        foreach (var (name, range) in broker.Features.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            record.Features.Add(new() { Name = name, MinSupportedVersion = range.Min, MaxSupportedVersion = range.Max });
        }
        return record;
    }

    private static PartitionRecord ToRecord(Guid topicId, PartitionRegistration p) => new()
    {
        TopicId = topicId,
        PartitionId = p.PartitionId,
        Replicas = [.. p.Replicas],
        Isr = [.. p.Isr],
        RemovingReplicas = [.. p.RemovingReplicas],
        AddingReplicas = [.. p.AddingReplicas],
        Leader = p.Leader,
        LeaderRecoveryState = p.LeaderRecoveryState,
        LeaderEpoch = p.LeaderEpoch,
        PartitionEpoch = p.PartitionEpoch,
    };
}
