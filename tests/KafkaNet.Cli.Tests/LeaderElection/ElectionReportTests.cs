using Confluent.Kafka;
using KafkaNet.Cli.Arguments;
using KafkaNet.Cli.LeaderElection;

namespace KafkaNet.Cli.Tests.LeaderElection;

public sealed class ElectionReportTests
{
    [Fact]
    public void Groups_elected_and_unneeded_partitions_and_lists_each_failure_in_partition_order()
    {
        var results = new[]
        {
            Result("payments", 0, ErrorCode.NoError),
            Result("orders", 1, ErrorCode.NoError),
            Result("orders", 0, ErrorCode.NoError),
            Result("orders", 2, ErrorCode.ElectionNotNeeded),
            Result("orders", 9, ErrorCode.UnknownTopicOrPart, "The partition does not exist."),
        };

        var (text, failed) = ElectionReport.Describe(ElectionType.Preferred, results);

        Assert.Equal(
            "Successfully completed leader election (PREFERRED) for partitions orders-0, orders-1, payments-0\n"
            + "Valid replica already elected for partitions orders-2\n"
            + "Error completing leader election (PREFERRED) for partition: orders-9: UNKNOWN_TOPIC_OR_PARTITION: The partition does not exist.",
            text);
        Assert.Equal(1, failed);
    }

    [Fact]
    public void Nothing_elected_prints_nothing()
    {
        Assert.Equal((string.Empty, 0), ElectionReport.Describe(ElectionType.Unclean, []));
    }

    [Fact]
    public void The_partitions_file_is_read_as_Kafka_writes_it()
    {
        var partitions = ElectionPartitionsFile.Parse("""{"partitions": [{"topic": "orders", "partition": 1}, {"topic": "payments", "partition": 0}]}""");

        Assert.Equal([new TopicPartition("orders", 1), new TopicPartition("payments", 0)], partitions);
    }

    [Theory]
    [InlineData("""{"partitions": [{"topic": "orders", "partition": 1}, {"topic": "orders", "partition": 1}]}""", "Replica election data contains duplicate partitions: orders-1")]
    [InlineData("""{"topics": []}""", "Replica election data is missing \"partitions\" field")]
    public void A_bad_partitions_file_is_refused(string json, string message)
    {
        var refused = Assert.Throws<CommandFailedException>(() => ElectionPartitionsFile.Parse(json));
        Assert.Equal(message, refused.Message);
    }

    private static TopicPartitionError Result(string topic, int partition, ErrorCode code, string reason = "") =>
        new(new TopicPartition(topic, partition), new Error(code, reason));
}
