using System.Collections.Concurrent;
using System.Collections.Immutable;
using KafkaNet.Broker.Controller;
using KafkaNet.Broker.Storage;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KafkaNet.Broker.Replication;

/// <summary>
/// The partitions this broker leads with followers to wait for: one <see cref="PartitionLeaderState"/> per led
/// partition of the metadata image, replaced when a new leader epoch arrives and dropped when leadership moves away.
/// Every replica.lag.time.max.ms / 2 the ISR of each is checked; shrinks and expansions go to the controller as
/// AlterPartition v3. Before any image is published (a single node) there is no state and the logs' high
/// watermarks follow their log ends.
/// </summary>
public sealed partial class LeaderReplication : IDisposable
{
    private const short AlterPartitionVersion = 3;

    private readonly ConcurrentDictionary<TopicPartition, PartitionLeaderState> _states = new();
    private readonly ReplicaManager _replicas;
    private readonly int _nodeId;
    private readonly Func<IControllerChannel?> _controller;
    private readonly Func<long> _brokerEpoch;
    private readonly TimeProvider _time;
    private readonly Timer _isrCheck;
    private readonly ILogger _logger;

    public LeaderReplication(
        ReplicaManager replicas, int nodeId, long replicaLagTimeMaxMs, Func<IControllerChannel?> controller, Func<long> brokerEpoch, TimeProvider? time = null,
        ILogger<LeaderReplication>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(replicas);
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _replicas = replicas;
        _nodeId = nodeId;
        _controller = controller;
        _brokerEpoch = brokerEpoch;
        _time = time ?? TimeProvider.System;
        ReplicaLagTimeMaxMs = replicaLagTimeMaxMs;
        var period = TimeSpan.FromMilliseconds(Math.Max(1, replicaLagTimeMaxMs / 2));
        _isrCheck = new Timer(_ => _ = CheckIsrAsync(), null, period, period);
    }

    /// <summary>Where ISR shrinks and expansions are counted; null counts nothing.</summary>
    public Metrics.BrokerMetrics? Metrics { get; init; }

    /// <summary>
    /// Whether a follower (by id and the broker epoch it fetched with, -1 when unknown) may join an ISR, as this broker's
    /// metadata shows it; null lets every follower that caught up be proposed.
    /// </summary>
    public Func<int, long, bool>? IsrEligible { get; init; }

    /// <summary>replica.lag.time.max.ms.</summary>
    public long ReplicaLagTimeMaxMs { get; }

    private long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>The state of a partition this broker leads per the published metadata, or null.</summary>
    public PartitionLeaderState? Find(string topic, int partition) => _states.GetValueOrDefault(new TopicPartition(topic, partition));

    /// <summary>
    /// Follows the topics of a published image: a partition led here gets a state (a new one, with follower states
    /// reset, for a new leader epoch); a partition led elsewhere loses it and its high watermark stops following the
    /// log end (the follower's comes from its leader).
    /// </summary>
    public void Apply(IEnumerable<TopicInfo> topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        long now = NowMs;
        var seen = new HashSet<TopicPartition>();
        foreach (var topic in topics)
        {
            foreach (var registration in topic.Partitions)
            {
                var tp = new TopicPartition(topic.Name, registration.PartitionId);
                var log = _replicas.Find(topic.Name, registration.PartitionId);
                if (log is null)
                {
                    continue;
                }
                if (registration.Leader != _nodeId)
                {
                    log.HighWatermarkFollowsLogEnd = false;
                    continue;
                }
                seen.Add(tp);
                var current = _states.GetValueOrDefault(tp);
                if (current is not null && current.LeaderEpoch == registration.LeaderEpoch && current.Log == log)
                {
                    current.Update(registration, now);
                    continue;
                }
                current?.Stop();
                log.AssignEpochStartOffset(registration.LeaderEpoch);
                _states[tp] = new PartitionLeaderState(tp, topic.TopicId, log, _nodeId, registration, now, _replicas.NotifyHighWatermark,
                    _replicas.WakeFollowers);
            }
        }
        foreach (var tp in _states.Keys.Where(tp => !seen.Contains(tp)).ToList())
        {
            if (_states.TryRemove(tp, out var gone))
            {
                gone.Stop();
            }
        }
    }

    /// <summary>
    /// Records a follower's fetch (its fetch offset is its log end offset), which may move the high watermark, and
    /// asks the controller to add a follower that caught up to the ISR. NOT_LEADER_OR_FOLLOWER when this broker has no
    /// leader state for the partition or the fetcher is not one of its replicas.
    /// </summary>
    public ErrorCode RecordFollowerFetch(string topic, int partition, int replicaId, long replicaEpoch, long fetchOffset)
    {
        if (Find(topic, partition) is not { } state)
        {
            return ErrorCode.NotLeaderOrFollower;
        }
        var error = state.RecordFetch(replicaId, replicaEpoch, fetchOffset, NowMs, out var expandTo);
        // As Kafka's leader: a follower fenced, shutting down or fetching with another epoch than its registration
        // would only be refused INELIGIBLE_REPLICA, once per fetch; it is proposed on a fetch after the metadata changes.
        if (!expandTo.IsDefault && (IsrEligible is null || IsrEligible(replicaId, state.BrokerEpochOf(replicaId, -1))))
        {
            _ = AlterIsrAsync(state, expandTo, shrink: false);
        }
        return error;
    }

    /// <summary>
    /// Removes from each ISR the followers that have not caught up within replica.lag.time.max.ms; returns once the
    /// controller has answered the changes sent. Runs on a timer; callable directly (tests, shutdown).
    /// </summary>
    public Task CheckIsrAsync()
    {
        long now = NowMs;
        var sends = new List<Task>();
        foreach (var state in _states.Values)
        {
            var shrunk = state.ShrinkCandidate(now, ReplicaLagTimeMaxMs);
            if (!shrunk.IsDefault)
            {
                sends.Add(AlterIsrAsync(state, shrunk, shrink: true));
            }
        }
        return Task.WhenAll(sends);
    }

    public void Dispose()
    {
        _isrCheck.Dispose();
        foreach (var state in _states.Values)
        {
            state.Stop();
        }
    }

    // Sends one AlterPartition; the outcome is adopted by the state as Kafka's leader does.
    private async Task AlterIsrAsync(PartitionLeaderState state, ImmutableArray<int> isr, bool shrink)
    {
        var controller = _controller();
        if (controller is null || !state.Propose(isr))
        {
            return;
        }
        // Counted when proposed, as Kafka's leader marks IsrShrinksPerSec and IsrExpandsPerSec.
        if (shrink)
        {
            Metrics?.IsrShrunk();
        }
        else
        {
            Metrics?.IsrExpanded();
        }
        long ownEpoch = _brokerEpoch();
        var partitionData = new AlterPartitionRequest.PartitionData
        {
            PartitionIndex = state.Partition.Partition,
            LeaderEpoch = state.LeaderEpoch,
            PartitionEpoch = state.PartitionEpoch,
            LeaderRecoveryState = 0,
        };
        foreach (int replica in isr)
        {
            partitionData.NewIsrWithEpochs.Add(new AlterPartitionRequest.BrokerState { BrokerId = replica, BrokerEpoch = state.BrokerEpochOf(replica, ownEpoch) });
        }
        var request = new AlterPartitionRequest { BrokerId = _nodeId, BrokerEpoch = ownEpoch };
        request.Topics.Add(new AlterPartitionRequest.TopicData { TopicId = state.TopicId, Partitions = [partitionData] });
        AlterPartitionResponse response;
        Log.Proposing(_logger, state.Partition.ToString(), string.Join(',', isr), state.LeaderEpoch, state.PartitionEpoch);
        try
        {
            response = await controller.SendAsync<AlterPartitionResponse>(request, AlterPartitionRequest.ApiKey, AlterPartitionVersion, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A failed send is retried by the next check, as Kafka's AlterPartition manager retries.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.SendFailed(_logger, state.Partition.ToString(), e.Message);
            state.Abandoned();
            return;
        }
        Adopt(state, response, _logger);
    }

    private static void Adopt(PartitionLeaderState state, AlterPartitionResponse response, ILogger logger)
    {
        var answer = response.ErrorCode != 0
            ? null
            : response.Topics.Where(t => t.TopicId == state.TopicId).SelectMany(t => t.Partitions).FirstOrDefault(p => p.PartitionIndex == state.Partition.Partition);
        var outcome = answer is null ? (ErrorCode)response.ErrorCode : (ErrorCode)answer.ErrorCode;
        Log.Answered(logger, state.Partition.ToString(), outcome.ToString(), answer is null ? "" : string.Join(',', answer.Isr), answer?.PartitionEpoch ?? -1);
        switch (answer is null ? ErrorCode.UnknownServerError : (ErrorCode)answer.ErrorCode)
        {
            case ErrorCode.None:
                state.Accepted([.. answer!.Isr], answer.LeaderEpoch, answer.PartitionEpoch);
                break;
            case ErrorCode.InvalidUpdateVersion:
            case ErrorCode.FencedLeaderEpoch:
            case ErrorCode.NotController:
            case ErrorCode.UnknownTopicOrPartition:
            case ErrorCode.UnknownTopicId:
                // The controller knows newer metadata: the proposal stays in force until that metadata arrives.
                break;
            default:
                // OPERATION_NOT_ATTEMPTED, INELIGIBLE_REPLICA, top-level errors...: back to the committed ISR.
                state.Abandoned();
                break;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 601, Level = LogLevel.Information, Message = "Proposing ISR [{Isr}] for {Partition} at leader epoch {LeaderEpoch}, partition epoch {PartitionEpoch}")]
        public static partial void Proposing(ILogger logger, string partition, string isr, int leaderEpoch, int partitionEpoch);

        [LoggerMessage(EventId = 602, Level = LogLevel.Information, Message = "The controller answered the ISR change of {Partition}: {Error}, ISR [{Isr}] at partition epoch {PartitionEpoch}")]
        public static partial void Answered(ILogger logger, string partition, string error, string isr, int partitionEpoch);

        [LoggerMessage(EventId = 603, Level = LogLevel.Warning, Message = "Sending the ISR change of {Partition} failed: {Reason}; tried again at the next check")]
        public static partial void SendFailed(ILogger logger, string partition, string reason);
    }
}
