using KafkaNet.Cli.Arguments;
using KafkaNet.Cli.Reassignment;

namespace KafkaNet.Cli.Tests.Reassignment;

public sealed class ReassignmentJsonTests
{
    [Fact]
    public void Reads_partitions_with_or_without_log_dirs()
    {
        var partitions = ReassignmentJson.ParsePartitions("""
            {"version": 1, "partitions": [
              {"topic": "orders", "partition": 1, "replicas": [3, 1], "log_dirs": ["any", "any"]},
              {"topic": "orders", "partition": 0, "replicas": [2]}]}
            """);

        Assert.Equal(["orders-1", "orders-0"], partitions.Select(p => p.Name));
        Assert.Equal([[3, 1], [2]], partitions.Select(p => p.Replicas));
    }

    [Fact]
    public void Writes_Kafka_s_one_line_document_sorted_by_topic_and_partition()
    {
        string json = ReassignmentJson.Format([new("payments", 0, [1]), new("orders", 1, [2, 3]), new("orders", 0, [3, 1])]);

        Assert.Equal(
            """{"version":1,"partitions":[{"topic":"orders","partition":0,"replicas":[3,1],"log_dirs":["any","any"]},"""
            + """{"topic":"orders","partition":1,"replicas":[2,3],"log_dirs":["any","any"]},{"topic":"payments","partition":0,"replicas":[1],"log_dirs":["any"]}]}""",
            json);
        Assert.Equal(["orders-0", "orders-1", "payments-0"], ReassignmentJson.ParsePartitions(json).Select(p => p.Name));
    }

    [Fact]
    public void Reads_the_topics_to_move()
    {
        Assert.Equal(["orders", "payments"], ReassignmentJson.ParseTopics("""{"topics": [{"topic": "orders"}, {"topic": "payments"}], "version": 1}"""));
    }

    [Theory]
    [InlineData("""{"version": 2, "partitions": []}""", "Not supported version field value 2")]
    [InlineData("""{"partitions": [{"topic": "orders", "partition": 0, "replicas": [1, 2], "log_dirs": ["any"]}]}""",
        "Size of replicas list [1,2] is different from size of log dirs list [any] for partition orders-0")]
    [InlineData("""{"partitions": [{"topic": "orders", "partition": 0, "replicas": [1], "log_dirs": ["/data/a"]}]}""",
        "Moving replicas between log directories is not supported: the log_dirs of orders-0 must be \"any\".")]
    [InlineData("""[1, 2]""", "The input string is not a valid JSON object")]
    public void Refuses_what_it_cannot_do(string json, string message)
    {
        var refused = Assert.Throws<CommandFailedException>(() => ReassignmentJson.ParsePartitions(json));
        Assert.Equal(message, refused.Message);
    }

    [Fact]
    public void Generate_spreads_each_partition_s_replicas_round_robin_over_the_brokers()
    {
        var proposed = ProposedAssignment.Propose([new("orders", 0, [1, 2]), new("orders", 1, [2, 3]), new("orders", 2, [3, 1]), new("audit", 0, [1])], [6, 4, 5]);

        Assert.Equal(["orders-0", "orders-1", "orders-2", "audit-0"], proposed.Select(p => p.Name));
        Assert.Equal([[4, 5], [5, 6], [6, 4], [4]], proposed.Select(p => p.Replicas));
    }

    [Fact]
    public void Generate_refuses_more_replicas_than_brokers()
    {
        var refused = Assert.Throws<CommandFailedException>(() => ProposedAssignment.Propose([new("orders", 0, [1, 2, 3])], [1, 2]));
        Assert.Equal("INVALID_REPLICATION_FACTOR: Replication factor: 3 larger than available brokers: 2.", refused.Message);
    }
}
