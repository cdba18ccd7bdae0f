using System.Buffers.Binary;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaNet.Broker.Tests.Admin;
using KafkaNet.Embedded;
using KafkaNet.Protocol.Messages;
using ErrorCode = KafkaNet.Protocol.ErrorCode;

namespace KafkaNet.Broker.Tests.Records;

/// <summary>DeleteRecords through Confluent.Kafka's admin client and on the wire; consumers then start at the new log start.</summary>
public sealed class DeleteRecordsTests : IAsyncLifetime
{
    private static readonly TimeSpan ReadBudget = TimeSpan.FromSeconds(15);
    private static readonly DeleteRecordsOptions Options = new() { RequestTimeout = AdminClients.Timeout, OperationTimeout = AdminClients.Timeout };
    private EmbeddedKafka _kafka = null!;

    public async Task InitializeAsync() => _kafka = await EmbeddedKafka.StartAsync();

    public async Task DisposeAsync() => await _kafka.DisposeAsync();

    [Fact]
    public async Task DeleteRecords_moves_the_log_start_and_a_consumer_from_the_beginning_starts_there()
    {
        var tp = await TopicWithRecordsAsync("moved", 10);
        using var admin = AdminClients.Create(_kafka);

        var results = await admin.DeleteRecordsAsync([new TopicPartitionOffset(tp, 4)], Options);

        Assert.Equal(4, Assert.Single(results).Offset.Value);
        Assert.Equal(4, _kafka.Broker.Replicas!.Find("moved", 0)!.LogStartOffset);
        var read = RecordClients.ReadFromBeginning(_kafka.BootstrapServers, tp, 6, ReadBudget);
        Assert.Equal(Enumerable.Range(4, 6).Select(i => (long)i), read.Select(r => r.Offset.Value));
        Assert.Equal(Enumerable.Range(4, 6).Select(i => $"v{i}"), read.Select(r => r.Message.Value));
    }

    [Fact]
    public async Task DeleteRecords_inside_a_batch_starts_consumers_at_that_offset_not_at_the_batch()
    {
        // librdkafka usually sends the ten records as one batch; on a loaded machine it may split them, so up to
        // three topics are tried until the batch holding offset 7 starts at 0: the deletion point really is inside it.
        TopicPartition? tp = null;
        for (int attempt = 0; attempt < 3 && tp is null; attempt++)
        {
            var candidate = new TopicPartition("mid-batch-" + attempt, 0);
            await ProduceTenTogetherAsync(candidate);
            using var batch = _kafka.Broker.Replicas!.Find(candidate.Topic, 0)!.Read(7, 1 << 20);
            if (BinaryPrimitives.ReadInt64BigEndian(batch.Region!.ToArray()) == 0)
            {
                tp = candidate;
            }
        }
        Assert.NotNull(tp);
        using var deleter = AdminClients.Create(_kafka);

        await deleter.DeleteRecordsAsync([new TopicPartitionOffset(tp, 7)], Options);

        var read = RecordClients.ReadFromBeginning(_kafka.BootstrapServers, tp, 3, ReadBudget);
        Assert.Equal([(7L, "v7"), (8L, "v8"), (9L, "v9")], read.Select(r => (r.Offset.Value, r.Message.Value)));
    }

    private async Task ProduceTenTogetherAsync(TopicPartition tp)
    {
        using (var admin = AdminClients.Create(_kafka))
        {
            await admin.CreateTopicAsync(tp.Topic);
        }
        using var producer = RecordClients.Producer(_kafka.BootstrapServers, lingerMs: 5000);
        // Queued together within the linger and flushed once, so they travel as one batch.
        var sends = Enumerable.Range(0, 10).Select(i => producer.ProduceAsync(tp, new Message<Null, string> { Value = $"v{i}" })).ToList();
        producer.Flush(AdminClients.Timeout);
        await Task.WhenAll(sends);
    }

    [Fact]
    public async Task DeleteRecords_at_offset_end_deletes_up_to_the_high_watermark_and_consumers_get_only_new_records()
    {
        var tp = await TopicWithRecordsAsync("to-end", 5);
        using var admin = AdminClients.Create(_kafka);

        var results = await admin.DeleteRecordsAsync([new TopicPartitionOffset(tp, Offset.End)], Options);

        Assert.Equal(5, Assert.Single(results).Offset.Value);
        using (var producer = RecordClients.Producer(_kafka.BootstrapServers))
        {
            await RecordClients.ProduceAsync(producer, tp, ["after"]);
        }
        var read = Assert.Single(RecordClients.ReadFromBeginning(_kafka.BootstrapServers, tp, 1, ReadBudget));
        Assert.Equal((5L, "after"), (read.Offset.Value, read.Message.Value));
    }

    [Fact]
    public async Task DeleteRecords_beyond_the_high_watermark_fails_with_OFFSET_OUT_OF_RANGE_and_deletes_nothing()
    {
        var tp = await TopicWithRecordsAsync("beyond", 3);
        using var admin = AdminClients.Create(_kafka);

        var failure = await Assert.ThrowsAsync<DeleteRecordsException>(() => admin.DeleteRecordsAsync([new TopicPartitionOffset(tp, 4)], Options));

        Assert.Equal(Confluent.Kafka.ErrorCode.OffsetOutOfRange, Assert.Single(failure.Results).Error.Code);
        Assert.Equal(0, _kafka.Broker.Replicas!.Find("beyond", 0)!.LogStartOffset);
    }

    [Fact]
    public async Task DeleteRecords_on_the_wire_answers_each_partition_with_Kafka_error_codes()
    {
        await TopicWithRecordsAsync("wire", 6);
        await TopicWithRecordsAsync("compacted", 0, new() { ["cleanup.policy"] = "compact" }); // compacted topics take keyed records only
        _kafka.Broker.Replicas!.Find("wire", 0)!.DeleteRecordsBefore(3);
        var request = new DeleteRecordsRequest
        {
            TimeoutMs = 1000,
            Topics =
            [
                new() { Name = "wire", Partitions = [new() { PartitionIndex = 0, Offset = 1 }, new() { PartitionIndex = 1, Offset = 0 }, new() { PartitionIndex = -1, Offset = 0 }] },
                new() { Name = "missing", Partitions = [new() { PartitionIndex = 0, Offset = 0 }] },
                new() { Name = "compacted", Partitions = [new() { PartitionIndex = 0, Offset = 1 }] },
            ],
        };

        foreach (short version in new short[] { 0, 1, 2 })
        {
            var response = await WireExchange.SendAsync<DeleteRecordsResponse>(_kafka.Port, DeleteRecordsRequest.ApiKey, version, request, flexible: version >= 2);

            var wire = response.Topics[0].Partitions;
            Assert.Equal((0, 3L), (wire[0].ErrorCode, wire[0].LowWatermark)); // below the log start: nothing moves
            Assert.Equal(((short)ErrorCode.UnknownTopicOrPartition, -1L), (wire[1].ErrorCode, wire[1].LowWatermark));
            Assert.Equal((short)ErrorCode.UnknownTopicOrPartition, wire[2].ErrorCode);
            Assert.Equal((short)ErrorCode.UnknownTopicOrPartition, response.Topics[1].Partitions[0].ErrorCode);
            Assert.Equal((short)ErrorCode.PolicyViolation, response.Topics[2].Partitions[0].ErrorCode);
        }
        Assert.Equal(0, _kafka.Broker.Replicas.Find("compacted", 0)!.LogStartOffset);
    }

    [Fact]
    public async Task DeleteRecords_with_a_negative_offset_other_than_minus_one_is_OFFSET_OUT_OF_RANGE()
    {
        await TopicWithRecordsAsync("negative", 2);
        var request = new DeleteRecordsRequest { Topics = [new() { Name = "negative", Partitions = [new() { PartitionIndex = 0, Offset = -2 }] }] };

        var response = await WireExchange.SendAsync<DeleteRecordsResponse>(_kafka.Port, DeleteRecordsRequest.ApiKey, 2, request, flexible: true);

        Assert.Equal((short)ErrorCode.OffsetOutOfRange, response.Topics[0].Partitions[0].ErrorCode);
        Assert.Equal(0, _kafka.Broker.Replicas!.Find("negative", 0)!.LogStartOffset);
    }

    [Fact]
    public async Task The_new_log_start_survives_a_broker_restart()
    {
        using var dir = new TempDirectory();
        var tp = new TopicPartition("kept", 0);
        await using (var kafka = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions { DataDirectory = dir.Path }))
        {
            using var admin = AdminClients.Create(kafka);
            await admin.CreateTopicAsync("kept");
            using (var producer = RecordClients.Producer(kafka.BootstrapServers))
            {
                await RecordClients.ProduceAsync(producer, tp, ["a", "b", "c"]);
            }
            await admin.DeleteRecordsAsync([new TopicPartitionOffset(tp, 2)], Options);
        }

        await using var restarted = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions { DataDirectory = dir.Path });
        Assert.Equal(2, restarted.Broker.Replicas!.Find("kept", 0)!.LogStartOffset);
        var read = Assert.Single(RecordClients.ReadFromBeginning(restarted.BootstrapServers, tp, 1, ReadBudget));
        Assert.Equal((2L, "c"), (read.Offset.Value, read.Message.Value));
    }

    [Fact]
    public async Task The_new_log_start_survives_kill_9_of_the_server_process()
    {
        using var dir = new TempDirectory();
        var tp = new TopicPartition("killed", 0);
        using (var server = await ServerProcess.StartAsync(dir.Path))
        {
            using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = server.BootstrapServers, SocketTimeoutMs = 10000 }).Build();
            await admin.CreateTopicAsync("killed");
            using (var producer = RecordClients.Producer(server.BootstrapServers))
            {
                await RecordClients.ProduceAsync(producer, tp, Enumerable.Range(0, 8).Select(i => $"v{i}"));
            }
            await admin.DeleteRecordsAsync([new TopicPartitionOffset(tp, 5)], Options);
            // Long before the periodic checkpoint would run.
            await server.KillAsync();
        }

        using var restarted = await ServerProcess.StartAsync(dir.Path);
        var read = RecordClients.ReadFromBeginning(restarted.BootstrapServers, tp, 3, ReadBudget);
        Assert.Equal([(5L, "v5"), (6L, "v6"), (7L, "v7")], read.Select(r => (r.Offset.Value, r.Message.Value)));
    }

    private async Task<TopicPartition> TopicWithRecordsAsync(string topic, int count, Dictionary<string, string>? configs = null)
    {
        using (var admin = AdminClients.Create(_kafka))
        {
            await admin.CreateTopicAsync(topic, configs: configs);
        }
        var tp = new TopicPartition(topic, 0);
        using var producer = RecordClients.Producer(_kafka.BootstrapServers);
        await RecordClients.ProduceAsync(producer, tp, Enumerable.Range(0, count).Select(i => $"v{i}"));
        return tp;
    }
}
