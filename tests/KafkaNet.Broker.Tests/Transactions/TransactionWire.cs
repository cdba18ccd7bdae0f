using System.Diagnostics;
using KafkaNet.Broker.Tests.Network;
using KafkaNet.Broker.Topics;
using KafkaNet.Embedded;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Transactions;

/// <summary>An embedded broker set up for transaction tests, and the raw transaction requests they send.</summary>
internal static class TransactionWire
{
    public const int StatePartitions = 3;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(15);

    public static Task<EmbeddedKafka> StartAsync(Action<BrokerOptions>? configure = null) =>
        EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions
        {
            Configure = o =>
            {
                o.Transactions.TransactionStateLogNumPartitions = StatePartitions;
                o.Groups.OffsetsTopicNumPartitions = 3;
                configure?.Invoke(o);
            },
        });

    public static async Task<FindCoordinatorResponse> FindCoordinatorAsync(WireSession session, string transactionalId) =>
        await session.SendAsync<FindCoordinatorResponse>(FindCoordinatorRequest.ApiKey, 1,
            new FindCoordinatorRequest { Key = transactionalId, KeyType = 1 }, flexible: false);

    public static Task<InitProducerIdResponse> InitAsync(WireSession session, short version, string? transactionalId, int timeoutMs = 60000,
        long producerId = -1, short producerEpoch = -1) =>
        session.SendAsync<InitProducerIdResponse>(InitProducerIdRequest.ApiKey, version, new InitProducerIdRequest
        {
            TransactionalId = transactionalId,
            TransactionTimeoutMs = timeoutMs,
            ProducerId = producerId,
            ProducerEpoch = producerEpoch,
        }, flexible: version >= 2);

    /// <summary>
    /// FindCoordinator then InitProducerId v4, asserting both succeed. Retriable coordinator errors are retried, as
    /// clients do, while the transaction log is created or a block of producer ids is on its way (at most 10 s).
    /// </summary>
    public static async Task<(long ProducerId, short Epoch)> BeginAsync(WireSession session, string transactionalId, int timeoutMs = 60000)
    {
        await UntilNotLoadingAsync(async () => (await FindCoordinatorAsync(session, transactionalId)).ErrorCode);
        var init = await UntilNotLoadingAsync(() => InitAsync(session, 4, transactionalId, timeoutMs), r => r.ErrorCode);
        Assert.Equal(0, init.ErrorCode);
        return (init.ProducerId, init.ProducerEpoch);
    }

    /// <summary>InitProducerId without a transactional id, retried as <see cref="BeginAsync"/> retries.</summary>
    public static Task<InitProducerIdResponse> InitIdempotentAsync(WireSession session, short version) =>
        UntilNotLoadingAsync(() => InitAsync(session, version, null), r => r.ErrorCode);

    /// <summary>FindCoordinator for a transactional id, asked again (bounded) while the coordinator is not there yet.</summary>
    public static Task<FindCoordinatorResponse> FindCoordinatorWhenReadyAsync(WireSession session, string transactionalId) =>
        UntilNotLoadingAsync(() => FindCoordinatorAsync(session, transactionalId), r => r.ErrorCode);

    /// <summary>Calls again, as a client retries, while the answer is COORDINATOR_LOAD_IN_PROGRESS, _NOT_AVAILABLE or NOT_COORDINATOR.</summary>
    public static Task<T> RetriedAsync<T>(Func<Task<T>> call, Func<T, short> error) => UntilNotLoadingAsync(call, error);

    private static async Task UntilNotLoadingAsync(Func<Task<short>> call)
    {
        short error = await UntilNotLoadingAsync(call, e => e);
        Assert.Equal(0, error);
    }

    private static async Task<T> UntilNotLoadingAsync<T>(Func<Task<T>> call, Func<T, short> error)
    {
        var result = await call();
        for (int attempt = 0; attempt < 100 && error(result) is 14 or 15 or 16; attempt++)
        {
            await Task.Delay(100);
            result = await call();
        }
        return result;
    }

    /// <summary>AddPartitionsToTxn v0-3: the per-partition errors, by "topic-partition".</summary>
    public static async Task<Dictionary<string, short>> AddPartitionsAsync(WireSession session, short version, string transactionalId, long producerId,
        short epoch, params (string Topic, int Partition)[] partitions)
    {
        var request = new AddPartitionsToTxnRequest
        {
            V3AndBelowTransactionalId = transactionalId,
            V3AndBelowProducerId = producerId,
            V3AndBelowProducerEpoch = epoch,
            V3AndBelowTopics = partitions.GroupBy(p => p.Topic)
                .Select(g => new AddPartitionsToTxnRequest.AddPartitionsToTxnTopic { Name = g.Key, Partitions = g.Select(p => p.Partition).ToList() })
                .ToList(),
        };
        var response = await session.SendAsync<AddPartitionsToTxnResponse>(AddPartitionsToTxnRequest.ApiKey, version, request, flexible: version >= 3);
        return response.ResultsByTopicV3AndBelow
            .SelectMany(t => t.ResultsByPartition.Select(p => ($"{t.Name}-{p.PartitionIndex}", p.PartitionErrorCode)))
            .ToDictionary(e => e.Item1, e => e.PartitionErrorCode);
    }

    public static async Task<short> AddOffsetsAsync(WireSession session, short version, string transactionalId, long producerId, short epoch, string groupId) =>
        (await session.SendAsync<AddOffsetsToTxnResponse>(AddOffsetsToTxnRequest.ApiKey, version, new AddOffsetsToTxnRequest
        {
            TransactionalId = transactionalId,
            ProducerId = producerId,
            ProducerEpoch = epoch,
            GroupId = groupId,
        }, flexible: version >= 3)).ErrorCode;

    public static Task<EndTxnResponse> EndAsync(WireSession session, short version, string transactionalId, long producerId, short epoch, bool commit) =>
        session.SendAsync<EndTxnResponse>(EndTxnRequest.ApiKey, version, new EndTxnRequest
        {
            TransactionalId = transactionalId,
            ProducerId = producerId,
            ProducerEpoch = epoch,
            Committed = commit,
        }, flexible: version >= 3);

    public static async Task<DescribeTransactionsResponse.TransactionStateData> DescribeAsync(WireSession session, string transactionalId) =>
        (await session.SendAsync<DescribeTransactionsResponse>(DescribeTransactionsRequest.ApiKey, 0,
            new DescribeTransactionsRequest { TransactionalIds = [transactionalId] }, flexible: true)).TransactionStates.Single();

    /// <summary>Polls DescribeTransactions (bounded) until the id reaches a state; returns the last description.</summary>
    public static async Task<DescribeTransactionsResponse.TransactionStateData> WaitForStateAsync(WireSession session, string transactionalId, string state)
    {
        var clock = Stopwatch.StartNew();
        var described = await DescribeAsync(session, transactionalId);
        while (described.TransactionState != state && clock.Elapsed < Budget)
        {
            await Task.Delay(20);
            described = await DescribeAsync(session, transactionalId);
        }
        Assert.Equal(state, described.TransactionState);
        return described;
    }

    /// <summary>Retries InitProducerId (bounded) while the coordinator answers CONCURRENT_TRANSACTIONS.</summary>
    public static async Task<InitProducerIdResponse> InitUntilSettledAsync(WireSession session, string transactionalId, int timeoutMs = 60000)
    {
        var clock = Stopwatch.StartNew();
        var init = await InitAsync(session, 4, transactionalId, timeoutMs);
        while (init.ErrorCode == (short)Protocol.ErrorCode.ConcurrentTransactions && clock.Elapsed < Budget)
        {
            await Task.Delay(20);
            init = await InitAsync(session, 4, transactionalId, timeoutMs);
        }
        return init;
    }

    /// <summary>The summed log end offsets of __transaction_state: unchanged means nothing was written.</summary>
    public static long StateTopicEnd(EmbeddedKafka kafka) =>
        Enumerable.Range(0, StatePartitions).Sum(p => kafka.Broker.Replicas!.Find(TopicNames.TransactionState, p)?.LogEndOffset ?? 0);
}
