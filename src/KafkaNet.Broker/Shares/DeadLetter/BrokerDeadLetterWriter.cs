using KafkaNet.Broker.Handlers;
using KafkaNet.Broker.Metadata;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Storage;
using KafkaNet.Storage.Producers;
using Microsoft.Extensions.Logging;

namespace KafkaNet.Broker.Shares.DeadLetter;

/// <summary>
/// Writes dead-letter records onto the group's dead-letter topic as its partition leader on this broker: checked by
/// KIP-1191's safeguards, appended as the leader, and counted as written only once the partition's replicas have them.
/// A dead-letter partition this broker does not lead is a failed write, tried again until leadership comes here.
/// </summary>
internal sealed class BrokerDeadLetterWriter(KafkaBroker broker, ILogger logger) : IDeadLetterWriter
{
    private static readonly TimeSpan ReplicationWait = TimeSpan.FromSeconds(30);

    public async Task<DeadLetterOutcome> WriteAsync(SharePartitionKey source, SharePartitionConfig config, IReadOnlyList<ArchivedRecords> runs,
        bool mayBeWritten, CancellationToken cancellationToken)
    {
        if (config.DeadLetterTopic is not { } topicName || broker.Topics.Find(source.TopicId) is not { } sourceTopic)
        {
            // No dead-letter topic now, or the source topic is gone with its records.
            return DeadLetterOutcome.Skipped;
        }
        var share = broker.Options.ShareGroups;
        var target = broker.Topics.Find(topicName);
        if (DeadLetterTopicCheck.Refusal(source.GroupId, topicName, share.DeadLetterTopicNamePrefix, target?.Configs, share.DeadLetterAutoCreateTopics)
            is { } refusal)
        {
            logger.LogWarning("Archiving records of share group {Group} without dead-letter records: {Refusal}", source.GroupId, refusal);
            return DeadLetterOutcome.Skipped;
        }
        if (target is null)
        {
            DeadLetterTopicCreation.Start(broker, topicName);
            return DeadLetterOutcome.Failed;
        }
        int partition = DeadLetterTopicCheck.PartitionFor(source.Partition, target.PartitionCount);
        if (Leadership.Check(broker.Topics.NodeId, target, partition) != ErrorCode.None || broker.Replicas?.Find(topicName, partition) is not { } log)
        {
            return DeadLetterOutcome.Failed;
        }
        var sourceLog = config.DeadLetterCopyRecord ? broker.Replicas.Find(sourceTopic.Name, source.Partition) : null;
        long nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var present = mayBeWritten
            ? DeadLetterScan.Present(log, log.LogEndOffset, source.GroupId, sourceTopic.Name, source.Partition, runs)
            : null;
        long lastOffset = -1;
        foreach (var run in runs)
        {
            foreach (var missing in Missing(run, present))
            {
                var copies = sourceLog is null ? null : SourceRecordReader.Read(sourceLog, missing.FirstOffset, missing.LastOffset);
                foreach (var batch in DeadLetterBatches.Build(source.GroupId, sourceTopic.Name, source.Partition, missing, copies, nowMs,
                    log.Config.MaxMessageBytes))
                {
                    var encoded = TopicCodec.Apply(batch, broker.TopicConfigResolver, target.Configs, log.Config.MaxMessageBytes);
                    var info = await log.AppendAsLeaderAsync(encoded, Leadership.LeaderEpoch(target, partition), checksumVerified: true, AppendOrigin.Client)
                        .ConfigureAwait(false);
                    lastOffset = info.LastOffset;
                    broker.Metrics.RecordProduced(topicName, info.RecordCount, info.Bytes);
                    broker.Replicas.NotifyAppended(topicName, partition, log);
                }
            }
        }
        return lastOffset < 0 ? DeadLetterOutcome.Written : await ReplicatedAsync(target, partition, lastOffset, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The parts of <paramref name="run"/> the dead-letter topic does not hold yet.</summary>
    private static IEnumerable<ArchivedRecords> Missing(ArchivedRecords run, HashSet<long>? present)
    {
        if (present is null || present.Count == 0)
        {
            yield return run;
            yield break;
        }
        long start = -1;
        for (long offset = run.FirstOffset; offset <= run.LastOffset + 1; offset++)
        {
            bool missing = offset <= run.LastOffset && !present.Contains(offset);
            if (missing && start < 0) start = offset;
            if (!missing && start >= 0)
            {
                yield return run with { FirstOffset = start, LastOffset = offset - 1 };
                start = -1;
            }
        }
    }

    /// <summary>Written once min.insync.replicas replicas have the records (at once for a single replica).</summary>
    private async Task<DeadLetterOutcome> ReplicatedAsync(TopicInfo target, int partition, long lastOffset, CancellationToken cancellationToken)
    {
        if (broker.Replicas?.Replication?.Find(target.Name, partition) is not { } leader)
        {
            return DeadLetterOutcome.Written;
        }
        int minIsr = ProduceValidator.MinInsync(broker.TopicConfigResolver, target.Configs);
        try
        {
            var error = await leader.WaitForHighWatermarkAsync(lastOffset + 1, minIsr).WaitAsync(ReplicationWait, cancellationToken).ConfigureAwait(false);
            return error == ErrorCode.None ? DeadLetterOutcome.Written : DeadLetterOutcome.Failed;
        }
        catch (TimeoutException)
        {
            return DeadLetterOutcome.Failed;
        }
    }
}
