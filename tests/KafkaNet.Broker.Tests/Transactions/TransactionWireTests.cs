using KafkaNet.Broker.Groups;
using KafkaNet.Broker.Tests.Network;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using static KafkaNet.Broker.Tests.Transactions.TransactionWire;

namespace KafkaNet.Broker.Tests.Transactions;

/// <summary>The transaction APIs over the wire, in the versions clients send, with Kafka's error codes.</summary>
public sealed class TransactionWireTests
{
    [Fact]
    public async Task FindCoordinator_for_a_transactional_id_creates_the_state_topic_and_names_this_broker()
    {
        await using var kafka = await StartAsync();
        using var session = await WireSession.OpenAsync(kafka.Port);

        // The first answer asks the controller for __transaction_state; the client asks again until it is there.
        var first = await FindCoordinatorAsync(session, "app");
        Assert.Equal((short)ErrorCode.CoordinatorNotAvailable, first.ErrorCode);
        var single = await FindCoordinatorWhenReadyAsync(session, "app");
        var batched = await session.SendAsync<FindCoordinatorResponse>(FindCoordinatorRequest.ApiKey, 4,
            new FindCoordinatorRequest { KeyType = 1, CoordinatorKeys = ["a", "b"] }, flexible: true);

        Assert.Equal((0, kafka.Broker.Options.NodeId, kafka.Port), (single.ErrorCode, single.NodeId, single.Port));
        Assert.All(batched.Coordinators, c => Assert.Equal((0, kafka.Port), (c.ErrorCode, c.Port)));
        var topic = kafka.Broker.Topics.Find(TopicNames.TransactionState);
        Assert.Equal(StatePartitions, topic?.PartitionCount);
        await session.AssertUsableAsync();
    }

    [Fact]
    public async Task InitProducerId_hands_idempotent_producers_new_ids_and_checks_its_input()
    {
        await using var kafka = await StartAsync();
        using var session = await WireSession.OpenAsync(kafka.Port);

        var first = await InitIdempotentAsync(session, 0);
        var second = await InitIdempotentAsync(session, 4);
        var half = await InitAsync(session, 3, null, producerId: 12);
        var tooLong = await InitAsync(session, 1, "app", timeoutMs: 900001);
        var empty = await InitAsync(session, 4, "");

        Assert.Equal((0, (short)0), (first.ErrorCode, first.ProducerEpoch));
        Assert.Equal((0, (short)0), (second.ErrorCode, second.ProducerEpoch));
        Assert.NotEqual(first.ProducerId, second.ProducerId);
        Assert.Equal(((short)ErrorCode.InvalidRequest, -1L), (half.ErrorCode, half.ProducerId));
        Assert.Equal((short)ErrorCode.InvalidTransactionTimeout, tooLong.ErrorCode);
        Assert.Equal((short)ErrorCode.InvalidRequest, empty.ErrorCode);
    }

    [Fact]
    public async Task AddPartitionsToTxn_v0_refuses_bad_partitions_and_wrong_epochs_and_writes_nothing_for_them()
    {
        await using var kafka = await StartAsync();
        kafka.CreateTopic(new TopicSpec("orders", 2, 1, []));
        using var session = await WireSession.OpenAsync(kafka.Port);
        var (pid, epoch) = await BeginAsync(session, "app");
        long before = StateTopicEnd(kafka);

        var unknownTopic = await AddPartitionsAsync(session, 0, "app", pid, epoch, ("orders", 0), ("ghost", 0), ("orders", 5));
        var internalTopic = await AddPartitionsAsync(session, 0, "app", pid, epoch, ("orders", 0), (TopicNames.ConsumerOffsets, 0));
        var staleV0 = await AddPartitionsAsync(session, 0, "app", pid, (short)(epoch + 1), ("orders", 0));
        var staleV2 = await AddPartitionsAsync(session, 2, "app", pid, (short)(epoch + 1), ("orders", 0));
        var strangerV3 = await AddPartitionsAsync(session, 3, "stranger", pid, epoch, ("orders", 0));

        Assert.Equal((short)ErrorCode.OperationNotAttempted, unknownTopic["orders-0"]);
        Assert.Equal((short)ErrorCode.UnknownTopicOrPartition, unknownTopic["ghost-0"]);
        Assert.Equal((short)ErrorCode.UnknownTopicOrPartition, unknownTopic["orders-5"]);
        Assert.Equal((short)ErrorCode.TopicAuthorizationFailed, internalTopic[$"{TopicNames.ConsumerOffsets}-0"]);
        Assert.Equal((short)ErrorCode.InvalidProducerEpoch, staleV0["orders-0"]);
        Assert.Equal((short)ErrorCode.ProducerFenced, staleV2["orders-0"]);
        Assert.Equal((short)ErrorCode.InvalidProducerIdMapping, strangerV3["orders-0"]);
        Assert.Equal(before, StateTopicEnd(kafka));
        Assert.Equal("Empty", (await DescribeAsync(session, "app")).TransactionState);

        var added = await AddPartitionsAsync(session, 0, "app", pid, epoch, ("orders", 0), ("orders", 1));
        Assert.All(added.Values, e => Assert.Equal(0, e));
        Assert.Equal(2, (await DescribeAsync(session, "app")).Topics.Single().Partitions.Count);
    }

    [Fact]
    public async Task AddPartitionsToTxn_v4_batches_transactions_and_verifies_without_adding()
    {
        await using var kafka = await StartAsync();
        kafka.CreateTopic(new TopicSpec("orders", 2, 1, []));
        using var session = await WireSession.OpenAsync(kafka.Port);
        var (pidA, epochA) = await BeginAsync(session, "a");
        var (pidB, epochB) = await BeginAsync(session, "b");

        var added = await SendV4Async(session, 4, Transaction("a", pidA, epochA, false, 0), Transaction("b", pidB, epochB, false, 1));
        var verified = await SendV4Async(session, 4, Transaction("a", pidA, epochA, true, 0, 1), Transaction("b", pidB, (short)(epochB + 1), true, 1));

        Assert.Equal(0, added.ErrorCode);
        Assert.All(added.ResultsByTransaction.SelectMany(t => t.TopicResults).SelectMany(t => t.ResultsByPartition), p => Assert.Equal(0, p.PartitionErrorCode));
        var a = verified.ResultsByTransaction.Single(t => t.TransactionalId == "a").TopicResults.Single().ResultsByPartition;
        Assert.Equal([(0, (short)0), (1, (short)ErrorCode.TransactionAbortable)], a.Select(p => (p.PartitionIndex, p.PartitionErrorCode)));
        var b = verified.ResultsByTransaction.Single(t => t.TransactionalId == "b").TopicResults.Single().ResultsByPartition.Single();
        Assert.Equal((short)ErrorCode.ProducerFenced, b.PartitionErrorCode);
        Assert.Single((await DescribeAsync(session, "a")).Topics.Single().Partitions); // verifying added nothing
    }

    [Fact]
    public async Task AddOffsetsToTxn_adds_the_groups_offsets_partition_and_a_commit_completes()
    {
        await using var kafka = await StartAsync();
        using var session = await WireSession.OpenAsync(kafka.Port);
        var (pid, epoch) = await BeginAsync(session, "app");

        Assert.Equal(0, await AddOffsetsAsync(session, 0, "app", pid, epoch, "billing"));
        var described = await DescribeAsync(session, "app");
        var topic = described.Topics.Single();
        Assert.Equal((TopicNames.ConsumerOffsets, GroupPartitioner.PartitionFor("billing", 3)), (topic.Topic, topic.Partitions.Single()));
        Assert.Equal("Ongoing", described.TransactionState);

        var end = await EndAsync(session, 1, "app", pid, epoch, commit: true);

        Assert.Equal(0, end.ErrorCode);
        var completed = await WaitForStateAsync(session, "app", "CompleteCommit");
        Assert.Empty(completed.Topics);
        Assert.Equal(0, (await EndAsync(session, 3, "app", pid, epoch, commit: true)).ErrorCode); // a retried commit
    }

    [Fact]
    public async Task EndTxn_for_an_unknown_id_or_an_old_epoch_gets_Kafkas_errors()
    {
        await using var kafka = await StartAsync();
        using var session = await WireSession.OpenAsync(kafka.Port);
        var (pid, epoch) = await BeginAsync(session, "app");
        await AddOffsetsAsync(session, 3, "app", pid, epoch, "g");

        var unknownV1 = await EndAsync(session, 1, "never-initialised", pid, epoch, commit: true);
        var unknownV5 = await EndAsync(session, 5, "never-initialised", pid, epoch, commit: false);
        var staleV1 = await EndAsync(session, 1, "app", pid, (short)(epoch - 1), commit: true);
        var staleV2 = await EndAsync(session, 2, "app", pid, (short)(epoch - 1), commit: true);
        var otherPid = await EndAsync(session, 3, "app", pid + 1, epoch, commit: true);

        Assert.Equal((short)ErrorCode.InvalidProducerIdMapping, unknownV1.ErrorCode);
        Assert.Equal(((short)ErrorCode.InvalidProducerIdMapping, -1L, (short)-1), (unknownV5.ErrorCode, unknownV5.ProducerId, unknownV5.ProducerEpoch));
        Assert.Equal((short)ErrorCode.InvalidProducerEpoch, staleV1.ErrorCode);
        Assert.Equal((short)ErrorCode.ProducerFenced, staleV2.ErrorCode);
        Assert.Equal((short)ErrorCode.InvalidProducerIdMapping, otherPid.ErrorCode);
        Assert.Equal("Ongoing", (await DescribeAsync(session, "app")).TransactionState);
    }

    [Fact]
    public async Task EndTxn_v5_bumps_the_epoch_and_returns_the_one_for_the_next_transaction()
    {
        await using var kafka = await StartAsync();
        using var session = await WireSession.OpenAsync(kafka.Port);
        var (pid, epoch) = await BeginAsync(session, "app");
        await AddOffsetsAsync(session, 4, "app", pid, epoch, "g");

        var end = await EndAsync(session, 5, "app", pid, epoch, commit: false);

        Assert.Equal((0, pid, (short)(epoch + 1)), (end.ErrorCode, end.ProducerId, end.ProducerEpoch));
        await WaitForStateAsync(session, "app", "CompleteAbort");
        Assert.Equal(0, await AddOffsetsAsync(session, 4, "app", pid, (short)(epoch + 1), "g"));
    }

    [Fact]
    public async Task A_second_InitProducerId_aborts_the_open_transaction_and_fences_the_first_producer()
    {
        await using var kafka = await StartAsync();
        using var session = await WireSession.OpenAsync(kafka.Port);
        var (pid, epoch) = await BeginAsync(session, "app");
        Assert.Equal(0, await AddOffsetsAsync(session, 1, "app", pid, epoch, "g"));

        var takeover = await InitAsync(session, 4, "app");
        var settled = await InitUntilSettledAsync(session, "app");

        Assert.Equal((short)ErrorCode.ConcurrentTransactions, takeover.ErrorCode);
        Assert.Equal((0, pid, (short)(epoch + 2)), (settled.ErrorCode, settled.ProducerId, settled.ProducerEpoch));
        Assert.Equal("Empty", (await DescribeAsync(session, "app")).TransactionState);
        Assert.Equal((short)ErrorCode.InvalidProducerEpoch, await AddOffsetsAsync(session, 1, "app", pid, epoch, "g"));
        Assert.Equal((short)ErrorCode.ProducerFenced, await AddOffsetsAsync(session, 2, "app", pid, epoch, "g"));
        Assert.Equal((short)ErrorCode.ProducerFenced, (await EndAsync(session, 4, "app", pid, epoch, commit: true)).ErrorCode);
    }

    [Fact]
    public async Task A_transaction_past_its_timeout_is_aborted_by_the_coordinator_and_its_producer_fenced()
    {
        await using var kafka = await StartAsync(o => o.Transactions.TransactionAbortTimedOutTransactionCleanupIntervalMs = 50);
        using var session = await WireSession.OpenAsync(kafka.Port);
        var (pid, epoch) = await BeginAsync(session, "slow", timeoutMs: 200);
        Assert.Equal(0, await AddOffsetsAsync(session, 3, "slow", pid, epoch, "g"));

        var aborted = await WaitForStateAsync(session, "slow", "CompleteAbort");

        Assert.Equal((pid, (short)(epoch + 1)), (aborted.ProducerId, aborted.ProducerEpoch));
        Assert.Equal((short)ErrorCode.InvalidProducerEpoch, (await EndAsync(session, 1, "slow", pid, epoch, commit: true)).ErrorCode);
        Assert.Equal((short)ErrorCode.ProducerFenced, (await EndAsync(session, 3, "slow", pid, epoch, commit: true)).ErrorCode);
    }

    private static AddPartitionsToTxnRequest.AddPartitionsToTxnTransaction Transaction(string id, long pid, short epoch, bool verifyOnly, params int[] partitions) =>
        new()
        {
            TransactionalId = id,
            ProducerId = pid,
            ProducerEpoch = epoch,
            VerifyOnly = verifyOnly,
            Topics = [new AddPartitionsToTxnRequest.AddPartitionsToTxnTopic { Name = "orders", Partitions = partitions.ToList() }],
        };

    private static Task<AddPartitionsToTxnResponse> SendV4Async(WireSession session, short version, params AddPartitionsToTxnRequest.AddPartitionsToTxnTransaction[] transactions) =>
        session.SendAsync<AddPartitionsToTxnResponse>(AddPartitionsToTxnRequest.ApiKey, version, new AddPartitionsToTxnRequest { Transactions = transactions.ToList() }, flexible: true);
}
