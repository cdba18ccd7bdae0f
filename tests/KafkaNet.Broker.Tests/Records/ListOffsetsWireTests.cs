using KafkaNet.Broker.Tests.Admin;
using KafkaNet.Broker.Topics;
using KafkaNet.Embedded;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Records;

/// <summary>ListOffsets requests no client library sends.</summary>
public sealed class ListOffsetsWireTests : IAsyncLifetime
{
    private EmbeddedKafka _kafka = null!;

    public async Task InitializeAsync() => _kafka = await EmbeddedKafka.StartAsync();

    public async Task DisposeAsync() => await _kafka.DisposeAsync();

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    public async Task A_partition_named_twice_gets_INVALID_REQUEST_each_time_and_the_others_their_offsets(short version)
    {
        _kafka.CreateTopic(new TopicSpec("twice", 2, 1, []));
        var request = new ListOffsetsRequest
        {
            ReplicaId = -1,
            Topics =
            [
                new() { Name = "twice", Partitions = [new() { PartitionIndex = 0, Timestamp = -1 }, new() { PartitionIndex = 1, Timestamp = -2 }] },
                new() { Name = "twice", Partitions = [new() { PartitionIndex = 0, Timestamp = -2 }] },
            ],
        };

        var response = await WireExchange.SendAsync<ListOffsetsResponse>(_kafka.Port, ListOffsetsRequest.ApiKey, version, request, flexible: version >= 6);

        Assert.Equal((short)ErrorCode.InvalidRequest, response.Topics[0].Partitions[0].ErrorCode);
        Assert.Equal((short)ErrorCode.InvalidRequest, response.Topics[1].Partitions[0].ErrorCode);
        Assert.Equal((0, 0L), (response.Topics[0].Partitions[1].ErrorCode, response.Topics[0].Partitions[1].Offset));
    }
}
