using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Transactions.Cluster;

/// <summary>The transaction coordinator of broker 1 in a cluster: topic creation, leadership, producer ids, markers, failover.</summary>
public sealed class ClusterTransactionCoordinatorTests
{
    [Fact]
    public async Task InitProducerIdBeforeTheStateTopicExists_AnswersNotCoordinator_AndAsksTheControllerForIt()
    {
        await using var cluster = await TransactionCluster.StartAsync();
        cluster.Publish(brokers: 2);
        using var session = await cluster.OpenAsync();

        var init = await TransactionWire.InitAsync(session, 4, "early");
        Assert.Equal((short)ErrorCode.NotCoordinator, init.ErrorCode);
        Assert.Equal(ErrorCode.CoordinatorNotAvailable, cluster.Kafka.Broker.Transactions.EnsureCoordinator("early", out int leader));
        Assert.Equal(-1, leader);

        await TransactionCluster.EventuallyAsync(() => !cluster.Controller.CreateTopics.IsEmpty, "CreateTopics");
        // Each request while the topic is missing asks again, as Kafka's auto-creation does; every ask is the same.
        var topic = Assert.Single(cluster.Controller.CreateTopics.First().Topics);
        Assert.All(cluster.Controller.CreateTopics, c => Assert.Equal(topic.ReplicationFactor, Assert.Single(c.Topics).ReplicationFactor));
        Assert.Equal(TopicNames.TransactionState, topic.Name);
        Assert.Equal(TransactionCluster.StatePartitions, topic.NumPartitions);
        // transaction.state.log.replication.factor 3, capped at the two live brokers; min ISR 2 fits.
        Assert.Equal(2, topic.ReplicationFactor);
        var configs = topic.Configs.ToDictionary(c => c.Name, c => c.Value);
        Assert.Equal("compact", configs["cleanup.policy"]);
        Assert.Equal("2", configs["min.insync.replicas"]);
        Assert.True(configs.ContainsKey("segment.bytes"));
        Assert.Null(cluster.Kafka.Broker.Topics.Find(TopicNames.TransactionState));
    }

    [Fact]
    public async Task TransactionalIds_AreCoordinatedByTheLeaderOfTheirPartition()
    {
        await using var cluster = await TransactionCluster.StartAsync();
        cluster.Publish([(1, 1), (2, 1)]);
        string local = TransactionCluster.IdOn(0);
        string remote = TransactionCluster.IdOn(1);
        var coordinator = cluster.Kafka.Broker.Transactions;

        Assert.Equal(ErrorCode.None, coordinator.EnsureCoordinator(local, out int localLeader));
        Assert.Equal(1, localLeader);
        Assert.Equal(ErrorCode.None, coordinator.EnsureCoordinator(remote, out int remoteLeader));
        Assert.Equal(2, remoteLeader);
        Assert.Equal(ErrorCode.CoordinatorNotAvailable, coordinator.EnsureCoordinator(remote));

        using var session = await cluster.OpenAsync();
        Assert.Equal((short)ErrorCode.NotCoordinator, (await TransactionCluster.InitAsync(session, remote)).ErrorCode);
        var init = await TransactionCluster.InitAsync(session, local);
        Assert.Equal((short)ErrorCode.None, init.ErrorCode);
        Assert.Empty(cluster.Controller.CreateTopics);
    }

    [Fact]
    public async Task ProducerIds_ComeFromControllerBlocks_TheNextFetchedBeforeTheCurrentRunsOut()
    {
        await using var cluster = await TransactionCluster.StartAsync();
        cluster.Publish([(1, 1), (1, 1)]);
        using var session = await cluster.OpenAsync();

        var first = await TransactionWire.InitAsync(session, 4, null);
        // No block yet: retriable while the controller is asked.
        Assert.Equal((short)ErrorCode.CoordinatorLoadInProgress, first.ErrorCode);
        var ids = new List<long>();
        for (int i = 0; i < RecordingTxnController.BlockLength + 3; i++)
        {
            var init = await TransactionCluster.InitAsync(session, null);
            Assert.Equal((short)ErrorCode.None, init.ErrorCode);
            ids.Add(init.ProducerId);
        }
        long firstStart = RecordingTxnController.FirstBlockStart;
        long secondStart = firstStart + RecordingTxnController.BlockStride;
        Assert.Equal(Enumerable.Range(0, RecordingTxnController.BlockLength).Select(i => firstStart + i), ids.Take(RecordingTxnController.BlockLength));
        Assert.Equal([secondStart, secondStart + 1, secondStart + 2], ids.Skip(RecordingTxnController.BlockLength));
        Assert.Equal(2, cluster.Controller.Allocations.Count);
        Assert.All(cluster.Controller.Allocations, a =>
        {
            Assert.Equal(1, a.BrokerId);
            Assert.Equal(TransactionCluster.BrokerEpoch, a.BrokerEpoch);
        });
    }

    [Fact]
    public async Task CommitMarkers_GoToTheRemoteLeaderThroughTheChannel_AndToTheLocalLog()
    {
        await using var cluster = await TransactionCluster.StartAsync();
        cluster.Publish([(1, 6), (1, 6)]);
        string id = TransactionCluster.IdOn(0);
        using var session = await cluster.OpenAsync();
        var init = await TransactionCluster.InitAsync(session, id);
        Assert.Equal((short)ErrorCode.None, init.ErrorCode);
        var added = await TransactionWire.AddPartitionsAsync(session, 3, id, init.ProducerId, init.ProducerEpoch,
            (TransactionCluster.DataTopic, 0), (TransactionCluster.DataTopic, 1));
        Assert.All(added.Values, e => Assert.Equal(0, e));
        var localLog = cluster.Kafka.Broker.Replicas!.Find(TransactionCluster.DataTopic, 0)!;
        long localEnd = localLog.LogEndOffset;

        var end = await TransactionWire.EndAsync(session, 3, id, init.ProducerId, init.ProducerEpoch, commit: true);
        Assert.Equal((short)ErrorCode.None, end.ErrorCode);
        await TransactionWire.WaitForStateAsync(session, id, "CompleteCommit");

        var (brokerId, request) = Assert.Single(cluster.InterBroker.Markers);
        Assert.Equal(2, brokerId);
        var marker = Assert.Single(request.Markers);
        Assert.Equal(init.ProducerId, marker.ProducerId);
        Assert.True(marker.TransactionResult);
        Assert.Equal(6, marker.CoordinatorEpoch);
        var topic = Assert.Single(marker.Topics);
        Assert.Equal(TransactionCluster.DataTopic, topic.Name);
        Assert.Equal([1], topic.PartitionIndexes);
        Assert.Equal(localEnd + 1, localLog.LogEndOffset);
    }

    [Fact]
    public async Task RemoteMarkerRefusedWithNotLeader_IsSentAgainUntilAccepted()
    {
        await using var cluster = await TransactionCluster.StartAsync();
        string id = TransactionCluster.IdOn(1);
        using var session = await cluster.OpenAsync();
        await cluster.EndWithRemoteLeaderRefusingAsync(session, id, commit: false);

        await TransactionCluster.EventuallyAsync(() => cluster.InterBroker.Markers.Count >= 2, "a second marker attempt");
        Assert.Equal("PrepareAbort", (await TransactionWire.DescribeAsync(session, id)).TransactionState);
        cluster.InterBroker.Answer = 0;
        await TransactionWire.WaitForStateAsync(session, id, "CompleteAbort");
        Assert.All(cluster.InterBroker.Markers, m => Assert.Equal(2, m.BrokerId));
    }

    [Fact]
    public async Task LeadershipMovingAwayAndBack_ReloadsTransactionStateFromTheLog()
    {
        await using var cluster = await TransactionCluster.StartAsync();
        cluster.Publish([(1, 1), (1, 1)]);
        string id = TransactionCluster.IdOn(0);
        using var session = await cluster.OpenAsync();
        var init = await TransactionCluster.InitAsync(session, id);
        await TransactionWire.AddPartitionsAsync(session, 3, id, init.ProducerId, init.ProducerEpoch, (TransactionCluster.DataTopic, 0));

        cluster.Publish([(2, 2), (1, 1)]);
        Assert.Equal((short)ErrorCode.NotCoordinator, (await TransactionWire.DescribeAsync(session, id)).ErrorCode);
        Assert.Equal((short)ErrorCode.NotCoordinator, (await TransactionWire.InitAsync(session, 4, id)).ErrorCode);
        Assert.Equal(ErrorCode.None, cluster.Kafka.Broker.Transactions.EnsureCoordinator(id, out int leader));
        Assert.Equal(2, leader);

        cluster.Publish([(1, 3), (1, 1)]);
        var described = await TransactionWire.WaitForStateAsync(session, id, "Ongoing");
        Assert.Equal(init.ProducerId, described.ProducerId);
        Assert.Equal(init.ProducerEpoch, described.ProducerEpoch);
        Assert.Equal([0], Assert.Single(described.Topics).Partitions);
    }

    [Fact]
    public async Task TransactionFoundMidCommitAfterFailover_IsCompletedWithTheNewCoordinatorEpoch()
    {
        await using var cluster = await TransactionCluster.StartAsync();
        string id = TransactionCluster.IdOn(0);
        using var session = await cluster.OpenAsync();
        await cluster.EndWithRemoteLeaderRefusingAsync(session, id, commit: true);
        await TransactionCluster.EventuallyAsync(() => !cluster.InterBroker.Markers.IsEmpty, "a first marker attempt");

        cluster.Publish([(2, 2), (1, 1)]);
        cluster.InterBroker.Answer = 0;
        cluster.Publish([(1, 3), (1, 1)]);
        await TransactionWire.WaitForStateAsync(session, id, "CompleteCommit");
        // The new leader epoch is the coordinator epoch of the markers the reloaded shard sends.
        Assert.Contains(cluster.InterBroker.Markers, m => m.Request.Markers.Single() is { CoordinatorEpoch: 3, TransactionResult: true });
    }

    [Fact]
    public async Task CoordinatorWrite_IsAcknowledgedOnlyOnceTheFollowerHasIt()
    {
        await using var cluster = await TransactionCluster.StartAsync();
        cluster.Publish([(1, 1), (1, 1)], replicatedHere: true);
        string id = TransactionCluster.IdOn(0);
        using var session = await cluster.OpenAsync();
        // A block of producer ids first, so the write below is the only thing to wait for.
        Assert.Equal((short)ErrorCode.None, (await TransactionCluster.InitAsync(session, null)).ErrorCode);
        var log = cluster.Kafka.Broker.Replicas!.Find(TopicNames.TransactionState, 0)!;
        long before = log.LogEndOffset;

        var init = TransactionWire.InitAsync(session, 4, id);
        await TransactionCluster.EventuallyAsync(() => log.LogEndOffset > before, "the coordinator's record");
        await Task.Delay(300);
        Assert.False(init.IsCompleted);
        Assert.Equal(before, log.HighWatermark);

        Assert.Equal(0, await cluster.FollowerFetchAsync(0, log.LogEndOffset));
        var answered = await init.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal((short)ErrorCode.None, answered.ErrorCode);
        Assert.Equal(log.LogEndOffset, log.HighWatermark);
    }

    [Fact]
    public async Task WriteTxnMarkers_AnswersOnceTheIsrHasTheMarker_AndNotLeaderForAPartitionLedElsewhere()
    {
        await using var cluster = await TransactionCluster.StartAsync();
        cluster.Publish([(1, 1), (1, 1)]);
        var log = cluster.Kafka.Broker.Replicas!.Find(TransactionCluster.DataTopic, 2)!;
        using var session = await cluster.OpenAsync();
        var request = new WriteTxnMarkersRequest
        {
            Markers = [new()
            {
                ProducerId = 77,
                ProducerEpoch = 0,
                TransactionResult = true,
                CoordinatorEpoch = 1,
                Topics = [new() { Name = TransactionCluster.DataTopic, PartitionIndexes = [1, 2] }],
            }],
        };

        var written = session.SendAsync<WriteTxnMarkersResponse>(WriteTxnMarkersRequest.ApiKey, 1, request, flexible: true);
        await TransactionCluster.EventuallyAsync(() => log.LogEndOffset == 1, "the marker in the log");
        await Task.Delay(300);
        Assert.False(written.IsCompleted);

        Assert.Equal(0, await cluster.FollowerFetchAsync(2, log.LogEndOffset, TransactionCluster.DataTopicId));
        var response = await written.WaitAsync(TimeSpan.FromSeconds(10));
        var errors = response.Markers.Single().Topics.Single().Partitions.ToDictionary(p => p.PartitionIndex, p => p.ErrorCode);
        Assert.Equal((short)ErrorCode.NotLeaderOrFollower, errors[1]);
        Assert.Equal((short)ErrorCode.None, errors[2]);
    }
}
