using Confluent.Kafka;
using KafkaNet.Broker.Tests.Admin;
using KafkaNet.Broker.Tests.Records;
using KafkaNet.Broker.Topics;
using KafkaNet.Embedded;
using KafkaNet.Protocol;
using ErrorCode = KafkaNet.Protocol.ErrorCode;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.OldVersions;

/// <summary>ListOffsets v0: old-style offsets from segment base offsets, their files' modification times and the log end.</summary>
public sealed class ListOffsetsV0Tests : IAsyncLifetime
{
    private EmbeddedKafka _kafka = null!;

    public async Task InitializeAsync() => _kafka = await EmbeddedKafka.StartAsync();

    public async Task DisposeAsync() => await _kafka.DisposeAsync();

    [Fact]
    public async Task Latest_and_earliest_of_one_segment_give_the_log_end_and_the_log_start()
    {
        await CreateWithRecordsAsync("v0-one", batches: 3, configs: []);

        var response = await ListAsync("v0-one", (-1, 1), (-2, 1), (-1, 10), (-2, 10));

        Assert.All(response, p => Assert.Equal(0, p.ErrorCode));
        Assert.Equal([[3L], [0L], [3L, 0L], [0L]], response.Select(p => p.OldStyleOffsets.ToArray()));
    }

    [Fact]
    public async Task An_empty_partition_answers_its_one_segment_base_for_latest_and_earliest()
    {
        _kafka.CreateTopic(new TopicSpec("v0-empty", 1, 1, []));

        var response = await ListAsync("v0-empty", (-1, 5), (-2, 5));

        Assert.Equal([[0L], [0L]], response.Select(p => p.OldStyleOffsets.ToArray()));
    }

    [Fact]
    public async Task A_timestamp_gives_the_bases_of_segments_modified_at_or_before_it_newest_first()
    {
        // segment.ms=1 rolls a new segment for each later batch.
        var log = await CreateWithRecordsAsync("v0-rolled", batches: 3, configs: [new("segment.ms", "1")]);
        var segments = log.Segments;
        Assert.True(segments.Count >= 3, $"expected rolled segments, got {segments.Count}");
        var t0 = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (int i = 0; i < segments.Count; i++)
        {
            File.SetLastWriteTimeUtc(segments[i].LogPath, t0.AddSeconds(i));
        }
        long t0Ms = new DateTimeOffset(t0).ToUnixTimeMilliseconds();

        var response = await ListAsync("v0-rolled", (t0Ms + 1500, 10), (t0Ms + 1500, 1), (t0Ms - 1, 10), (-1, 2), (DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds(), 2));

        Assert.Equal([segments[1].BaseOffset, segments[0].BaseOffset], response[0].OldStyleOffsets);
        Assert.Equal([segments[1].BaseOffset], response[1].OldStyleOffsets);
        Assert.Empty(response[2].OldStyleOffsets);
        Assert.Equal([log.LogEndOffset, segments[^1].BaseOffset], response[3].OldStyleOffsets);
        Assert.Equal([log.LogEndOffset, segments[^1].BaseOffset], response[4].OldStyleOffsets);
    }

    [Fact]
    public async Task Unknown_partitions_and_negative_max_offsets_fail_only_their_partition()
    {
        await CreateWithRecordsAsync("v0-errors", batches: 1, configs: []);
        var request = new ListOffsetsRequest
        {
            ReplicaId = -1,
            Topics =
            [
                new() { Name = "v0-errors", Partitions = [new() { PartitionIndex = 0, Timestamp = -1, MaxNumOffsets = -1 }, new() { PartitionIndex = 4, Timestamp = -1, MaxNumOffsets = 1 }] },
                new() { Name = "v0-nowhere", Partitions = [new() { PartitionIndex = 0, Timestamp = -1, MaxNumOffsets = 1 }] },
                new() { Name = "v0-errors", Partitions = [new() { PartitionIndex = 0, Timestamp = -2, MaxNumOffsets = 1 }] },
            ],
        };

        var response = await WireExchange.SendAsync<ListOffsetsResponse>(_kafka.Port, ListOffsetsRequest.ApiKey, 0, request, flexible: false);

        var partitions = response.Topics.SelectMany(t => t.Partitions).ToList();
        Assert.Equal(
            [(short)ErrorCode.UnknownServerError, (short)ErrorCode.UnknownTopicOrPartition, (short)ErrorCode.UnknownTopicOrPartition, (short)0],
            partitions.Select(p => p.ErrorCode));
        Assert.Equal([0L], partitions[3].OldStyleOffsets); // a partition named twice is answered twice in v0
        Assert.All(partitions.Take(3), p => Assert.Empty(p.OldStyleOffsets));
    }

    private async Task<KafkaNet.Storage.PartitionLog> CreateWithRecordsAsync(string topic, int batches, List<KeyValuePair<string, string?>> configs)
    {
        _kafka.CreateTopic(new TopicSpec(topic, 1, 1, configs));
        using var producer = RecordClients.Producer(_kafka.BootstrapServers);
        for (int i = 0; i < batches; i++)
        {
            await RecordClients.ProduceAsync(producer, new TopicPartition(topic, 0), [$"value-{i}"]);
            await Task.Delay(5);
        }
        return _kafka.Broker.Replicas!.Find(topic, 0)!;
    }

    private async Task<List<ListOffsetsResponse.ListOffsetsPartitionResponse>> ListAsync(string topic, params (long Timestamp, int Max)[] queries)
    {
        // One topic entry per query: v0 answers each entry on its own.
        var request = new ListOffsetsRequest
        {
            ReplicaId = -1,
            Topics = [.. queries.Select(q => new ListOffsetsRequest.ListOffsetsTopic { Name = topic, Partitions = [new() { PartitionIndex = 0, Timestamp = q.Timestamp, MaxNumOffsets = q.Max }] })],
        };
        var response = await WireExchange.SendAsync<ListOffsetsResponse>(_kafka.Port, ListOffsetsRequest.ApiKey, 0, request, flexible: false);
        return [.. response.Topics.Select(t => Assert.Single(t.Partitions))];
    }
}
