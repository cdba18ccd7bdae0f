using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Cluster.Tests.Controller;

public sealed class TopicControllerTests
{
    [Fact]
    public async Task Create_topic_with_defaults_places_partitions_on_unfenced_brokers()
    {
        using var h = new ControllerHarness(numPartitions: 3, replicationFactor: 2);
        await h.StartBrokersAsync(1, 2, 3);
        var result = await h.CreateTopicAsync("orders");
        Assert.Equal(0, result.ErrorCode);
        Assert.Equal(3, result.NumPartitions);
        Assert.Equal(2, result.ReplicationFactor);
        Assert.Contains(result.Configs!, c => c.Name == "cleanup.policy");
        var topic = h.Image.TopicsByName["orders"];
        Assert.Equal(result.TopicId, topic.Id);
        Assert.All(topic.Partitions.Values, p =>
        {
            Assert.Equal(2, p.Replicas.Distinct().Count());
            Assert.Equal(p.Replicas[0], p.Leader);
            Assert.Equal(p.Replicas.ToArray(), p.Isr.ToArray());
        });
        Assert.Equal(3, topic.Partitions.Values.Select(p => p.Leader).Distinct().Count());
    }

    [Fact]
    public async Task Replication_factor_above_usable_brokers_is_refused_with_kafkas_message()
    {
        using var h = new ControllerHarness();
        await h.StartBrokersAsync(1, 2);
        var result = await h.CreateTopicAsync("orders", 1, 3);
        Assert.Equal((short)ErrorCode.InvalidReplicationFactor, result.ErrorCode);
        Assert.Equal("Unable to replicate the partition 3 time(s): The target replication factor of 3 cannot be reached because only 2 broker(s) are registered.", result.ErrorMessage);
        Assert.Empty(h.Image.TopicsByName);
    }

    [Fact]
    public async Task Validate_only_and_existing_or_colliding_names_write_nothing()
    {
        using var h = new ControllerHarness();
        await h.StartBrokersAsync(1);
        Assert.Equal(0, (await h.CreateTopicAsync("a.b", validateOnly: true)).ErrorCode);
        Assert.Empty(h.Image.TopicsByName);
        Assert.Equal(0, (await h.CreateTopicAsync("a.b")).ErrorCode);
        Assert.Equal((short)ErrorCode.TopicAlreadyExists, (await h.CreateTopicAsync("a.b")).ErrorCode);
        Assert.Equal((short)ErrorCode.InvalidTopicException, (await h.CreateTopicAsync("a_b")).ErrorCode);
        Assert.Equal((short)ErrorCode.InvalidTopicException, (await h.CreateTopicAsync("bad/name")).ErrorCode);
    }

    [Theory]
    [InlineData(new[] { 1, 9 }, new[] { 2, 1 }, "no such broker is registered")]
    [InlineData(new[] { 1, 1 }, new[] { 2, 1 }, "more than once")]
    [InlineData(new[] { 1, 2 }, new[] { 2 }, "not consistent with previous partitions")]
    public async Task Manual_assignments_are_validated(int[] first, int[] second, string message)
    {
        using var h = new ControllerHarness();
        await h.StartBrokersAsync(1, 2);
        var request = new CreateTopicsRequest();
        var topic = new CreateTopicsRequest.CreatableTopic { Name = "orders", NumPartitions = -1, ReplicationFactor = -1 };
        topic.Assignments.Add(new() { PartitionIndex = 0, BrokerIds = [.. first] });
        topic.Assignments.Add(new() { PartitionIndex = 1, BrokerIds = [.. second] });
        request.Topics.Add(topic);
        var result = (await h.Controller.CreateTopicsAsync(request, 7)).Topics.Single();
        Assert.Equal((short)ErrorCode.InvalidReplicaAssignment, result.ErrorCode);
        Assert.Contains(message, result.ErrorMessage);
    }

    [Fact]
    public async Task Manual_assignment_is_honoured_and_configs_are_recorded()
    {
        using var h = new ControllerHarness();
        await h.StartBrokersAsync(1, 2);
        var request = new CreateTopicsRequest();
        var topic = new CreateTopicsRequest.CreatableTopic { Name = "orders", NumPartitions = -1, ReplicationFactor = -1 };
        topic.Assignments.Add(new() { PartitionIndex = 0, BrokerIds = [2, 1] });
        topic.Configs.Add(new() { Name = "retention.ms", Value = "1000" });
        request.Topics.Add(topic);
        Assert.Equal(0, (await h.Controller.CreateTopicsAsync(request, 7)).Topics.Single().ErrorCode);
        Assert.Equal([2, 1], h.Partition("orders", 0).Replicas.ToArray());
        Assert.Equal(2, h.Partition("orders", 0).Leader);
        Assert.Equal("1000", h.Image.ConfigsOf(new(2, "orders"))["retention.ms"]);

        topic.Name = "bad";
        topic.Configs[0].Value = "not-a-number";
        Assert.Equal((short)ErrorCode.InvalidConfig, (await h.Controller.CreateTopicsAsync(request, 7)).Topics.Single().ErrorCode);
    }

    [Fact]
    public async Task Delete_by_name_and_id_and_unknown_topics()
    {
        using var h = new ControllerHarness();
        await h.StartBrokersAsync(1);
        var a = await h.CreateTopicAsync("a");
        await h.CreateTopicAsync("b");
        var request = new DeleteTopicsRequest();
        request.Topics.Add(new() { Name = "a" });
        request.Topics.Add(new() { Name = null, TopicId = h.Image.TopicsByName["b"].Id });
        request.Topics.Add(new() { Name = null, TopicId = Guid.NewGuid() });
        var response = await h.Controller.DeleteTopicsAsync(request, 6);
        Assert.Equal([0, 0, (short)ErrorCode.UnknownTopicId], response.Responses.Select(r => r.ErrorCode));
        Assert.Equal(a.TopicId, response.Responses[0].TopicId);
        Assert.Empty(h.Image.TopicsByName);
        var byName = new DeleteTopicsRequest { TopicNames = ["gone"] };
        Assert.Equal((short)ErrorCode.UnknownTopicOrPartition, (await h.Controller.DeleteTopicsAsync(byName, 3)).Responses.Single().ErrorCode);
    }

    [Fact]
    public async Task More_than_ten_thousand_partitions_in_one_create_request_are_refused_for_every_topic()
    {
        using var h = new ControllerHarness();
        await h.StartBrokersAsync(1);
        var request = new CreateTopicsRequest();
        request.Topics.Add(new() { Name = "a", NumPartitions = 5000, ReplicationFactor = 1 });
        request.Topics.Add(new() { Name = "b", NumPartitions = 5000, ReplicationFactor = 1 });
        request.Topics.Add(new() { Name = "c", NumPartitions = 1, ReplicationFactor = 1 });

        var results = (await h.Controller.CreateTopicsAsync(request, 7)).Topics;

        Assert.Equal(3, results.Count);
        Assert.All(results, r => Assert.Equal(((short)ErrorCode.PolicyViolation, "Excessively large number of partitions per request."), (r.ErrorCode, r.ErrorMessage)));
        Assert.Empty(h.Image.TopicsByName);
        request.Topics.RemoveAt(2);
        Assert.All((await h.Controller.CreateTopicsAsync(request, 7)).Topics, r => Assert.Equal(0, r.ErrorCode));
    }

    [Fact]
    public async Task Growing_topics_by_more_than_ten_thousand_partitions_in_one_request_is_refused()
    {
        using var h = new ControllerHarness();
        await h.StartBrokersAsync(1);
        await h.CreateTopicAsync("a", 1);
        await h.CreateTopicAsync("b", 1);
        var request = new CreatePartitionsRequest();
        request.Topics.Add(new() { Name = "a", Count = 5001 });
        request.Topics.Add(new() { Name = "b", Count = 5002 });

        var results = (await h.Controller.CreatePartitionsAsync(request, 3)).Results;

        Assert.All(results, r => Assert.Equal((short)ErrorCode.PolicyViolation, r.ErrorCode));
        Assert.Equal((1, 1), (h.Image.TopicsByName["a"].Partitions.Count, h.Image.TopicsByName["b"].Partitions.Count));
    }

    [Fact]
    public async Task Create_partitions_places_new_ones_or_takes_assignments()
    {
        using var h = new ControllerHarness(replicationFactor: 2);
        await h.StartBrokersAsync(1, 2, 3);
        await h.CreateTopicAsync("orders", 1);
        var request = new CreatePartitionsRequest();
        request.Topics.Add(new() { Name = "orders", Count = 3 });
        var grown = (await h.Controller.CreatePartitionsAsync(request, 3)).Results.Single();
        Assert.True(grown.ErrorCode == 0, grown.ErrorMessage);
        Assert.Equal(3, h.Image.TopicsByName["orders"].Partitions.Count);
        Assert.All(h.Image.TopicsByName["orders"].Partitions.Values, p => Assert.Equal(2, p.Replicas.Length));

        request.Topics[0].Count = 4;
        request.Topics[0].Assignments = [new() { BrokerIds = [3, 1] }];
        Assert.Equal(0, (await h.Controller.CreatePartitionsAsync(request, 3)).Results.Single().ErrorCode);
        Assert.Equal([3, 1], h.Partition("orders", 3).Replicas.ToArray());

        request.Topics[0].Count = 5;
        request.Topics[0].Assignments = [new() { BrokerIds = [3] }];
        Assert.Equal((short)ErrorCode.InvalidReplicaAssignment, (await h.Controller.CreatePartitionsAsync(request, 3)).Results.Single().ErrorCode);
        request.Topics[0].Count = 2;
        request.Topics[0].Assignments = null;
        Assert.Equal((short)ErrorCode.InvalidPartitions, (await h.Controller.CreatePartitionsAsync(request, 3)).Results.Single().ErrorCode);
    }

    [Fact]
    public async Task Incremental_and_full_config_changes_become_config_records()
    {
        using var h = new ControllerHarness();
        await h.StartBrokersAsync(1);
        await h.CreateTopicAsync("orders");
        var request = new IncrementalAlterConfigsRequest();
        var resource = new IncrementalAlterConfigsRequest.AlterConfigsResource { ResourceType = 2, ResourceName = "orders" };
        resource.Configs.Add(new() { Name = "retention.ms", ConfigOperation = 0, Value = "5000" });
        resource.Configs.Add(new() { Name = "cleanup.policy", ConfigOperation = 2, Value = "compact" });
        request.Resources.Add(resource);
        request.Resources.Add(new() { ResourceType = 2, ResourceName = "missing" });
        var response = await h.Controller.IncrementalAlterConfigsAsync(request, 1);
        Assert.Equal([0, (short)ErrorCode.UnknownTopicOrPartition], response.Responses.Select(r => r.ErrorCode));
        var configs = h.Image.ConfigsOf(new(2, "orders"));
        Assert.Equal("5000", configs["retention.ms"]);
        Assert.Equal("delete,compact", configs["cleanup.policy"]);

        var alter = new AlterConfigsRequest();
        var full = new AlterConfigsRequest.AlterConfigsResource { ResourceType = 2, ResourceName = "orders" };
        full.Configs.Add(new() { Name = "retention.ms", Value = "7000" });
        alter.Resources.Add(full);
        var broker = new AlterConfigsRequest.AlterConfigsResource { ResourceType = 4, ResourceName = "1" };
        broker.Configs.Add(new() { Name = "log.retention.ms", Value = "1" });
        alter.Resources.Add(broker);
        Assert.All((await h.Controller.AlterConfigsAsync(alter, 2)).Responses, r => Assert.Equal(0, r.ErrorCode));
        Assert.Equal(new Dictionary<string, string> { ["retention.ms"] = "7000" }, h.Image.ConfigsOf(new(2, "orders")));
        Assert.Equal("1", h.Image.ConfigsOf(new(4, "1"))["log.retention.ms"]);
    }

    [Fact]
    public async Task A_topic_named_twice_in_one_request_fails_both_times_while_others_are_created()
    {
        using var h = new ControllerHarness();
        await h.StartBrokersAsync(1);
        var request = new CreateTopicsRequest();
        foreach (var name in new[] { "dup", "ok", "dup" })
            request.Topics.Add(new() { Name = name, NumPartitions = -1, ReplicationFactor = -1 });
        var results = (await h.Controller.CreateTopicsAsync(request, 7)).Topics;
        Assert.Equal([(short)ErrorCode.InvalidRequest, (short)0, (short)ErrorCode.InvalidRequest], results.Select(r => r.ErrorCode));
        Assert.Equal(["ok"], h.Image.TopicsByName.Keys);
    }

    [Fact]
    public async Task A_controller_that_is_not_leader_answers_not_controller()
    {
        using var h = new ControllerHarness();
        await h.StartBrokersAsync(1);
        h.Writer.IsLeader = false;
        Assert.Equal((short)ErrorCode.NotController, (await h.CreateTopicAsync("orders")).ErrorCode);
        Assert.Equal((short)ErrorCode.NotController, (await h.Controller.BrokerRegistrationAsync(ControllerHarness.Registration(5), 3)).ErrorCode);
    }
}
