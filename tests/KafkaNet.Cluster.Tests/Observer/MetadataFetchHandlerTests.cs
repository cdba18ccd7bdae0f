using KafkaNet.Cluster.Network;
using KafkaNet.Cluster.Observer;
using KafkaNet.Cluster.Tests.Network;
using KafkaNet.Embedded;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Metadata;
using KafkaNet.Protocol.Records;
using static KafkaNet.Cluster.Tests.Quorum.QuorumTestSupport;

namespace KafkaNet.Cluster.Tests.Observer;

/// <summary>One broker beside one dedicated controller, shared by the tests that only ask the controller.</summary>
public sealed class DedicatedControllerFixture : IAsyncLifetime
{
    public EmbeddedKafkaCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await EmbeddedKafkaCluster.StartAsync(1, new EmbeddedKafkaClusterOptions { DedicatedControllers = 1 });

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

/// <summary>
/// Fetch (versions 13-17) and FetchSnapshot on the controller listener of the active controller, as brokers without
/// the controller role use them to follow the metadata log: what they serve, and how they refuse what they cannot.
/// </summary>
public sealed class MetadataFetchHandlerTests(DedicatedControllerFixture fixture) : IClassFixture<DedicatedControllerFixture>
{
    private const int ObserverId = 99;

    // Filled as MetadataLogFollower fills it.
    internal static FetchRequest Fetch(int replicaId, long fetchOffset, Guid? topicId = null, int partition = MetadataTopic.Partition, int maxWaitMs = 0)
    {
        var request = new FetchRequest
        {
            ClusterId = "embedded-kafka-cluster",
            ReplicaId = -1,
            ReplicaState = new FetchRequest.ReplicaStateData { ReplicaId = replicaId, ReplicaEpoch = -1 },
            MaxWaitMs = maxWaitMs,
            MinBytes = 1,
            MaxBytes = 8 * 1024 * 1024,
            IsolationLevel = 0,
        };
        var topic = new FetchRequest.FetchTopic { TopicId = topicId ?? MetadataTopic.Id };
        topic.Partitions.Add(Partition(partition, fetchOffset));
        request.Topics.Add(topic);
        return request;
    }

    internal static FetchRequest.FetchPartition Partition(int partition, long fetchOffset) => new()
    {
        Partition = partition,
        CurrentLeaderEpoch = -1,
        FetchOffset = fetchOffset,
        LastFetchedEpoch = -1,
        LogStartOffset = -1,
        PartitionMaxBytes = 8 * 1024 * 1024,
    };

    internal static FetchSnapshotRequest FetchSnapshot(int replicaId, long endOffset, int epoch, long position, int maxBytes = 8 * 1024 * 1024,
        string topic = MetadataTopic.Name)
    {
        var request = new FetchSnapshotRequest { ClusterId = "embedded-kafka-cluster", ReplicaId = replicaId, MaxBytes = maxBytes };
        var snapshot = new FetchSnapshotRequest.TopicSnapshot { Name = topic };
        var partition = new FetchSnapshotRequest.PartitionSnapshot { Partition = MetadataTopic.Partition, CurrentLeaderEpoch = epoch, Position = position };
        partition.SnapshotId.EndOffset = endOffset;
        partition.SnapshotId.Epoch = epoch;
        snapshot.Partitions.Add(partition);
        request.Topics.Add(snapshot);
        return request;
    }

    internal static NodeClient ControllerClient(EmbeddedKafkaCluster cluster)
    {
        var voter = Assert.Single(cluster.Voters);
        return new NodeClient(new NodeAddress(voter.NodeId, voter.Host, voter.Port));
    }

    internal static Task<FetchResponse> SendAsync(NodeClient client, FetchRequest request, short version = 17) =>
        client.SendAsync<FetchResponse>(request, FetchRequest.ApiKey, version, NodeClientTests.Timeout());

    internal static Task<FetchSnapshotResponse> SendAsync(NodeClient client, FetchSnapshotRequest request) =>
        client.SendAsync<FetchSnapshotResponse>(request, FetchSnapshotRequest.ApiKey, 1, NodeClientTests.Timeout());

    /// <summary>The batches of a metadata fetch: (base offset, leader epoch, offsets and values of its records).</summary>
    internal static List<(long BaseOffset, int LeaderEpoch, List<(long Offset, byte[] Value)> Records)> Batches(ReadOnlyMemory<byte>? records)
    {
        var batches = new List<(long, int, List<(long, byte[])>)>();
        var reader = new RecordBatchReader(records ?? ReadOnlyMemory<byte>.Empty);
        while (!reader.IsAtEnd)
        {
            Assert.Equal(RecordBatchValidationResult.Ok, reader.ReadNext(out var batch));
            var values = new List<(long, byte[])>();
            foreach (var record in batch.GetRecords())
            {
                values.Add((record.Offset, record.Value.ToArray()));
            }
            batches.Add((batch.Header.BaseOffset, batch.Header.PartitionLeaderEpoch, values));
        }
        return batches;
    }

    private async Task AssertStillAnswersApiVersionsAsync(NodeClient client)
    {
        var versions = await client.SendAsync<ApiVersionsResponse>(NodeClientTests.ApiVersions(), ApiVersionsRequest.ApiKey, 3, NodeClientTests.Timeout());
        Assert.Equal((short)ErrorCode.None, versions.ErrorCode);
        Assert.Contains(versions.ApiKeys, k => k.ApiKey == FetchRequest.ApiKey);
        Assert.Single(fixture.Cluster.Controllers);
    }

    [Fact]
    public async Task A_fetch_of_a_topic_id_other_than_the_metadata_log_is_an_unknown_topic_id()
    {
        await using var client = ControllerClient(fixture.Cluster);
        var other = Guid.NewGuid();

        var response = await SendAsync(client, Fetch(ObserverId, 0, topicId: other));

        var topic = Assert.Single(response.Responses);
        Assert.Equal(other, topic.TopicId);
        var partition = Assert.Single(topic.Partitions);
        Assert.Equal((short)ErrorCode.UnknownTopicId, partition.ErrorCode);
        Assert.Equal(0, partition.Records?.Length ?? 0);
        await AssertStillAnswersApiVersionsAsync(client);
    }

    [Fact]
    public async Task A_fetch_of_another_partition_of_the_metadata_log_is_an_unknown_topic_or_partition()
    {
        await using var client = ControllerClient(fixture.Cluster);

        var response = await SendAsync(client, Fetch(ObserverId, 0, partition: 1));

        var partition = Assert.Single(Assert.Single(response.Responses).Partitions);
        Assert.Equal(1, partition.PartitionIndex);
        Assert.Equal((short)ErrorCode.UnknownTopicOrPartition, partition.ErrorCode);
        Assert.Equal(0, partition.Records?.Length ?? 0);
        await AssertStillAnswersApiVersionsAsync(client);
    }

    [Fact]
    public async Task A_bad_partition_beside_the_metadata_partition_is_refused_alone()
    {
        await using var client = ControllerClient(fixture.Cluster);
        var request = Fetch(ObserverId, 0);
        request.Topics[0].Partitions.Add(Partition(1, 0));
        // The metadata partition asked for twice: only the first is served.
        request.Topics[0].Partitions.Add(Partition(MetadataTopic.Partition, 0));

        var response = await SendAsync(client, request);

        var partitions = Assert.Single(response.Responses).Partitions;
        Assert.Equal([0, 1, 0], partitions.Select(p => p.PartitionIndex));
        Assert.Equal([(short)ErrorCode.None, (short)ErrorCode.UnknownTopicOrPartition, (short)ErrorCode.UnknownTopicOrPartition],
            partitions.Select(p => p.ErrorCode));
        Assert.NotEmpty(Batches(partitions[0].Records));
        await AssertStillAnswersApiVersionsAsync(client);
    }

    [Fact]
    public async Task A_fetch_without_a_replica_id_is_an_invalid_request()
    {
        await using var client = ControllerClient(fixture.Cluster);

        var response = await SendAsync(client, Fetch(-1, 0));

        var partition = Assert.Single(Assert.Single(response.Responses).Partitions);
        Assert.Equal((short)ErrorCode.InvalidRequest, partition.ErrorCode);
        Assert.Equal(0, partition.Records?.Length ?? 0);
        // A consumer-like fetch is not counted as an observer.
        var feed = Assert.Single(fixture.Cluster.Controllers).Publisher.Feed!;
        Assert.DoesNotContain(feed.Observers(), o => o.ReplicaId < 0);
        await AssertStillAnswersApiVersionsAsync(client);
    }

    [Fact]
    public async Task A_fetch_from_offset_zero_returns_the_committed_entries_as_record_batches()
    {
        var controller = Assert.Single(fixture.Cluster.Controllers);
        await using var client = ControllerClient(fixture.Cluster);

        var response = await SendAsync(client, Fetch(ObserverId, 0));

        var partition = Assert.Single(Assert.Single(response.Responses).Partitions);
        Assert.Equal((short)ErrorCode.None, partition.ErrorCode);
        Assert.True(partition.HighWatermark > 0, $"high watermark {partition.HighWatermark}");
        Assert.Equal(partition.HighWatermark, partition.LastStableOffset);
        Assert.Equal(-1, partition.SnapshotId.EndOffset);
        Assert.Equal(controller.NodeId, partition.CurrentLeader.LeaderId);
        Assert.Equal((int)controller.Quorum.Epoch, partition.CurrentLeader.LeaderEpoch);
        var batches = Batches(partition.Records);
        Assert.NotEmpty(batches);
        Assert.True(batches[0].BaseOffset >= 1, $"first batch at {batches[0].BaseOffset}");
        // One batch per entry, in offset order, below the high watermark, each holding one record at its offset.
        Assert.Equal(batches.Select(b => b.BaseOffset).Order(), batches.Select(b => b.BaseOffset));
        Assert.Equal(batches.Count, batches.Select(b => b.BaseOffset).Distinct().Count());
        Assert.All(batches, b => Assert.True(b.BaseOffset < partition.HighWatermark));
        Assert.All(batches, b => Assert.Equal(partition.CurrentLeader.LeaderEpoch, b.LeaderEpoch));
        Assert.All(batches, b => Assert.Equal(b.BaseOffset, Assert.Single(b.Records).Offset));
        // Each value is the entry's metadata records: the broker's registration is among them.
        var records = batches.SelectMany(b => MetadataRecordReader.ReadBatch(b.Records[0].Value)).Select(r => r.Message).ToList();
        Assert.Contains(records, r => r is RegisterBrokerRecord { BrokerId: 1 });
        Assert.Contains(records, r => r is UnfenceBrokerRecord { Id: 1 });
        // The controller now knows replica 99 as an observer that fetched from 0.
        var observer = Assert.Single(controller.Publisher.Feed!.Observers(), o => o.ReplicaId == ObserverId);
        Assert.True(observer.LastFetchTimestamp > 0);
        await AssertStillAnswersApiVersionsAsync(client);
    }

    [Fact]
    public async Task Fetch_version_13_takes_the_replica_id_from_the_request_header_field()
    {
        await using var client = ControllerClient(fixture.Cluster);
        var request = Fetch(-1, 0);
        request.ReplicaId = ObserverId + 1;

        var response = await SendAsync(client, request, version: 13);

        var partition = Assert.Single(Assert.Single(response.Responses).Partitions);
        Assert.Equal((short)ErrorCode.None, partition.ErrorCode);
        Assert.True(Batches(partition.Records)[0].BaseOffset >= 1);
        Assert.Contains(Assert.Single(fixture.Cluster.Controllers).Publisher.Feed!.Observers(), o => o.ReplicaId == ObserverId + 1);
    }

    [Fact]
    public async Task A_caught_up_fetch_waits_at_most_its_max_wait_and_answers_without_error()
    {
        await using var client = ControllerClient(fixture.Cluster);
        var first = Assert.Single(Assert.Single((await SendAsync(client, Fetch(ObserverId, 0))).Responses).Partitions);
        long end = first.HighWatermark;
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var response = await SendAsync(client, Fetch(ObserverId, end, maxWaitMs: 300));

        var partition = Assert.Single(Assert.Single(response.Responses).Partitions);
        Assert.Equal((short)ErrorCode.None, partition.ErrorCode);
        Assert.True(partition.HighWatermark >= end);
        // Nothing before the fetch offset comes back; an entry committed meanwhile may.
        var batches = Batches(partition.Records);
        Assert.All(batches, b => Assert.True(b.BaseOffset >= end));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the long poll took {clock.Elapsed}");
        if (batches.Count == 0)
        {
            // Nothing new: the controller held the fetch for its max wait before answering empty.
            Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(250), $"an empty answer after only {clock.Elapsed}");
        }
    }

    [Fact]
    public async Task FetchSnapshot_of_an_unknown_snapshot_is_snapshot_not_found()
    {
        await using var client = ControllerClient(fixture.Cluster);
        var controller = Assert.Single(fixture.Cluster.Controllers);
        int epoch = (int)controller.Quorum.Epoch;

        var response = await SendAsync(client, FetchSnapshot(ObserverId, 123_456, epoch, 0));

        var partition = Assert.Single(Assert.Single(response.Topics).Partitions);
        Assert.Equal((short)ErrorCode.SnapshotNotFound, partition.ErrorCode);
        Assert.Equal(123_456, partition.SnapshotId.EndOffset);
        Assert.Equal(controller.NodeId, partition.CurrentLeader.LeaderId);
        Assert.Equal(0, partition.UnalignedRecords.Length);
        await AssertStillAnswersApiVersionsAsync(client);
    }

    [Fact]
    public async Task FetchSnapshot_of_another_topic_is_an_unknown_topic_or_partition()
    {
        await using var client = ControllerClient(fixture.Cluster);

        var response = await SendAsync(client, FetchSnapshot(ObserverId, 1, 1, 0, topic: "not-the-metadata-log"));

        var topic = Assert.Single(response.Topics);
        Assert.Equal("not-the-metadata-log", topic.Name);
        Assert.Equal((short)ErrorCode.UnknownTopicOrPartition, Assert.Single(topic.Partitions).ErrorCode);
        await AssertStillAnswersApiVersionsAsync(client);
    }
}

/// <summary>A controller that keeps only the newest entry: a broker behind it loads the image as a snapshot in chunks.</summary>
public sealed class MetadataSnapshotFetchTests
{
    [Fact]
    public async Task A_fetch_behind_the_kept_entries_names_a_snapshot_that_FetchSnapshot_serves_in_chunks()
    {
        await using var cluster = await EmbeddedKafkaCluster.StartAsync(1, new EmbeddedKafkaClusterOptions { DedicatedControllers = 1, MetadataFeedRetainedEntries = 1 });
        var controller = Assert.Single(cluster.Controllers);
        await Until(() => controller.Publisher.Image.Brokers.ContainsKey(1), "the broker is registered");
        await using var client = MetadataFetchHandlerTests.ControllerClient(cluster);

        // The image may move on between the fetch and the last chunk (the snapshot is then replaced): start again, a bounded number of times.
        byte[]? snapshot = null;
        long endOffset = -1;
        int epoch = -1;
        for (int attempt = 0; attempt < 5 && snapshot is null; attempt++)
        {
            var fetched = Assert.Single(Assert.Single((await MetadataFetchHandlerTests.SendAsync(client, MetadataFetchHandlerTests.Fetch(77, 0))).Responses).Partitions);
            Assert.Equal((short)ErrorCode.None, fetched.ErrorCode);
            Assert.Equal(0, fetched.Records?.Length ?? 0);
            endOffset = fetched.SnapshotId.EndOffset;
            epoch = fetched.SnapshotId.Epoch;
            Assert.True(endOffset > 1, $"snapshot id {endOffset}");
            Assert.Equal(fetched.HighWatermark, endOffset);
            Assert.Equal((int)controller.Quorum.Epoch, epoch);
            snapshot = await ReadSnapshotAsync(client, endOffset, epoch);
        }
        Assert.NotNull(snapshot);

        var records = MetadataRecordReader.ReadBatch(snapshot).Select(r => r.Message).ToList();
        // The image as records: broker 1 registered and unfenced, as the controller holds it.
        var registered = Assert.IsType<RegisterBrokerRecord>(Assert.Single(records, r => r is RegisterBrokerRecord));
        Assert.Equal(1, registered.BrokerId);
        Assert.False(registered.Fenced);
        var image = controller.Publisher.Image;
        if (image.LastAppliedOffset == endOffset - 1)
        {
            // Nothing applied since: the snapshot is exactly the controller's image.
            Assert.Equal(MetadataRecordWriter.ToBatch(image.ToRecords()), snapshot);
        }
        // What follows the snapshot is served as entries again, from its end offset.
        var after = Assert.Single(Assert.Single((await MetadataFetchHandlerTests.SendAsync(client, MetadataFetchHandlerTests.Fetch(77, endOffset))).Responses).Partitions);
        Assert.Equal((short)ErrorCode.None, after.ErrorCode);
        Assert.Equal(-1, after.SnapshotId.EndOffset);

        // A position past the snapshot's end is refused, while the snapshot is still the current one.
        var beyond = Assert.Single(Assert.Single((await MetadataFetchHandlerTests.SendAsync(client,
            MetadataFetchHandlerTests.FetchSnapshot(77, endOffset, epoch, snapshot.Length + 1))).Topics).Partitions);
        Assert.Contains(beyond.ErrorCode, new[] { (short)ErrorCode.PositionOutOfRange, (short)ErrorCode.SnapshotNotFound });
    }

    // The snapshot in chunks of at most 64 bytes; null when the controller moved on to a newer one meanwhile.
    private static async Task<byte[]?> ReadSnapshotAsync(NodeClient client, long endOffset, int epoch)
    {
        const int Chunk = 64;
        using var bytes = new MemoryStream();
        long size = -1;
        int chunks = 0;
        while (size < 0 || bytes.Length < size)
        {
            Assert.True(++chunks < 100_000, "the snapshot never ended");
            var response = await MetadataFetchHandlerTests.SendAsync(client, MetadataFetchHandlerTests.FetchSnapshot(77, endOffset, epoch, bytes.Length, Chunk));
            var partition = Assert.Single(Assert.Single(response.Topics).Partitions);
            if (partition.ErrorCode == (short)ErrorCode.SnapshotNotFound)
            {
                return null;
            }
            Assert.Equal((short)ErrorCode.None, partition.ErrorCode);
            Assert.Equal(bytes.Length, partition.Position);
            Assert.Equal(endOffset, partition.SnapshotId.EndOffset);
            Assert.InRange(partition.UnalignedRecords.Length, 1, Chunk);
            Assert.True(size < 0 || size == partition.SnapshotSize, "the snapshot size changed between chunks");
            size = partition.SnapshotSize;
            bytes.Write(partition.UnalignedRecords.Span);
        }
        Assert.True(chunks > 1, $"a snapshot of {size} bytes came in {chunks} chunk(s) of at most {Chunk}");
        return bytes.ToArray();
    }
}
