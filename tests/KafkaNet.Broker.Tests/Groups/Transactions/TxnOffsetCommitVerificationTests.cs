using KafkaNet.Broker.Tests.Groups.Wire;
using KafkaNet.Broker.Tests.Network;
using KafkaNet.Broker.Tests.Transactions;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Groups.Transactions;

/// <summary>TxnOffsetCommit writes only for a group whose offsets partition AddOffsetsToTxn put in the transaction.</summary>
public sealed class TxnOffsetCommitVerificationTests
{
    [Theory]
    [InlineData(3, ErrorCode.InvalidTxnState)]
    [InlineData(5, ErrorCode.TransactionAbortable)]
    public async Task Offsets_of_a_group_not_added_to_the_transaction_are_refused_and_accepted_once_it_is(short version, ErrorCode refused)
    {
        await using var kafka = await TransactionWire.StartAsync();
        kafka.CreateTopic(new TopicSpec("in", 1, 1, []));
        using var session = await WireSession.OpenAsync(kafka.Port);
        var (producerId, epoch) = await TransactionWire.BeginAsync(session, "tx-offsets");
        await GroupWire.FindCoordinatorAsync(session, "copier");

        var before = await CommitAsync(session, version, producerId, epoch);
        Assert.Equal((short)refused, before.Topics.Single().Partitions.Single().ErrorCode);
        Assert.Equal((short)ErrorCode.None, await TransactionWire.AddOffsetsAsync(session, 0, "tx-offsets", producerId, epoch, "copier"));
        var after = await CommitAsync(session, version, producerId, epoch);
        Assert.Equal((short)ErrorCode.None, after.Topics.Single().Partitions.Single().ErrorCode);

        var stable = await session.SendAsync<OffsetFetchResponse>(OffsetFetchRequest.ApiKey, 7, new OffsetFetchRequest
        {
            GroupId = "copier",
            Topics = [new() { Name = "in", PartitionIndexes = [0] }],
            RequireStable = true,
        }, flexible: true);
        Assert.Equal((short)ErrorCode.UnstableOffsetCommit, stable.Topics.Single().Partitions.Single().ErrorCode);
    }

    private static Task<TxnOffsetCommitResponse> CommitAsync(WireSession session, short version, long producerId, short epoch) =>
        session.SendAsync<TxnOffsetCommitResponse>(TxnOffsetCommitRequest.ApiKey, version, new TxnOffsetCommitRequest
        {
            TransactionalId = "tx-offsets",
            GroupId = "copier",
            ProducerId = producerId,
            ProducerEpoch = epoch,
            GenerationId = -1,
            MemberId = "",
            Topics = [new() { Name = "in", Partitions = [new() { PartitionIndex = 0, CommittedOffset = 7, CommittedMetadata = "" }] }],
        }, flexible: version >= 3);
}
