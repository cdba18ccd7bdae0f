using System.Text;
using KafkaNet.Broker.Tests.OldVersions.Produce;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Records;
using KafkaNet.Protocol.Records.Legacy;

namespace KafkaNet.Broker.Tests.EveryVersion;

internal static partial class VersionProbes
{
    static partial void AddRecordProbes(Dictionary<short, VersionProbe> probes)
    {
        probes[ProduceRequest.ApiKey] = RecordProbes.ProduceAsync;
        probes[FetchRequest.ApiKey] = RecordProbes.FetchAsync;
        probes[ListOffsetsRequest.ApiKey] = RecordProbes.ListOffsetsAsync;
        probes[MetadataRequest.ApiKey] = RecordProbes.MetadataAsync;
        probes[OffsetForLeaderEpochRequest.ApiKey] = RecordProbes.OffsetForLeaderEpochAsync;
        probes[DeleteRecordsRequest.ApiKey] = RecordProbes.DeleteRecordsAsync;
        probes[ApiVersionsRequest.ApiKey] = RecordProbes.ApiVersionsAsync;
    }
}

/// <summary>
/// Probes for producing, reading and locating records. Data is written with the Produce version under
/// test or, for the other APIs, with the newest Produce, and read back over the wire.
/// </summary>
internal static class RecordProbes
{
    private const int MaxBytes = 1 << 20;
    private const short NewestProduce = 13;

    public static async Task ProduceAsync(ProbeContext context, short version)
    {
        var topic = CreateTopic(context, "produce", version, partitions: 1);

        long first = await ProduceAsync(context, version, topic, ["k0", "k1"]);
        long second = await ProduceAsync(context, version, topic, ["k2"]);

        Assert.Equal((0L, 2L), (first, second));
        // Read back at the same version: v0-2 as old message sets, v3+ as record batches.
        var read = await FetchRecordsAsync(context, version, topic, offset: 0);
        Assert.Equal([(0L, "k0", "v-k0"), (1L, "k1", "v-k1"), (2L, "k2", "v-k2")], read);
    }

    public static async Task FetchAsync(ProbeContext context, short version)
    {
        var topic = CreateTopic(context, "fetch", version, partitions: 1);
        await ProduceAsync(context, NewestProduce, topic, ["a", "b", "c"]);

        var partition = await FetchPartitionAsync(context, version, topic, offset: 1);

        Assert.Equal(3, partition.HighWatermark);
        if (version >= 4)
        {
            Assert.Equal(3, partition.LastStableOffset);
        }
        if (version >= 5)
        {
            Assert.Equal(0, partition.LogStartOffset);
        }
        Assert.Equal([(1L, "b", "v-b"), (2L, "c", "v-c")], Decode(version, partition, fromOffset: 1));
    }

    public static async Task ListOffsetsAsync(ProbeContext context, short version)
    {
        var topic = CreateTopic(context, "list-offsets", version, partitions: 1);
        long t0 = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000;
        await ProduceAsync(context, NewestProduce, topic, ["a", "b", "c"], t0);

        if (version == 0)
        {
            // v0 answers a list of offsets: the log end for latest, the log start for earliest.
            Assert.Equal([3L], (await ListOffsetAsync(context, version, topic, -1)).OldStyleOffsets);
            Assert.Equal([0L], (await ListOffsetAsync(context, version, topic, -2)).OldStyleOffsets);
            return;
        }
        var latest = await ListOffsetAsync(context, version, topic, -1);
        var earliest = await ListOffsetAsync(context, version, topic, -2);
        var byTime = await ListOffsetAsync(context, version, topic, t0 + 1);

        Assert.Equal((3L, 0L), (latest.Offset, earliest.Offset));
        Assert.Equal((1L, t0 + 1), (byTime.Offset, byTime.Timestamp));
        if (version >= 4)
        {
            Assert.Equal(0, byTime.LeaderEpoch);
        }
    }

    /// <summary>One partition per request: from v1 Kafka refuses a partition listed twice.</summary>
    private static async Task<ListOffsetsResponse.ListOffsetsPartitionResponse> ListOffsetAsync(ProbeContext context, short version, TopicInfo topic, long timestamp)
    {
        var request = new ListOffsetsRequest
        {
            ReplicaId = -1,
            Topics = [new() { Name = topic.Name, Partitions = [new() { PartitionIndex = 0, Timestamp = timestamp, MaxNumOffsets = 1 }] }],
            TimeoutMs = 5_000,
        };

        var response = await context.SendAsync<ListOffsetsResponse>(ListOffsetsRequest.ApiKey, version, request);

        ProbeContext.AssertNoErrors(response);
        var partition = Assert.Single(Assert.Single(response.Topics, t => t.Name == topic.Name).Partitions);
        Assert.Equal(0, partition.PartitionIndex);
        return partition;
    }

    public static async Task MetadataAsync(ProbeContext context, short version)
    {
        var topic = CreateTopic(context, "metadata", version, partitions: 2);
        var request = new MetadataRequest
        {
            Topics = [new() { Name = topic.Name }],
            AllowAutoTopicCreation = false,
        };

        var response = await context.SendAsync<MetadataResponse>(MetadataRequest.ApiKey, version, request);

        ProbeContext.AssertNoErrors(response);
        int nodeId = context.Kafka.Broker.Options.NodeId;
        var broker = Assert.Single(response.Brokers);
        Assert.Equal((nodeId, context.Port), (broker.NodeId, broker.Port));
        var found = Assert.Single(response.Topics);
        Assert.Equal(topic.Name, found.Name);
        if (version >= 10)
        {
            Assert.Equal(topic.TopicId, found.TopicId);
        }
        Assert.Equal([0, 1], found.Partitions.Select(p => p.PartitionIndex).Order());
        Assert.All(found.Partitions, p => Assert.Equal(nodeId, p.LeaderId));
        Assert.All(found.Partitions, p => Assert.Equal([nodeId], p.ReplicaNodes));
    }

    public static async Task OffsetForLeaderEpochAsync(ProbeContext context, short version)
    {
        var topic = CreateTopic(context, "leader-epoch", version, partitions: 1);
        await ProduceAsync(context, NewestProduce, topic, ["a", "b", "c", "d"]);
        var request = new OffsetForLeaderEpochRequest
        {
            Topics = [new()
            {
                Topic = topic.Name,
                Partitions = [new() { Partition = 0, CurrentLeaderEpoch = version >= 2 ? 0 : -1, LeaderEpoch = 0 }],
            }],
        };

        var response = await context.SendAsync<OffsetForLeaderEpochResponse>(OffsetForLeaderEpochRequest.ApiKey, version, request);

        ProbeContext.AssertNoErrors(response);
        var partition = Assert.Single(Assert.Single(response.Topics, t => t.Topic == topic.Name).Partitions);
        // The only epoch, 0, ends at the log end; v0 answers carry no epoch.
        Assert.Equal((0, 4L, version >= 1 ? 0 : -1), (partition.Partition, partition.EndOffset, partition.LeaderEpoch));
    }

    public static async Task DeleteRecordsAsync(ProbeContext context, short version)
    {
        var topic = CreateTopic(context, "delete-records", version, partitions: 1);
        await ProduceAsync(context, NewestProduce, topic, ["a", "b", "c"]);
        var request = new DeleteRecordsRequest
        {
            Topics = [new() { Name = topic.Name, Partitions = [new() { PartitionIndex = 0, Offset = 2 }] }],
            TimeoutMs = 5_000,
        };

        var response = await context.SendAsync<DeleteRecordsResponse>(DeleteRecordsRequest.ApiKey, version, request);

        ProbeContext.AssertNoErrors(response);
        var partition = Assert.Single(Assert.Single(response.Topics, t => t.Name == topic.Name).Partitions);
        Assert.Equal((0, 2L), (partition.PartitionIndex, partition.LowWatermark));
        Assert.Equal(2, context.Kafka.Broker.Replicas!.Find(topic.Name, 0)!.LogStartOffset);
    }

    public static async Task ApiVersionsAsync(ProbeContext context, short version)
    {
        var request = new ApiVersionsRequest { ClientSoftwareName = "kafkanet-probe", ClientSoftwareVersion = "1.0.0" };

        var response = await context.SendAsync<ApiVersionsResponse>(ApiVersionsRequest.ApiKey, version, request);

        ProbeContext.AssertNoErrors(response);
        var self = Assert.Single(response.ApiKeys, k => k.ApiKey == ApiVersionsRequest.ApiKey);
        Assert.InRange(version, self.MinVersion, self.MaxVersion);
        // Exactly the ranges of the handlers served, each from version 0 as Kafka 3.9 served them.
        var served = context.Kafka.Broker.Handlers.Handlers.Select(h => (h.ApiKey, h.LowestVersion, h.HighestVersion)).Order();
        Assert.Equal(served, response.ApiKeys.Select(k => (k.ApiKey, k.MinVersion, k.MaxVersion)).Order());
        Assert.All(response.ApiKeys, k => Assert.Equal(0, k.MinVersion));
    }

    private static TopicInfo CreateTopic(ProbeContext context, string prefix, short version, int partitions)
    {
        var result = context.Kafka.CreateTopic(new TopicSpec(context.UniqueName(prefix, version), partitions, 1, []));
        Assert.False(result.Error.IsError, result.Error.ToString());
        return result.Topic!;
    }

    /// <summary>Produces one record per key (value "v-" + key) to partition 0 and returns the base offset.</summary>
    private static async Task<long> ProduceAsync(ProbeContext context, short version, TopicInfo topic, string[] keys, long? firstTimestamp = null)
    {
        long t0 = firstTimestamp ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 1_000;
        var request = new ProduceRequest
        {
            Acks = -1,
            TimeoutMs = 5_000,
            TopicData = [new()
            {
                Name = version <= 12 ? topic.Name : "",
                TopicId = version >= 13 ? topic.TopicId : Guid.Empty,
                PartitionData = [new() { Index = 0, Records = Records(version, keys, t0) }],
            }],
        };

        var response = await context.SendAsync<ProduceResponse>(ProduceRequest.ApiKey, version, request);

        ProbeContext.AssertNoErrors(response);
        var answered = Assert.Single(response.Responses);
        AssertIdentifies(topic, byId: version >= 13, answered.TopicId, answered.Name);
        var partition = Assert.Single(answered.PartitionResponses);
        Assert.Equal(0, partition.Index);
        return partition.BaseOffset;
    }

    /// <summary>Magic 0 messages for Produce v0-1, magic 1 for v2, one v2 record batch from v3.</summary>
    private static byte[] Records(short version, string[] keys, long t0)
    {
        if (version <= 2)
        {
            byte magic = version == 2 ? LegacyMessageFormat.Magic1 : LegacyMessageFormat.Magic0;
            return [.. keys.SelectMany((key, i) => LegacySetBuilder.Message(magic, i, magic == 0 ? LegacySetBuilder.NoTimestamp : t0 + i, key, "v-" + key))];
        }
        using var builder = new RecordBatchBuilder();
        for (int i = 0; i < keys.Length; i++)
        {
            builder.Append(t0 + i, Encoding.UTF8.GetBytes(keys[i]), Encoding.UTF8.GetBytes("v-" + keys[i]));
        }
        return builder.ToArray();
    }

    private static async Task<List<(long Offset, string Key, string Value)>> FetchRecordsAsync(ProbeContext context, short version, TopicInfo topic, long offset) =>
        Decode(version, await FetchPartitionAsync(context, version, topic, offset), offset);

    private static async Task<FetchResponse.PartitionData> FetchPartitionAsync(ProbeContext context, short version, TopicInfo topic, long offset)
    {
        var request = new FetchRequest
        {
            ReplicaId = -1,
            MaxWaitMs = 100,
            MinBytes = 1,
            MaxBytes = MaxBytes,
            SessionId = 0,
            SessionEpoch = -1, // a one-off full fetch, no session
            Topics = [new()
            {
                Topic = version <= 12 ? topic.Name : "",
                TopicId = version >= 13 ? topic.TopicId : Guid.Empty,
                Partitions = [new() { Partition = 0, FetchOffset = offset, PartitionMaxBytes = MaxBytes }],
            }],
        };

        var response = await context.SendAsync<FetchResponse>(FetchRequest.ApiKey, version, request);

        ProbeContext.AssertNoErrors(response);
        var answered = Assert.Single(response.Responses);
        AssertIdentifies(topic, byId: version >= 13, answered.TopicId, answered.Topic);
        var partition = Assert.Single(answered.Partitions);
        Assert.Equal(0, partition.PartitionIndex);
        return partition;
    }

    /// <summary>Produce and Fetch v13+ name a topic by id alone, older versions by name alone.</summary>
    private static void AssertIdentifies(TopicInfo topic, bool byId, Guid answeredId, string answeredName) =>
        Assert.Equal(byId ? (topic.TopicId, "") : (Guid.Empty, topic.Name), (answeredId, answeredName));

    /// <summary>
    /// The records a client would take from a fetched partition: magic 0 (v0-1) or magic 1 (v2-3) message sets,
    /// record batches from v4, which may start before the fetch offset.
    /// </summary>
    private static List<(long Offset, string Key, string Value)> Decode(short version, FetchResponse.PartitionData partition, long fromOffset)
    {
        var records = new List<(long Offset, string Key, string Value)>();
        var bytes = partition.Records ?? ReadOnlyMemory<byte>.Empty;
        if (version <= 3)
        {
            using var set = LegacyMessageSetReader.Read(bytes, MaxBytes, allowPartialTrailingMessage: true);
            Assert.True(set.IsValid, set.Error.ToString());
            byte magic = version <= 1 ? LegacyMessageFormat.Magic0 : LegacyMessageFormat.Magic1;
            foreach (var message in set.Messages)
            {
                Assert.Equal(magic, message.Magic);
                records.Add((message.Offset, Text(message.Key), Text(message.Value)));
            }
            return records;
        }
        var reader = new RecordBatchReader(bytes);
        for (int batches = 0; batches < 100 && !reader.IsAtEnd; batches++)
        {
            Assert.Equal(RecordBatchValidationResult.Ok, reader.ReadNext(out var batch));
            Assert.Equal(RecordBatchHeader.CurrentMagic, batch.Header.Magic);
            using var content = batch.OpenRecords(MaxBytes);
            foreach (var record in content.GetRecords())
            {
                if (record.Offset >= fromOffset)
                {
                    records.Add((record.Offset, Encoding.UTF8.GetString(record.Key), Encoding.UTF8.GetString(record.Value)));
                }
            }
        }
        Assert.True(reader.IsAtEnd, "more batches than a probe writes");
        return records;
    }

    private static string Text(ReadOnlyMemory<byte>? bytes) => bytes is { } b ? Encoding.UTF8.GetString(b.Span) : "<null>";
}
