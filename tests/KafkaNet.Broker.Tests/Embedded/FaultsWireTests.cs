using System.Diagnostics;
using KafkaNet.Broker.Tests.Network;
using KafkaNet.Embedded;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Records;

namespace KafkaNet.Broker.Tests.Embedded;

/// <summary>Fault hooks seen on the wire: what each request gets, in which order, and what reaches the log.</summary>
public sealed class FaultsWireTests() : OneTopicBrokerTest(TopicName)
{
    private const string TopicName = "wire-faults";

    [Fact]
    public async Task Failed_requests_are_answered_with_the_error_and_the_one_after_the_count_is_served()
    {
        Kafka.Faults.FailRequests(ApiKeys.Produce, count: 2, ErrorCode.NotLeaderOrFollower);
        using var session = await WireSession.OpenAsync(Kafka.Port);

        var first = await ProduceAsync(session);
        var second = await ProduceAsync(session);
        Assert.Equal(0, LogEndOffset);
        var third = await ProduceAsync(session);

        Assert.Equal((short)ErrorCode.NotLeaderOrFollower, first.ErrorCode);
        Assert.Equal(-1, first.BaseOffset);
        Assert.Equal((short)ErrorCode.NotLeaderOrFollower, second.ErrorCode);
        Assert.Equal((0, 0L), (third.ErrorCode, third.BaseOffset));
        Assert.Equal(1, LogEndOffset);
        Assert.Equal(2, Kafka.Faults.Fired(ApiKeys.Produce));
    }

    [Fact]
    public async Task Dropped_response_closes_the_connection_after_the_request_was_written()
    {
        Kafka.Faults.DropResponses(ApiKeys.Produce, count: 1);
        using var connection = await RawKafkaConnection.ConnectAsync(Kafka.Port);

        await connection.SendRequestAsync(ProduceRequest.ApiKey, 7, 1, ProduceRequestFor(TopicName), flexibleHeader: false);

        Assert.Null(await connection.ReceiveFrameAsync());
        Assert.Equal(1, LogEndOffset);
        using var next = await WireSession.OpenAsync(Kafka.Port);
        Assert.Equal(0, (await ProduceAsync(next)).ErrorCode); // the count was one
        Assert.Equal(2, LogEndOffset);
    }

    [Fact]
    public async Task Faults_for_one_api_fire_in_the_order_queued_and_leave_other_apis_alone()
    {
        var delay = TimeSpan.FromMilliseconds(400);
        Kafka.Faults.DelayResponses(ApiKeys.Produce, count: 1, delay);
        Kafka.Faults.FailRequests(ApiKeys.Produce, count: 1, ErrorCode.RequestTimedOut);
        using var session = await WireSession.OpenAsync(Kafka.Port);

        await session.AssertUsableAsync();
        var clock = Stopwatch.StartNew();
        var delayed = await ProduceAsync(session);
        var elapsed = clock.Elapsed;
        var failed = await ProduceAsync(session);

        Assert.Equal(0, delayed.ErrorCode);
        Assert.True(elapsed >= delay, $"answered after {elapsed.TotalMilliseconds} ms");
        Assert.Equal((short)ErrorCode.RequestTimedOut, failed.ErrorCode);
        Assert.Equal(1, LogEndOffset);
        Assert.Equal(0, Kafka.Faults.Fired(ApiKeys.ApiVersions));
    }

    [Fact]
    public async Task Failed_find_coordinator_answers_every_key_with_the_error()
    {
        await Kafka.WaitForGroupCoordinatorAsync("group-a");
        await Kafka.WaitForGroupCoordinatorAsync("group-b");
        Kafka.Faults.FailRequests(ApiKeys.FindCoordinator, count: 1, ErrorCode.CoordinatorNotAvailable);
        using var session = await WireSession.OpenAsync(Kafka.Port);
        var request = new FindCoordinatorRequest { KeyType = 0, CoordinatorKeys = ["group-a", "group-b"] };

        var failed = await session.SendAsync<FindCoordinatorResponse>(FindCoordinatorRequest.ApiKey, 4, request, flexible: true);
        var served = await session.SendAsync<FindCoordinatorResponse>(FindCoordinatorRequest.ApiKey, 4, request, flexible: true);

        Assert.Equal(["group-a", "group-b"], failed.Coordinators.Select(c => c.Key));
        Assert.All(failed.Coordinators, c => Assert.Equal((short)ErrorCode.CoordinatorNotAvailable, c.ErrorCode));
        Assert.All(failed.Coordinators, c => Assert.Equal(-1, c.NodeId));
        Assert.Equal(2, served.Coordinators.Count);
        Assert.DoesNotContain(served.Coordinators, c => c.ErrorCode == (short)ErrorCode.CoordinatorNotAvailable);
    }

    [Fact]
    public async Task Failed_heartbeat_gets_the_error_at_the_top_level()
    {
        Kafka.Faults.FailRequests(ApiKeys.Heartbeat, count: 1, ErrorCode.RebalanceInProgress);
        using var session = await WireSession.OpenAsync(Kafka.Port);
        var request = new HeartbeatRequest { GroupId = "nobody", GenerationId = 1, MemberId = "m" };

        var failed = await session.SendAsync<HeartbeatResponse>(HeartbeatRequest.ApiKey, 4, request, flexible: true);

        Assert.Equal((short)ErrorCode.RebalanceInProgress, failed.ErrorCode);
        await session.AssertUsableAsync();
    }

    private static async Task<ProduceResponse.PartitionProduceResponse> ProduceAsync(WireSession session)
    {
        var response = await session.SendAsync<ProduceResponse>(ProduceRequest.ApiKey, 7, ProduceRequestFor(TopicName), flexible: false);
        var topic = Assert.Single(response.Responses);
        Assert.Equal(TopicName, topic.Name);
        return Assert.Single(topic.PartitionResponses);
    }

    private static ProduceRequest ProduceRequestFor(string topic)
    {
        using var builder = new RecordBatchBuilder();
        builder.Append(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), NullableBytes.Null, new NullableBytes("v"u8.ToArray()));
        return new ProduceRequest
        {
            Acks = 1,
            TimeoutMs = 5000,
            TopicData = [new() { Name = topic, PartitionData = [new() { Index = 0, Records = builder.ToArray() }] }],
        };
    }
}
