using KafkaNet.Broker.Tests.Network;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using static KafkaNet.Broker.Tests.Transactions.TransactionWire;

namespace KafkaNet.Broker.Tests.Transactions;

/// <summary>ApiVersions, DescribeTransactions, ListTransactions and WriteTxnMarkers over the wire.</summary>
public sealed class TransactionAdminWireTests
{
    [Fact]
    public async Task ApiVersions_advertises_the_transaction_apis_in_the_ranges_implemented()
    {
        await using var kafka = await StartAsync();
        using var session = await WireSession.OpenAsync(kafka.Port);

        var response = await session.SendAsync<ApiVersionsResponse>(ApiVersionsRequest.ApiKey, 0, new ApiVersionsRequest(), flexible: false);

        var advertised = response.ApiKeys.ToDictionary(k => k.ApiKey, k => (k.MinVersion, k.MaxVersion));
        Assert.Equal(((short)0, (short)5), advertised[InitProducerIdRequest.ApiKey]);
        Assert.Equal(((short)0, (short)5), advertised[AddPartitionsToTxnRequest.ApiKey]);
        Assert.Equal(((short)0, (short)4), advertised[AddOffsetsToTxnRequest.ApiKey]);
        Assert.Equal(((short)0, (short)5), advertised[EndTxnRequest.ApiKey]);
        Assert.Equal(((short)0, (short)1), advertised[WriteTxnMarkersRequest.ApiKey]);
        Assert.Equal(((short)0, (short)0), advertised[DescribeTransactionsRequest.ApiKey]);
        Assert.Equal(((short)0, (short)2), advertised[ListTransactionsRequest.ApiKey]);
    }

    [Fact]
    public async Task DescribeTransactions_reports_each_id_or_why_not()
    {
        await using var kafka = await StartAsync();
        using var session = await WireSession.OpenAsync(kafka.Port);
        var before = await DescribeAsync(session, "app");
        var (pid, epoch) = await BeginAsync(session, "app", timeoutMs: 30000);
        await AddOffsetsAsync(session, 3, "app", pid, epoch, "g");

        var response = await session.SendAsync<DescribeTransactionsResponse>(DescribeTransactionsRequest.ApiKey, 0,
            new DescribeTransactionsRequest { TransactionalIds = ["app", "unknown", ""] }, flexible: true);

        Assert.Equal((short)ErrorCode.NotCoordinator, before.ErrorCode); // no __transaction_state yet
        var app = response.TransactionStates[0];
        Assert.Equal((0, "Ongoing", 30000, pid, epoch), (app.ErrorCode, app.TransactionState, app.TransactionTimeoutMs, app.ProducerId, app.ProducerEpoch));
        Assert.True(app.TransactionStartTimeMs > 0);
        Assert.Equal(TopicNames.ConsumerOffsets, app.Topics.Single().Topic);
        Assert.Equal(((short)ErrorCode.TransactionalIdNotFound, "unknown"), (response.TransactionStates[1].ErrorCode, response.TransactionStates[1].TransactionalId));
        Assert.Equal((short)ErrorCode.InvalidRequest, response.TransactionStates[2].ErrorCode);
    }

    [Fact]
    public async Task ListTransactions_filters_by_state_producer_duration_and_pattern()
    {
        await using var kafka = await StartAsync();
        using var session = await WireSession.OpenAsync(kafka.Port);
        var (pidA, epochA) = await BeginAsync(session, "orders-a");
        var (pidB, _) = await BeginAsync(session, "orders-b");
        await BeginAsync(session, "billing");
        await AddOffsetsAsync(session, 3, "orders-a", pidA, epochA, "g");
        await Task.Delay(30);

        var all = await ListAsync(session, 0, new ListTransactionsRequest());
        var ongoing = await ListAsync(session, 0, new ListTransactionsRequest { StateFilters = ["Ongoing", "Sleeping"] });
        var byProducer = await ListAsync(session, 0, new ListTransactionsRequest { ProducerIdFilters = [pidB] });
        var longRunning = await ListAsync(session, 1, new ListTransactionsRequest { StateFilters = ["Ongoing"], DurationFilter = 3_600_000 });
        var running = await ListAsync(session, 1, new ListTransactionsRequest { StateFilters = ["Ongoing"], DurationFilter = 10 });
        var pattern = await ListAsync(session, 2, new ListTransactionsRequest { TransactionalIdPattern = "orders-.*" });
        var partial = await ListAsync(session, 2, new ListTransactionsRequest { TransactionalIdPattern = "orders" });
        var invalid = await ListAsync(session, 2, new ListTransactionsRequest { TransactionalIdPattern = "(unclosed" });

        Assert.Equal(["billing", "orders-a", "orders-b"], Ids(all));
        Assert.Equal(["orders-a"], Ids(ongoing));
        Assert.Equal(["Sleeping"], ongoing.UnknownStateFilters);
        Assert.Equal(("Ongoing", pidA), (ongoing.TransactionStates[0].TransactionState, ongoing.TransactionStates[0].ProducerId));
        Assert.Equal(["orders-b"], Ids(byProducer));
        Assert.Empty(Ids(longRunning));
        Assert.Equal(["orders-a"], Ids(running));
        Assert.Equal(["orders-a", "orders-b"], Ids(pattern));
        Assert.Empty(Ids(partial)); // the whole id must match
        Assert.Equal((short)ErrorCode.InvalidRegularExpression, invalid.ErrorCode);
    }

    [Fact]
    public async Task WriteTxnMarkers_answers_per_partition_and_merges_results_per_producer()
    {
        await using var kafka = await StartAsync();
        using var session = await WireSession.OpenAsync(kafka.Port);
        // Creates __consumer_offsets, whose markers the group coordinator writes.
        await kafka.WaitForGroupCoordinatorAsync("g");

        var response = await session.SendAsync<WriteTxnMarkersResponse>(WriteTxnMarkersRequest.ApiKey, 1, new WriteTxnMarkersRequest
        {
            Markers =
            [
                Marker(7, commit: true, ("ghost", 0), (TopicNames.ConsumerOffsets, 1)),
                Marker(7, commit: true, (TopicNames.ConsumerOffsets, 99)),
                Marker(8, commit: false, ("ghost", 3)),
            ],
        }, flexible: true);

        Assert.Equal([7L, 8L], response.Markers.Select(m => m.ProducerId));
        var seven = response.Markers[0].Topics.SelectMany(t => t.Partitions.Select(p => ($"{t.Name}-{p.PartitionIndex}", p.ErrorCode))).ToList();
        Assert.Equal([("ghost-0", (short)ErrorCode.UnknownTopicOrPartition), ($"{TopicNames.ConsumerOffsets}-1", (short)0),
            ($"{TopicNames.ConsumerOffsets}-99", (short)ErrorCode.UnknownTopicOrPartition)], seven);
        Assert.Equal((short)ErrorCode.UnknownTopicOrPartition, response.Markers[1].Topics.Single().Partitions.Single().ErrorCode);
    }

    internal static WriteTxnMarkersRequest.WritableTxnMarker Marker(long producerId, bool commit, params (string Topic, int Partition)[] partitions) => new()
    {
        ProducerId = producerId,
        ProducerEpoch = 0,
        TransactionResult = commit,
        CoordinatorEpoch = 0,
        Topics = partitions.GroupBy(p => p.Topic)
            .Select(g => new WriteTxnMarkersRequest.WritableTxnMarkerTopic { Name = g.Key, PartitionIndexes = g.Select(p => p.Partition).ToList() })
            .ToList(),
    };

    private static Task<ListTransactionsResponse> ListAsync(WireSession session, short version, ListTransactionsRequest request) =>
        session.SendAsync<ListTransactionsResponse>(ListTransactionsRequest.ApiKey, version, request, flexible: true);

    private static List<string> Ids(ListTransactionsResponse response) => response.TransactionStates.Select(t => t.TransactionalId).Order(StringComparer.Ordinal).ToList();
}
