using System.Collections.Immutable;
using KafkaNet.Broker.Topics;
using KafkaNet.Embedded;
using KafkaNet.Protocol;

namespace KafkaNet.Broker.Tests.Admin;

public sealed class TopicRegistryTests
{
    private static TopicSpec Spec(string name, int partitions = 1, params (string Name, string Value)[] configs) =>
        new(name, partitions, 1, configs.Select(c => new KeyValuePair<string, string?>(c.Name, c.Value)).ToList());

    [Fact]
    public void Topics_ids_and_configs_survive_reopening_the_data_directory()
    {
        using var dir = new TempDirectory();
        var first = new TopicRegistry(dir.Path);
        var created = first.Create(Spec("orders", 3, ("retention.ms", "1000"), ("cleanup.policy", "compact")), validateOnly: false).Topic!;

        var reopened = new TopicRegistry(dir.Path).Find("orders");

        Assert.Equal(created, reopened);
        Assert.Equal(created, new TopicRegistry(dir.Path).Find(created.TopicId));
    }

    [Fact]
    public async Task Restarting_the_embedded_broker_on_the_same_directory_keeps_topics()
    {
        using var dir = new TempDirectory();
        TopicInfo created;
        await using (var kafka = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions { DataDirectory = dir.Path }))
        {
            created = kafka.CreateTopic(Spec("payments", 2, ("max.message.bytes", "2048"))).Topic!;
        }
        await using (var again = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions { DataDirectory = dir.Path }))
        {
            // Leader epochs move on: the restarted broker is fenced and unfenced again, as in Kafka.
            var reopened = again.Broker.Topics.Find("payments")!;
            Assert.Equal((created.TopicId, created.PartitionCount, created.ReplicationFactor), (reopened.TopicId, reopened.PartitionCount, reopened.ReplicationFactor));
            Assert.Equal(created.Configs, reopened.Configs);
        }
    }

    [Fact]
    public void A_leftover_temporary_file_from_a_torn_write_is_ignored_and_removed()
    {
        using var dir = new TempDirectory();
        var registry = new TopicRegistry(dir.Path);
        var kept = registry.Create(Spec("kept"), validateOnly: false).Topic!;
        // A crash after writing part of the next version, before its rename.
        string temp = Path.Combine(dir.Path, "topics.json.tmp");
        File.WriteAllText(temp, "{\"version\":1,\"topics\":[{\"name\":\"half");

        var reopened = new TopicRegistry(dir.Path);

        Assert.Equal([kept], reopened.Topics);
        Assert.False(File.Exists(temp));
        Assert.False(reopened.Create(Spec("next"), validateOnly: false).Error.IsError);
        Assert.Equal(2, new TopicRegistry(dir.Path).Topics.Count);
    }

    [Fact]
    public void A_damaged_registry_file_stops_startup_instead_of_forgetting_topics()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(Path.Combine(dir.Path, "topics.json"), "{\"version\":1,\"topics\":[{\"na");
        Assert.Throws<InvalidDataException>(() => new TopicRegistry(dir.Path));
    }

    [Fact]
    public void Validate_only_creates_nothing()
    {
        using var dir = new TempDirectory();
        var storage = new RecordingPartitionStorage();
        var registry = new TopicRegistry(dir.Path, storage);

        var result = registry.Create(Spec("dry", 4), validateOnly: true);

        Assert.False(result.Error.IsError);
        Assert.Equal(4, result.Topic!.PartitionCount);
        Assert.Null(registry.Find("dry"));
        Assert.Empty(storage.Calls);
        Assert.Empty(new TopicRegistry(dir.Path).Topics);
    }

    [Fact]
    public void Storage_port_hears_of_every_partition_created_deleted_and_reconfigured()
    {
        using var dir = new TempDirectory();
        var storage = new RecordingPartitionStorage();
        var registry = new TopicRegistry(dir.Path, storage);

        registry.Create(Spec("t", 2), validateOnly: false);
        registry.CreatePartitions("t", 3, validateOnly: false);
        registry.UpdateConfigs("t", (ImmutableSortedDictionary<string, string> current, out ImmutableSortedDictionary<string, string> updated) =>
        {
            updated = current.SetItem("retention.ms", "10");
            return ApiError.None;
        }, validateOnly: false);
        registry.Delete("t");

        Assert.Equal(["create t-0", "create t-1", "create t-2", "config t retention.ms=10", "delete t-0", "delete t-1", "delete t-2"], storage.Calls);
    }

    [Fact]
    public void Partitions_only_grow()
    {
        using var dir = new TempDirectory();
        var registry = new TopicRegistry(dir.Path);
        registry.Create(Spec("t", 3), validateOnly: false);

        Assert.Equal(ErrorCode.InvalidPartitions, registry.CreatePartitions("t", 2, validateOnly: false).Error.Code);
        Assert.Equal(ErrorCode.InvalidPartitions, registry.CreatePartitions("t", 3, validateOnly: false).Error.Code);
        Assert.Equal(ErrorCode.UnknownTopicOrPartition, registry.CreatePartitions("nope", 5, validateOnly: false).Error.Code);
        Assert.False(registry.CreatePartitions("t", 5, validateOnly: true).Error.IsError);
        Assert.Equal(3, registry.Find("t")!.PartitionCount);
    }

    [Fact]
    public void Absurd_partition_counts_are_refused_instead_of_exhausting_memory()
    {
        using var dir = new TempDirectory();
        var registry = new TopicRegistry(dir.Path);
        Assert.Equal(ErrorCode.InvalidPartitions, registry.Create(Spec("huge", int.MaxValue), validateOnly: false).Error.Code);
        registry.Create(Spec("t", 1), validateOnly: false);
        Assert.Equal(ErrorCode.InvalidPartitions, registry.CreatePartitions("t", int.MaxValue, validateOnly: false).Error.Code);
    }

    [Fact]
    public async Task Concurrent_creates_and_reads_all_land_and_survive_reopening()
    {
        using var dir = new TempDirectory();
        var registry = new TopicRegistry(dir.Path);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            for (int i = 0; i < 25 && !cts.IsCancellationRequested; i++)
            {
                Assert.False(registry.Create(Spec($"w{w}-t{i}"), validateOnly: false).Error.IsError);
            }
        }, cts.Token));
        var reader = Task.Run(() =>
        {
            for (int i = 0; i < 200 && !cts.IsCancellationRequested; i++)
            {
                var snapshot = registry.Topics;
                Assert.All(snapshot, t => Assert.Same(t, registry.Find(t.TopicId) ?? t));
            }
        }, cts.Token);
        await Task.WhenAll([.. writers, reader]);

        Assert.Equal(100, registry.Topics.Count);
        Assert.Equal(100, new TopicRegistry(dir.Path).Topics.Count);
    }
}
