using KafkaNet.Cli.Arguments;
using KafkaNet.Cli.DeleteRecords;

namespace KafkaNet.Cli.Tests.DeleteRecords;

public sealed class DeleteRecordsArgumentsTests
{
    [Fact]
    public void Bootstrap_server_and_offset_json_file_are_required()
    {
        var parsed = DeleteRecordsArguments.Parse(["--bootstrap-server", "127.0.0.1:9092", "--offset-json-file", "offsets.json", "--command-config", "admin.properties"]);

        Assert.Equal("127.0.0.1:9092", parsed.BootstrapServers);
        Assert.Equal("offsets.json", parsed.OffsetJsonFile);
        Assert.Equal("admin.properties", parsed.CommandConfig);
        Assert.Equal("--offset-json-file is required.",
            Assert.Throws<UsageException>(() => DeleteRecordsArguments.Parse(["--bootstrap-server", "127.0.0.1:9092"])).Message);
        Assert.Equal("--bootstrap-server is required.",
            Assert.Throws<UsageException>(() => DeleteRecordsArguments.Parse(["--offset-json-file", "offsets.json"])).Message);
        Assert.Equal("Unknown option '--topic' for delete-records.",
            Assert.Throws<UsageException>(() => DeleteRecordsArguments.Parse(["--topic", "orders"])).Message);
    }

    [Fact]
    public void The_offset_json_file_is_read_in_Kafka_format()
    {
        var records = OffsetJsonFile.Parse("""{"partitions": [{"topic": "orders", "partition": 0, "offset": 3}, {"topic": "orders", "partition": 1, "offset": -1}], "version": 1}""");

        Assert.Equal([new RecordsToDelete("orders", 0, 3), new RecordsToDelete("orders", 1, -1)], records);
        Assert.Equal([new RecordsToDelete("t", 2, 5)], OffsetJsonFile.Parse("""{"partitions": [{"topic": "t", "partition": 2, "offset": 5}]}"""));
    }

    [Theory]
    [InlineData("""{"partitions": [], "version": 2}""", "Not supported version field value 2")]
    [InlineData("""{"version": 1}""", "Missing partitions field")]
    [InlineData("""{"partitions": [{"topic": "t", "partition": 0, "offset": 1}, {"topic": "t", "partition": 0, "offset": 2}]}""",
        "Offset json file contains duplicate topic partitions: t-0")]
    public void A_wrong_offset_json_file_is_refused(string json, string message) =>
        Assert.Equal(message, Assert.Throws<CommandFailedException>(() => OffsetJsonFile.Parse(json)).Message);

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"partitions": [{"topic": "t", "offset": 1}]}""")]
    [InlineData("""{"partitions": [{"topic": "t", "partition": "zero", "offset": 1}]}""")]
    public void A_file_that_is_not_an_offset_document_is_refused(string json) =>
        Assert.StartsWith("The input string is not a valid offset JSON document", Assert.Throws<CommandFailedException>(() => OffsetJsonFile.Parse(json)).Message, StringComparison.Ordinal);
}
