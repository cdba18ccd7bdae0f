using KafkaNet.Embedded;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Embedded;

/// <summary>
/// Error responses built for refused requests encode and decode in every version of their API,
/// with the error in each item of the request, or at the top level when there is no item.
/// </summary>
public sealed class ErrorResponsesTests
{
    private const ErrorCode Error = ErrorCode.NotLeaderOrFollower;

    private static readonly Dictionary<short, Func<IKafkaMessage>> ItemRequests = new()
    {
        [ProduceRequest.ApiKey] = () => new ProduceRequest { TopicData = [.. Topics().Select(t => new ProduceRequest.TopicProduceData { Name = t, TopicId = Guid.NewGuid(), PartitionData = [new() { Index = 0 }, new() { Index = 1 }] })] },
        [FetchRequest.ApiKey] = () => new FetchRequest { Topics = [.. Topics().Select(t => new FetchRequest.FetchTopic { Topic = t, TopicId = Guid.NewGuid(), Partitions = [new() { Partition = 0 }, new() { Partition = 1 }] })] },
        [ListOffsetsRequest.ApiKey] = () => new ListOffsetsRequest { Topics = [.. Topics().Select(t => new ListOffsetsRequest.ListOffsetsTopic { Name = t, Partitions = [new() { PartitionIndex = 0 }, new() { PartitionIndex = 1 }] })] },
        [OffsetCommitRequest.ApiKey] = () => new OffsetCommitRequest { Topics = [.. Topics().Select(t => new OffsetCommitRequest.OffsetCommitRequestTopic { Name = t, TopicId = Guid.NewGuid(), Partitions = [new() { PartitionIndex = 0 }, new() { PartitionIndex = 1 }] })] },
        [TxnOffsetCommitRequest.ApiKey] = () => new TxnOffsetCommitRequest { Topics = [.. Topics().Select(t => new TxnOffsetCommitRequest.TxnOffsetCommitRequestTopic { Name = t, Partitions = [new() { PartitionIndex = 0 }, new() { PartitionIndex = 1 }] })] },
        [AddPartitionsToTxnRequest.ApiKey] = () => new AddPartitionsToTxnRequest
        {
            V3AndBelowTopics = [.. Topics().Select(t => new AddPartitionsToTxnRequest.AddPartitionsToTxnTopic { Name = t, Partitions = [0, 1] })],
            Transactions = [new() { TransactionalId = "tx", Topics = [.. Topics().Select(t => new AddPartitionsToTxnRequest.AddPartitionsToTxnTopic { Name = t, Partitions = [0, 1] })] }],
        },
    };

    public static TheoryData<short, short> ItemApiVersions() => Versions(ItemRequests.Keys);

    public static TheoryData<short, short> TopLevelApiVersions() => Versions(
    [
        InitProducerIdRequest.ApiKey, EndTxnRequest.ApiKey, AddOffsetsToTxnRequest.ApiKey, JoinGroupRequest.ApiKey,
        SyncGroupRequest.ApiKey, HeartbeatRequest.ApiKey, LeaveGroupRequest.ApiKey,
    ]);

    [Theory]
    [MemberData(nameof(ItemApiVersions))]
    public void Every_partition_of_the_request_gets_the_error(short apiKey, short version)
    {
        var decoded = RoundTrip(apiKey, ItemRequests[apiKey](), version);

        var partitions = PartitionErrors(decoded, version);
        Assert.Equal(4, partitions.Count);
        Assert.All(partitions, p => Assert.Equal((short)Error, p.Error));
        Assert.Equal([0, 1, 0, 1], partitions.Select(p => p.Partition));
        Assert.Equal(0, (decoded as IHasErrorCode)?.ErrorCode ?? 0); // the partitions carry it
    }

    [Theory]
    [MemberData(nameof(TopLevelApiVersions))]
    public void Api_without_items_gets_the_error_at_the_top_level(short apiKey, short version)
    {
        var decoded = RoundTrip(apiKey, new HeartbeatRequest(), version);

        Assert.Equal((short)Error, Assert.IsAssignableFrom<IHasErrorCode>(decoded).ErrorCode);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(3, 1)]
    [InlineData(4, 2)]
    [InlineData(6, 2)]
    public void Find_coordinator_answers_each_key_or_the_single_one(short version, int expected)
    {
        var request = new FindCoordinatorRequest { Key = "g", CoordinatorKeys = ["g1", "g2"] };

        var decoded = (FindCoordinatorResponse)RoundTrip(FindCoordinatorRequest.ApiKey, request, version);

        short[] errors = version < 4 ? [decoded.ErrorCode] : [.. decoded.Coordinators.Select(c => c.ErrorCode)];
        Assert.Equal(expected, errors.Length);
        Assert.All(errors, e => Assert.Equal((short)Error, e));
        Assert.Equal(version < 4 ? [] : ["g1", "g2"], decoded.Coordinators.Select(c => c.Key));
    }

    [Fact]
    public void Apis_without_any_error_field_are_not_supported()
    {
        Assert.False(ErrorResponses.Supports(DeleteTopicsRequest.ApiKey, 1, 6)); // errors only per topic
        Assert.True(ErrorResponses.Supports(OffsetFetchRequest.ApiKey, 2, 7));
        Assert.False(ErrorResponses.Supports(OffsetFetchRequest.ApiKey, 2, 8));
        // OffsetFetch lost its top-level error code in v8 (errors moved into groups).
        Assert.Throws<NotSupportedException>(() => ErrorResponses.Build(OffsetFetchRequest.ApiKey, new OffsetFetchRequest(), 8, Error));
    }

    private static IKafkaMessage RoundTrip(short apiKey, IKafkaMessage request, short version)
    {
        var response = ErrorResponses.Build(apiKey, request, version, Error);
        var bytes = new byte[response.Size(version)];
        var writer = new KafkaWriter(bytes);
        response.Write(ref writer, version);
        var reader = new KafkaReader(bytes);
        var decoded = ApiTable.ReadResponse(apiKey, ref reader, version);
        Assert.Equal(0, reader.Remaining);
        return decoded;
    }

    private static List<(int Partition, short Error)> PartitionErrors(IKafkaMessage response, short version) => response switch
    {
        ProduceResponse p => [.. p.Responses.SelectMany(t => t.PartitionResponses.Select(r => (r.Index, r.ErrorCode)))],
        FetchResponse f => [.. f.Responses.SelectMany(t => t.Partitions.Select(r => (r.PartitionIndex, r.ErrorCode)))],
        ListOffsetsResponse l => [.. l.Topics.SelectMany(t => t.Partitions.Select(r => (r.PartitionIndex, r.ErrorCode)))],
        OffsetCommitResponse o => [.. o.Topics.SelectMany(t => t.Partitions.Select(r => (r.PartitionIndex, r.ErrorCode)))],
        TxnOffsetCommitResponse x => [.. x.Topics.SelectMany(t => t.Partitions.Select(r => (r.PartitionIndex, r.ErrorCode)))],
        AddPartitionsToTxnResponse a => [.. (version < 4 ? a.ResultsByTopicV3AndBelow : a.ResultsByTransaction.SelectMany(t => t.TopicResults))
            .SelectMany(t => t.ResultsByPartition.Select(r => (r.PartitionIndex, r.PartitionErrorCode)))],
        _ => throw new ArgumentException(response.GetType().Name),
    };

    private static string[] Topics() => ["alpha", "beta"];

    private static TheoryData<short, short> Versions(IEnumerable<short> apiKeys)
    {
        var data = new TheoryData<short, short>();
        foreach (short apiKey in apiKeys)
        {
            var descriptor = ApiTable.Find(apiKey)!;
            for (short v = descriptor.LowestVersion; v <= descriptor.HighestVersion; v++)
            {
                data.Add(apiKey, v);
            }
        }
        return data;
    }
}
