using KafkaNet.Broker.Tests.Network;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Security.Authorization;

/// <summary>What the matrix needs before alice asks anything, made by admin (a super user) over the wire.</summary>
internal static class MatrixSetup
{
    public static async Task RunAsync(SecuredNode node)
    {
        var admin = node.AdminConnection;
        var topics = await node.SendAsync<CreateTopicsResponse>(admin, CreateTopicsRequest.ApiKey, 5, new CreateTopicsRequest
        {
            TimeoutMs = 5000,
            Topics = [.. new[] { MatrixCases.Topic, MatrixCases.DeletedTopic, MatrixCases.GrownTopic }.Select(name =>
                new CreateTopicsRequest.CreatableTopic { Name = name, NumPartitions = 1, ReplicationFactor = 1 })],
        });
        Assert.All(topics.Topics, t => Assert.Equal(0, t.ErrorCode));
        await SecuredNode.WaitAsync(() => node.Broker.Replicas?.Find(MatrixCases.Topic, 0) is not null);
        MatrixCases.TopicId = node.Broker.Topics.Find(MatrixCases.Topic)!.TopicId;

        var produced = await node.SendAsync<ProduceResponse>(admin, ProduceRequest.ApiKey, 9, new ProduceRequest
        {
            Acks = -1, TimeoutMs = 5000,
            TopicData = [new() { Name = MatrixCases.Topic, PartitionData = [new() { Index = 0, Records = PipelinedWire.Batch(16) }] }],
        });
        Assert.Empty(MatrixState.Errors(produced));

        await UntilServedAsync(node, FindCoordinatorRequest.ApiKey, 4, () => new FindCoordinatorRequest { KeyType = 0, CoordinatorKeys = [MatrixCases.Group] });
        await UntilServedAsync(node, OffsetCommitRequest.ApiKey, 8, () => new OffsetCommitRequest
        {
            GroupId = MatrixCases.Group, GenerationIdOrMemberEpoch = -1, MemberId = "",
            Topics = [new() { Name = MatrixCases.Topic, Partitions = [new() { PartitionIndex = 0, CommittedOffset = 1 }] }],
        });
        await UntilServedAsync(node, FindCoordinatorRequest.ApiKey, 4, () => new FindCoordinatorRequest { KeyType = 1, CoordinatorKeys = [MatrixCases.TransactionalId] });
        await UntilServedAsync(node, InitProducerIdRequest.ApiKey, 2, () => new InitProducerIdRequest { TransactionalId = MatrixCases.TransactionalId, TransactionTimeoutMs = 60_000 });
    }

    /// <summary>Sends until the coordinators are loaded and the request is answered without errors (at most 10 s).</summary>
    private static async Task UntilServedAsync(SecuredNode node, short apiKey, short version, Func<IKafkaMessage> request)
    {
        List<ErrorCode> errors = [];
        for (int attempt = 0; attempt < 100; attempt++)
        {
            errors = MatrixState.Errors(await node.SendAsync(node.AdminConnection, apiKey, version, request()));
            if (errors.Count == 0)
            {
                return;
            }
            await Task.Delay(100);
        }
        Assert.Fail($"{ApiTable.Find(apiKey)!.Name}: {string.Join(", ", errors)}");
    }
}
