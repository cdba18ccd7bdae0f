using KafkaNet.Broker.Metadata;
using KafkaNet.Protocol.Metadata;
using Microsoft.Extensions.Logging;

namespace KafkaNet.Cluster.Controller;

// auto.leader.rebalance.enable: leadership moves back to preferred replicas once a broker's imbalance is too high.
public sealed partial class QuorumController
{
    private ITimer? StartLeaderImbalanceTimer()
    {
        if (!_options.AutoLeaderRebalanceEnable || _options.LeaderImbalanceCheckIntervalSeconds <= 0)
        {
            return null;
        }
        var period = TimeSpan.FromSeconds(_options.LeaderImbalanceCheckIntervalSeconds);
        return _time.CreateTimer(_ => _ = CheckLeaderImbalanceQuietlyAsync(), null, period, period);
    }

    /// <summary>
    /// For each broker, the partitions whose preferred (first) replica it is but that another broker
    /// leads: when they exceed leader.imbalance.per.broker.percentage of its preferred partitions,
    /// each one whose preferred replica is usable and in the ISR gets it back as leader. Partitions
    /// being reassigned are left alone. Returns how many leaders moved.
    /// </summary>
    public Task<int> CheckLeaderImbalanceAsync(CancellationToken cancellationToken = default) =>
        RunAsync(image =>
        {
            var records = new List<MetadataRecord>();
            foreach (var (broker, preferred) in PreferredPartitions(image))
            {
                var misled = preferred.Where(x => x.Partition.Leader != broker).ToList();
                if (misled.Count * 100 <= _options.LeaderImbalancePerBrokerPercentage * preferred.Count)
                {
                    continue;
                }
                Log.LeaderImbalance(_logger, broker, misled.Count, preferred.Count);
                foreach (var (topicId, p) in misled)
                {
                    if (p.Isr.Contains(broker) && PartitionChanges.IsUsable(image, broker))
                    {
                        records.Add(Partition(PartitionChanges.Record(topicId, p, broker, p.Isr)!));
                    }
                }
            }
            return new Plan<int>(records, _ => records.Count);
        }, (_, _) => 0, cancellationToken);

    private static Dictionary<int, List<(Guid TopicId, PartitionRegistration Partition)>> PreferredPartitions(MetadataImage image)
    {
        var byBroker = new Dictionary<int, List<(Guid, PartitionRegistration)>>();
        foreach (var topic in image.TopicsById.Values)
        {
            foreach (var p in topic.Partitions.Values)
            {
                if (p.Replicas.IsEmpty || IsReassigning(p))
                {
                    continue;
                }
                int preferred = p.Replicas[0];
                if (!byBroker.TryGetValue(preferred, out var list))
                {
                    byBroker[preferred] = list = [];
                }
                list.Add((topic.Id, p));
            }
        }
        return byBroker;
    }

    private Task CheckLeaderImbalanceQuietlyAsync() => TickAsync(CheckLeaderImbalanceAsync, e => Log.LeaderImbalanceCheckFailed(_logger, e));

    private static partial class Log
    {
        [LoggerMessage(EventId = 106, Level = LogLevel.Information, Message = "{Misled} of the {Preferred} partitions preferring broker {BrokerId} are led elsewhere: electing preferred leaders")]
        public static partial void LeaderImbalance(ILogger logger, int brokerId, int misled, int preferred);

        [LoggerMessage(EventId = 107, Level = LogLevel.Warning, Message = "Checking the leader imbalance failed")]
        public static partial void LeaderImbalanceCheckFailed(ILogger logger, Exception exception);
    }
}
