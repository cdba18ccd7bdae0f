using System.Collections.Immutable;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Metadata;

/// <summary>
/// Replays metadata records one by one on top of a base image, then <see cref="Apply"/> yields
/// the new image and what changed. A record that makes no sense for the image so far throws
/// <see cref="MetadataReplayException"/> and leaves the delta as it was before that record.
/// Not thread-safe: one replaying thread owns a delta.
/// </summary>
public sealed partial class MetadataDelta
{
    private readonly MetadataImage _base;
    private readonly ImmutableDictionary<int, BrokerRegistration>.Builder _brokers;
    private readonly ImmutableDictionary<Guid, TopicImage>.Builder _topicsById;
    private readonly ImmutableDictionary<string, TopicImage>.Builder _topicsByName;
    private readonly ImmutableDictionary<ConfigResourceKey, ImmutableDictionary<string, string>>.Builder _configs;
    private readonly ImmutableDictionary<string, short>.Builder _features;
    private readonly HashSet<int> _touchedBrokers = [];
    private readonly HashSet<Guid> _touchedTopics = [];
    private readonly HashSet<ConfigResourceKey> _touchedConfigs = [];
    private long _nextProducerId;
    private ImmutableArray<ControllerQuorumVoter> _voters;
    private string _votersListenerName;

    public MetadataDelta(MetadataImage image)
        : this(image, image)
    {
    }

    private MetadataDelta(MetadataImage changesFrom, MetadataImage start)
    {
        ArgumentNullException.ThrowIfNull(changesFrom);
        _base = changesFrom;
        _brokers = start.Brokers.ToBuilder();
        _topicsById = start.TopicsById.ToBuilder();
        _topicsByName = start.TopicsByName.ToBuilder();
        _configs = start.Configs.ToBuilder();
        _features = start.FinalizedFeatures.ToBuilder();
        _nextProducerId = start.NextProducerId;
        _voters = start.Voters;
        _votersListenerName = start.VotersListenerName;
        StartClientQuotas(start);
        _acls = start.Acls.ToBuilder();
        _scram = start.ScramCredentials.ToBuilder();
    }

    /// <summary>
    /// A delta that replaces <paramref name="current"/> by a snapshot: the snapshot's records are replayed over an
    /// empty image, and <see cref="Apply"/> reports against <paramref name="current"/>, so whatever the snapshot no
    /// longer holds comes out deleted, unregistered or changed.
    /// </summary>
    public static MetadataDelta ForSnapshot(MetadataImage current)
    {
        ArgumentNullException.ThrowIfNull(current);
        var delta = new MetadataDelta(current, MetadataImage.Empty);
        delta._touchedBrokers.UnionWith(current.Brokers.Keys);
        delta._touchedTopics.UnionWith(current.TopicsById.Keys);
        delta._touchedConfigs.UnionWith(current.Configs.Keys);
        return delta;
    }

    /// <summary>Applies one record to the pending image.</summary>
    public void Replay(IKafkaMessage record)
    {
        switch (record)
        {
            case RegisterBrokerRecord r: ReplayRegister(r); break;
            case UnregisterBrokerRecord r: ReplayUnregister(r); break;
            case FenceBrokerRecord r: SetBroker(r.Id, r.Epoch, "FenceBrokerRecord", b => b with { Fenced = true }); break;
            case UnfenceBrokerRecord r: SetBroker(r.Id, r.Epoch, "UnfenceBrokerRecord", b => b with { Fenced = false }); break;
            case BrokerRegistrationChangeRecord r: ReplayRegistrationChange(r); break;
            case TopicRecord r: ReplayTopic(r); break;
            case PartitionRecord r: ReplayPartition(r); break;
            case PartitionChangeRecord r: ReplayPartitionChange(r); break;
            case RemoveTopicRecord r: ReplayRemoveTopic(r); break;
            case ConfigRecord r: ReplayConfig(r); break;
            case FeatureLevelRecord r: ReplayFeature(r); break;
            case ProducerIdsRecord r: ReplayProducerIds(r); break;
            case VotersRecord r: ReplayVoters(r); break;
            case ClientQuotaRecord r: ReplayClientQuota(r); break;
            case AccessControlEntryRecord r: ReplayAcl(r); break;
            case RemoveAccessControlEntryRecord r: ReplayRemoveAcl(r); break;
            case UserScramCredentialRecord r: ReplayScram(r); break;
            case RemoveUserScramCredentialRecord r: ReplayRemoveScram(r); break;
            case NoOpRecord: break;
            case null: throw new ArgumentNullException(nameof(record));
            default: throw new MetadataReplayException($"{record.GetType().Name} is not a metadata record this image understands");
        }
    }

    /// <summary>The new image at <paramref name="lastAppliedOffset"/> and the changes from the base image.</summary>
    public MetadataUpdate Apply(long lastAppliedOffset)
    {
        if (lastAppliedOffset < _base.LastAppliedOffset)
        {
            throw new ArgumentOutOfRangeException(nameof(lastAppliedOffset), $"offset {lastAppliedOffset} is before the base image's {_base.LastAppliedOffset}");
        }
        var image = new MetadataImage(_brokers.ToImmutable(), _topicsById.ToImmutable(), _topicsByName.ToImmutable(),
            _configs.ToImmutable(), _features.ToImmutable(), _nextProducerId, lastAppliedOffset) { Voters = _voters, VotersListenerName = _votersListenerName, ClientQuotas = ClientQuotasResult(), Acls = _acls.ToImmutable(), ScramCredentials = _scram.ToImmutable() };
        var created = new List<TopicImage>();
        var deleted = new List<TopicImage>();
        var partitions = new List<PartitionChange>();
        foreach (var id in _touchedTopics)
        {
            _base.TopicsById.TryGetValue(id, out var before);
            image.TopicsById.TryGetValue(id, out var after);
            if (before != null && after == null)
            {
                deleted.Add(before);
            }
            else if (before == null && after != null)
            {
                created.Add(after);
            }
            if (after != null)
            {
                foreach (var p in after.Partitions.Values)
                {
                    PartitionRegistration? old = null;
                    if (before?.Partitions.TryGetValue(p.PartitionId, out old) != true || old!.DiffersFrom(p))
                    {
                        partitions.Add(new PartitionChange(id, after.Name, old, p));
                    }
                }
            }
        }
        var registered = new List<int>();
        var unregistered = new List<int>();
        var fenced = new List<int>();
        var unfenced = new List<int>();
        foreach (int id in _touchedBrokers)
        {
            _base.Brokers.TryGetValue(id, out var before);
            image.Brokers.TryGetValue(id, out var after);
            if (after == null)
            {
                if (before != null)
                {
                    unregistered.Add(id);
                }
                continue;
            }
            if (before == null || before.Epoch != after.Epoch || before.IncarnationId != after.IncarnationId)
            {
                registered.Add(id);
            }
            // A broker not registered before counts as fenced, as Kafka registers brokers.
            bool wasFenced = before?.Fenced ?? true;
            if (wasFenced && !after.Fenced)
            {
                unfenced.Add(id);
            }
            else if (!wasFenced && after.Fenced)
            {
                fenced.Add(id);
            }
        }
        var configs = _touchedConfigs.Where(k => !ConfigsEqual(_base.ConfigsOf(k), image.ConfigsOf(k))).ToList();
        return new MetadataUpdate(image, Sorted(created), Sorted(deleted),
            [.. partitions.OrderBy(p => p.TopicName, StringComparer.Ordinal).ThenBy(p => p.Current.PartitionId)],
            Sorted(registered), Sorted(unregistered), Sorted(fenced), Sorted(unfenced), configs);
    }

    private void ReplayRegister(RegisterBrokerRecord r)
    {
        var endpoints = ImmutableDictionary.CreateBuilder<string, ListenerEndpoint>(StringComparer.Ordinal);
        foreach (var e in r.EndPoints)
        {
            if (!endpoints.TryAdd(e.Name, new ListenerEndpoint(e.Name, e.Host, e.Port, e.SecurityProtocol)))
            {
                throw new MetadataReplayException($"RegisterBrokerRecord for broker {r.BrokerId} names listener {e.Name} twice");
            }
        }
        var features = ImmutableDictionary.CreateBuilder<string, SupportedFeatureRange>(StringComparer.Ordinal);
        foreach (var f in r.Features)
        {
            if (!features.TryAdd(f.Name, new SupportedFeatureRange(f.MinSupportedVersion, f.MaxSupportedVersion)))
            {
                throw new MetadataReplayException($"RegisterBrokerRecord for broker {r.BrokerId} names feature {f.Name} twice");
            }
        }
        _brokers[r.BrokerId] = new BrokerRegistration(r.BrokerId, r.BrokerEpoch, r.IncarnationId, endpoints.ToImmutable(),
            features.ToImmutable(), r.Rack, r.Fenced, r.InControlledShutdown);
        _touchedBrokers.Add(r.BrokerId);
    }

    private void ReplayUnregister(UnregisterBrokerRecord r)
    {
        RequireBroker(r.BrokerId, r.BrokerEpoch, "UnregisterBrokerRecord");
        _brokers.Remove(r.BrokerId);
        _touchedBrokers.Add(r.BrokerId);
    }

    private void ReplayRegistrationChange(BrokerRegistrationChangeRecord r)
    {
        // Fenced: 1 fences, -1 unfences, 0 leaves it; InControlledShutdown: 1 enters it, 0 leaves it.
        bool? fenced = r.Fenced switch
        {
            1 => true,
            -1 => false,
            0 => null,
            _ => throw new MetadataReplayException($"BrokerRegistrationChangeRecord for broker {r.BrokerId} has invalid Fenced {r.Fenced}"),
        };
        bool shutdown = r.InControlledShutdown switch
        {
            1 => true,
            0 => false,
            _ => throw new MetadataReplayException($"BrokerRegistrationChangeRecord for broker {r.BrokerId} has invalid InControlledShutdown {r.InControlledShutdown}"),
        };
        SetBroker(r.BrokerId, r.BrokerEpoch, "BrokerRegistrationChangeRecord",
            b => b with { Fenced = fenced ?? b.Fenced, InControlledShutdown = shutdown || b.InControlledShutdown });
    }

    private void SetBroker(int id, long epoch, string what, Func<BrokerRegistration, BrokerRegistration> change)
    {
        _brokers[id] = change(RequireBroker(id, epoch, what));
        _touchedBrokers.Add(id);
    }

    private BrokerRegistration RequireBroker(int id, long epoch, string what)
    {
        if (!_brokers.TryGetValue(id, out var broker))
        {
            throw new MetadataReplayException($"{what} for broker {id}, which is not registered");
        }
        if (broker.Epoch != epoch)
        {
            throw new MetadataReplayException($"{what} for broker {id} at epoch {epoch}, but it is registered at epoch {broker.Epoch}");
        }
        return broker;
    }

    private void ReplayTopic(TopicRecord r)
    {
        if (string.IsNullOrEmpty(r.Name) || r.TopicId == Guid.Empty)
        {
            throw new MetadataReplayException($"TopicRecord needs a name and a non-zero topic id (got '{r.Name}', {r.TopicId})");
        }
        if (_topicsByName.TryGetValue(r.Name, out var existing))
        {
            throw new MetadataReplayException($"TopicRecord for {r.Name} ({r.TopicId}), but topic {r.Name} exists with id {existing.Id}");
        }
        if (_topicsById.TryGetValue(r.TopicId, out existing))
        {
            throw new MetadataReplayException($"TopicRecord for {r.Name} with id {r.TopicId}, which topic {existing.Name} already has");
        }
        PutTopic(new TopicImage(r.Name, r.TopicId, ImmutableDictionary<int, PartitionRegistration>.Empty));
    }

    private void ReplayPartition(PartitionRecord r)
    {
        var topic = RequireTopic(r.TopicId, r.PartitionId, "PartitionRecord");
        if (r.PartitionId < 0)
        {
            throw new MetadataReplayException($"PartitionRecord for topic {topic.Name} has invalid partition id {r.PartitionId}");
        }
        var partition = new PartitionRegistration(r.PartitionId, [.. r.Replicas], [.. r.Isr], [.. r.RemovingReplicas], [.. r.AddingReplicas],
            r.Leader, r.LeaderRecoveryState, r.LeaderEpoch, r.PartitionEpoch);
        PutTopic(topic with { Partitions = topic.Partitions.SetItem(r.PartitionId, partition) });
    }

    private void ReplayPartitionChange(PartitionChangeRecord r)
    {
        var topic = RequireTopic(r.TopicId, r.PartitionId, "PartitionChangeRecord");
        if (!topic.Partitions.TryGetValue(r.PartitionId, out var p))
        {
            throw new MetadataReplayException($"PartitionChangeRecord for partition {r.PartitionId} of topic {topic.Name}, which has no such partition");
        }
        // Absent (null) fields leave the value; a new leader bumps the leader epoch; every change bumps the partition epoch.
        bool leaderChanged = r.Leader != PartitionRegistration.NoLeaderChange;
        var changed = p with
        {
            Replicas = r.Replicas == null ? p.Replicas : [.. r.Replicas],
            Isr = r.Isr == null ? p.Isr : [.. r.Isr],
            RemovingReplicas = r.RemovingReplicas == null ? p.RemovingReplicas : [.. r.RemovingReplicas],
            AddingReplicas = r.AddingReplicas == null ? p.AddingReplicas : [.. r.AddingReplicas],
            Leader = leaderChanged ? r.Leader : p.Leader,
            LeaderEpoch = leaderChanged ? p.LeaderEpoch + 1 : p.LeaderEpoch,
            LeaderRecoveryState = r.LeaderRecoveryState == PartitionRegistration.NoRecoveryStateChange ? p.LeaderRecoveryState : r.LeaderRecoveryState,
            PartitionEpoch = p.PartitionEpoch + 1,
        };
        PutTopic(topic with { Partitions = topic.Partitions.SetItem(r.PartitionId, changed) });
    }

    private void ReplayRemoveTopic(RemoveTopicRecord r)
    {
        if (!_topicsById.TryGetValue(r.TopicId, out var topic))
        {
            throw new MetadataReplayException($"RemoveTopicRecord for topic id {r.TopicId}, which does not exist");
        }
        _topicsById.Remove(r.TopicId);
        _topicsByName.Remove(topic.Name);
        _touchedTopics.Add(r.TopicId);
        // A removed topic takes its configs with it, so a new topic of that name starts clean.
        var resource = new ConfigResourceKey(ConfigResourceKey.TopicType, topic.Name);
        if (_configs.Remove(resource))
        {
            _touchedConfigs.Add(resource);
        }
    }

    private void ReplayConfig(ConfigRecord r)
    {
        var resource = new ConfigResourceKey(r.ResourceType, r.ResourceName);
        var configs = _configs.TryGetValue(resource, out var current) ? current : ImmutableDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal);
        configs = r.Value == null ? configs.Remove(r.Name) : configs.SetItem(r.Name, r.Value);
        if (configs.IsEmpty)
        {
            _configs.Remove(resource);
        }
        else
        {
            _configs[resource] = configs;
        }
        _touchedConfigs.Add(resource);
    }

    private void ReplayFeature(FeatureLevelRecord r)
    {
        // Level 0 means the feature is no longer finalized.
        if (r.FeatureLevel == 0)
        {
            _features.Remove(r.Name);
        }
        else
        {
            _features[r.Name] = r.FeatureLevel;
        }
    }

    private void ReplayVoters(VotersRecord r)
    {
        _voters = VotersRecords.FromRecord(r);
        if (r.Voters.Count > 0)
        {
            _votersListenerName = r.Voters[0].Endpoints[0].Name;
        }
    }

    private void ReplayProducerIds(ProducerIdsRecord r)
    {
        if (r.NextProducerId <= _nextProducerId)
        {
            throw new MetadataReplayException($"ProducerIdsRecord moves the next producer id back from {_nextProducerId} to {r.NextProducerId}");
        }
        _nextProducerId = r.NextProducerId;
    }

    private TopicImage RequireTopic(Guid topicId, int partitionId, string what) =>
        _topicsById.TryGetValue(topicId, out var topic)
            ? topic
            : throw new MetadataReplayException($"{what} for partition {partitionId} of unknown topic id {topicId}");

    private void PutTopic(TopicImage topic)
    {
        _topicsById[topic.Id] = topic;
        _topicsByName[topic.Name] = topic;
        _touchedTopics.Add(topic.Id);
    }

    private static bool ConfigsEqual(ImmutableDictionary<string, string> a, ImmutableDictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);

    private static List<int> Sorted(List<int> ids)
    {
        ids.Sort();
        return ids;
    }

    private static List<TopicImage> Sorted(List<TopicImage> topics)
    {
        topics.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return topics;
    }
}
