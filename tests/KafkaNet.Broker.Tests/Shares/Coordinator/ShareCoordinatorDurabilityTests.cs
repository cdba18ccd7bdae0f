using KafkaNet.Broker.Shares;
using KafkaNet.Broker.Shares.Coordinator;
using KafkaNet.Broker.Tests.Admin;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;

namespace KafkaNet.Broker.Tests.Shares.Coordinator;

/// <summary>What the share coordinator writes to __share_group_state, and what a broker loads back from it.</summary>
public sealed class ShareCoordinatorDurabilityTests
{
    private const sbyte Acquired = 1, Acknowledged = 2, Archived = 4;

    [Fact]
    public async Task State_survives_a_restart_on_the_same_data_directory()
    {
        using var directory = new TempDirectory();
        Guid topicId;
        await using (var kafka = await ShareStateWire.StartAsync(directory.Path))
        {
            topicId = kafka.CreateTopic(new TopicSpec("durable", 1, 1, [])).Topic!.TopicId;
            var wire = await ShareStateWire.OpenAsync(kafka);
            await wire.WaitForCoordinatorAsync(topicId);
            Assert.Equal(0, (await wire.InitializeAsync(topicId, 0, stateEpoch: 4, startOffset: 100)).ErrorCode);
            Assert.Equal(0, (await wire.WriteAsync(topicId, 0, 4, leaderEpoch: 7, startOffset: 100, (100, 104, Acquired, 1))).ErrorCode);
            Assert.Equal(0, (await wire.WriteAsync(topicId, 0, 4, leaderEpoch: 7, startOffset: 102, (102, 102, Archived, 5), (103, 104, Acknowledged, 1))).ErrorCode);
        }

        await using var restarted = await ShareStateWire.StartAsync(directory.Path);
        var again = await ShareStateWire.OpenAsync(restarted);
        await again.WaitForCoordinatorAsync(topicId);
        var read = await again.ReadAsync(topicId, 0, leaderEpoch: 7);
        var stale = await again.WriteAsync(topicId, 0, 4, leaderEpoch: 6, startOffset: -1);

        Assert.Equal((0, 4, 102L, "102-102:4/5 103-104:2/1"), (read.ErrorCode, read.StateEpoch, read.StartOffset, ShareStateWire.Batches(read)));
        Assert.Equal(ErrorCode.FencedLeaderEpoch, (ErrorCode)stale.ErrorCode);
    }

    [Fact]
    public async Task A_snapshot_follows_every_configured_number_of_updates()
    {
        await using var kafka = await ShareStateWire.StartAsync(configure: o => o.ShareGroups.Coordinator.SnapshotUpdateRecordsPerSnapshot = 2);
        var topicId = kafka.CreateTopic(new TopicSpec("cadence", 1, 1, [])).Topic!.TopicId;
        var wire = await ShareStateWire.OpenAsync(kafka);
        await wire.WaitForCoordinatorAsync(topicId);

        for (int offset = 0; offset < 6; offset++)
        {
            Assert.Equal(0, (await wire.WriteAsync(topicId, 0, 1, leaderEpoch: 1, startOffset: 0, (offset, offset, Acknowledged, 1))).ErrorCode);
        }

        var key = new SharePartitionKey(ShareStateWire.Group, topicId, 0);
        var log = kafka.Broker.Replicas!.Find(TopicNames.ShareGroupState, ShareCoordinatorPartitioner.PartitionFor(key, 3))!;
        var records = RecordsOf(log, key);
        Assert.Equal("ShareSnapshot ShareUpdate ShareUpdate ShareSnapshot ShareUpdate ShareUpdate", string.Join(" ", records.Select(r => r.Type)));
        Assert.Equal([0, 1], records.Where(r => r.Snapshot is not null).Select(r => (int)r.Snapshot!.SnapshotEpoch));
        // The second snapshot holds the whole state merged so far.
        Assert.Equal(4, records[3].Snapshot!.StateBatches.Single().LastOffset - records[3].Snapshot!.StateBatches.Single().FirstOffset + 1);
        var read = await wire.ReadAsync(topicId, 0, leaderEpoch: 1);
        Assert.Equal("0-5:2/1", ShareStateWire.Batches(read));
    }

    [Fact]
    public async Task A_quiet_share_partition_is_snapshotted_again()
    {
        await using var kafka = await ShareStateWire.StartAsync(configure: o => o.ShareGroups.Coordinator.ColdPartitionSnapshotIntervalMs = 100);
        var topicId = kafka.CreateTopic(new TopicSpec("quiet", 1, 1, [])).Topic!.TopicId;
        var wire = await ShareStateWire.OpenAsync(kafka);
        await wire.WaitForCoordinatorAsync(topicId);
        Assert.Equal(0, (await wire.WriteAsync(topicId, 0, 3, leaderEpoch: 2, startOffset: 5, (5, 6, Archived, 2))).ErrorCode);
        var key = new SharePartitionKey(ShareStateWire.Group, topicId, 0);
        var log = kafka.Broker.Replicas!.Find(TopicNames.ShareGroupState, ShareCoordinatorPartitioner.PartitionFor(key, 3))!;

        var deadline = DateTime.UtcNow.AddSeconds(20);
        List<ShareStateRecord> snapshots;
        while ((snapshots = RecordsOf(log, key)).Count < 3)
        {
            Assert.True(DateTime.UtcNow < deadline, "no cold-partition snapshot was written");
            await Task.Delay(50);
        }

        Assert.All(snapshots, r => Assert.Equal(ShareStateRecordType.ShareSnapshot, r.Type));
        Assert.Equal([0, 1, 2], snapshots.Take(3).Select(r => (int)r.Snapshot!.SnapshotEpoch));
        Assert.All(snapshots, r => Assert.Equal((3, 2, 5L, 1), (r.Snapshot!.StateEpoch, r.Snapshot.LeaderEpoch, r.Snapshot.StartOffset, r.Snapshot.StateBatches.Count)));
        var read = await wire.ReadAsync(topicId, 0, leaderEpoch: 2);
        Assert.Equal((3, 5L, "5-6:4/2"), (read.StateEpoch, read.StartOffset, ShareStateWire.Batches(read)));
    }

    [Fact]
    public async Task The_broker_persists_share_state_through_its_share_coordinator()
    {
        await using var kafka = await ShareStateWire.StartAsync();
        var topicId = kafka.CreateTopic(new TopicSpec("persisted", 1, 1, [])).Topic!.TopicId;
        var key = new SharePartitionKey(ShareStateWire.Group, topicId, 0);
        var persister = Assert.IsType<ShareCoordinatorPersister>(kafka.Broker.ShareState);

        // The first call asks for __share_group_state; a share-partition leader retries until its coordinator serves.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        ErrorCode initialized;
        while ((initialized = await persister.InitializeAsync(key, 2, 40, CancellationToken.None)) is ErrorCode.CoordinatorNotAvailable or ErrorCode.CoordinatorLoadInProgress)
        {
            Assert.True(DateTime.UtcNow < deadline, "the share coordinator never served");
            await Task.Delay(20);
        }
        var written = await persister.WriteAsync(key, 2, 1, 40, [new ShareStateBatch(40, 41, RecordDeliveryState.Acknowledged, 1)], CancellationToken.None);
        var wire = await ShareStateWire.OpenAsync(kafka);
        var read = await wire.ReadAsync(topicId, 0, leaderEpoch: 1);
        var summary = await persister.ReadSummaryAsync(key, CancellationToken.None);

        Assert.Equal((ErrorCode.None, ErrorCode.None), (initialized, written));
        Assert.Equal((2, 40L, "40-41:2/1"), (read.StateEpoch, read.StartOffset, ShareStateWire.Batches(read)));
        Assert.Equal(new ShareStateSummary(ErrorCode.None, 2, 40, 1, DeliveryCompleteCount: 2), summary);
    }

    /// <summary>The share-partition's records in its __share_group_state partition, oldest first.</summary>
    private static List<ShareStateRecord> RecordsOf(KafkaNet.Storage.PartitionLog log, SharePartitionKey key)
    {
        var records = new List<ShareStateRecord>();
        ShareStateLogReader.ReplayAll(log, log.LogEndOffset, record =>
        {
            if (record.Key == key) records.Add(record);
        });
        return records;
    }
}
