using System.Text.RegularExpressions;
using KafkaNet.Broker.Tests.Idempotence;
using KafkaNet.Broker.Tests.Network;
using KafkaNet.Broker.Tests.Groups.Wire;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol.Messages;
using KafkaNet.Storage;
using static KafkaNet.Broker.Tests.Transactions.TransactionWire;

namespace KafkaNet.Broker.Tests.EveryVersion;

/// <summary>
/// Probes for idempotent and transactional producers. A transaction runs as a client runs it
/// (FindCoordinator, InitProducerId, AddPartitionsToTxn, a transactional Produce, EndTxn) with the
/// probed API at the probed version and the other steps at fixed versions.
/// </summary>
internal static partial class VersionProbes
{
    static partial void AddTransactionProbes(Dictionary<short, VersionProbe> probes)
    {
        probes[InitProducerIdRequest.ApiKey] = (context, version) => TransactionProbeSet.CommitOneRecordAsync(context, version, new TransactionProbeSet.TxnSteps(Init: version));
        probes[AddPartitionsToTxnRequest.ApiKey] = TransactionProbeSet.AddPartitionsToTxnProbe;
        probes[AddOffsetsToTxnRequest.ApiKey] = TransactionProbeSet.AddOffsetsToTxnProbe;
        probes[EndTxnRequest.ApiKey] = (context, version) => TransactionProbeSet.CommitOneRecordAsync(context, version, new TransactionProbeSet.TxnSteps(End: version));
        probes[WriteTxnMarkersRequest.ApiKey] = TransactionProbeSet.WriteTxnMarkersProbe;
        probes[TxnOffsetCommitRequest.ApiKey] = TransactionProbeSet.TxnOffsetCommitProbe;
        probes[DescribeTransactionsRequest.ApiKey] = TransactionProbeSet.DescribeTransactionsProbe;
        probes[ListTransactionsRequest.ApiKey] = TransactionProbeSet.ListTransactionsProbe;
        probes[DescribeProducersRequest.ApiKey] = TransactionProbeSet.DescribeProducersProbe;
    }

    private static class TransactionProbeSet
    {
        /// <summary>A modern Produce version that still adds partitions explicitly (v12+ may add them implicitly).</summary>
        private const short TxnProduceVersion = 9;

        internal static Task AddPartitionsToTxnProbe(ProbeContext context, short version) =>
            version <= 3 ? CommitOneRecordAsync(context, version, new TxnSteps(AddPartitions: version)) : AddPartitionsBatchedAsync(context, version);

        /// <summary>One record committed in a new topic, each step at the version given; the record is stable only after the commit.</summary>
        internal static async Task CommitOneRecordAsync(ProbeContext context, short version, TxnSteps steps)
        {
            var topic = AdminProbeSet.CreateTopic(context, "txn", version, 1);
            string id = context.UniqueName("txn", version);
            using var session = await WireSession.OpenAsync(context.Port);
            Assert.Equal(0, (await FindCoordinatorWhenReadyAsync(session, id)).ErrorCode);
            var init = await RetriedAsync(() => InitAsync(session, steps.Init, id), r => r.ErrorCode);
            ProbeContext.AssertNoErrors(init);
            Assert.True(init.ProducerId >= 0 && init.ProducerEpoch >= 0, $"producer {init.ProducerId} epoch {init.ProducerEpoch}");
            var (pid, epoch) = (init.ProducerId, init.ProducerEpoch);

            var added = await AddPartitionsAsync(session, steps.AddPartitions, id, pid, epoch, (topic.Name, 0));
            Assert.Equal(0, Assert.Single(added, p => p.Key == $"{topic.Name}-0").Value);
            var log = PartitionOf(context, topic.Name);
            Assert.Equal(0, await ProduceAsync(session, topic.Name, pid, epoch, id));
            Assert.Equal((1L, 0L), (log.LogEndOffset, log.LastStableOffset)); // open transaction

            var end = await EndAsync(session, steps.End, id, pid, epoch, commit: true);
            ProbeContext.AssertNoErrors(end);
            if (steps.End >= 5)
            {
                Assert.Equal((pid, (short)(epoch + 1)), (end.ProducerId, end.ProducerEpoch));
            }
            await WaitForStateAsync(session, id, "CompleteCommit");
            Assert.Equal((2L, 2L), (log.LogEndOffset, log.LastStableOffset)); // the record and its commit marker
        }

        /// <summary>The broker-to-broker form: adds a partition for a transaction, then verifies it is there.</summary>
        private static async Task AddPartitionsBatchedAsync(ProbeContext context, short version)
        {
            var topic = AdminProbeSet.CreateTopic(context, "txn-batched", version, 2);
            string id = context.UniqueName("txn-batched", version);
            using var session = await WireSession.OpenAsync(context.Port);
            var (pid, epoch) = await BeginAsync(session, id);

            var added = await SendBatchedAsync(session, version, id, pid, epoch, topic.Name, verifyOnly: false);
            var verified = await SendBatchedAsync(session, version, id, pid, epoch, topic.Name, verifyOnly: true);

            ProbeContext.AssertNoErrors(added);
            ProbeContext.AssertNoErrors(verified);
            var result = Assert.Single(verified.ResultsByTransaction);
            Assert.Equal(id, result.TransactionalId);
            Assert.Equal([0], Assert.Single(result.TopicResults).ResultsByPartition.Select(p => p.PartitionIndex));
            var described = await DescribeAsync(session, id);
            Assert.Equal(("Ongoing", topic.Name), (described.TransactionState, Assert.Single(described.Topics).Topic));
            Assert.Equal(0, (await EndAsync(session, 3, id, pid, epoch, commit: false)).ErrorCode);
        }

        private static Task<AddPartitionsToTxnResponse> SendBatchedAsync(WireSession session, short version, string id, long pid, short epoch, string topic, bool verifyOnly) =>
            session.SendAsync<AddPartitionsToTxnResponse>(AddPartitionsToTxnRequest.ApiKey, version, new AddPartitionsToTxnRequest
            {
                Transactions = [new() { TransactionalId = id, ProducerId = pid, ProducerEpoch = epoch, VerifyOnly = verifyOnly, Topics = [new() { Name = topic, Partitions = [0] }] }],
            }, flexible: true);

        internal static async Task AddOffsetsToTxnProbe(ProbeContext context, short version)
        {
            string id = context.UniqueName("txn-offsets", version);
            string group = context.UniqueName("txn-group", version);
            using var session = await WireSession.OpenAsync(context.Port);
            var (pid, epoch) = await BeginAsync(session, id);

            Assert.Equal(0, await AddOffsetsAsync(session, version, id, pid, epoch, group));

            var described = await DescribeAsync(session, id);
            Assert.Equal(("Ongoing", TopicNames.ConsumerOffsets), (described.TransactionState, Assert.Single(described.Topics).Topic));
            Assert.Equal(0, (await EndAsync(session, 3, id, pid, epoch, commit: true)).ErrorCode);
            Assert.Empty((await WaitForStateAsync(session, id, "CompleteCommit")).Topics);
        }

        internal static async Task TxnOffsetCommitProbe(ProbeContext context, short version)
        {
            var topic = AdminProbeSet.CreateTopic(context, "txn-commit", version, 1);
            string id = context.UniqueName("txn-commit", version);
            string group = context.UniqueName("txn-commit-group", version);
            using var session = await WireSession.OpenAsync(context.Port);
            var (pid, epoch) = await BeginAsync(session, id);
            Assert.Equal(0, await AddOffsetsAsync(session, 3, id, pid, epoch, group));
            await GroupWire.FindCoordinatorAsync(session, group); // as a client does before committing

            var response = await context.SendAsync<TxnOffsetCommitResponse>(TxnOffsetCommitRequest.ApiKey, version, new TxnOffsetCommitRequest
            {
                TransactionalId = id,
                GroupId = group,
                ProducerId = pid,
                ProducerEpoch = epoch,
                Topics = [new() { Name = topic.Name, Partitions = [new() { PartitionIndex = 0, CommittedOffset = 7, CommittedMetadata = "probe" }] }],
            });

            ProbeContext.AssertNoErrors(response);
            Assert.Equal([(topic.Name, 0)], response.Topics.SelectMany(t => t.Partitions.Select(p => (t.Name, p.PartitionIndex))));
            Assert.Equal(-1, await CommittedOffsetAsync(context, group, topic.Name)); // pending until the commit
            Assert.Equal(0, (await EndAsync(session, 3, id, pid, epoch, commit: true)).ErrorCode);
            await WaitForStateAsync(session, id, "CompleteCommit");
            Assert.Equal(7, await CommittedOffsetAsync(context, group, topic.Name));
        }

        private static async Task<long> CommittedOffsetAsync(ProbeContext context, string group, string topic)
        {
            var fetched = await context.SendAsync<OffsetFetchResponse>(OffsetFetchRequest.ApiKey, 1, new OffsetFetchRequest
            {
                GroupId = group,
                Topics = [new() { Name = topic, PartitionIndexes = [0] }],
            });
            ProbeContext.AssertNoErrors(fetched);
            return Assert.Single(Assert.Single(fetched.Topics).Partitions).CommittedOffset;
        }

        /// <summary>A commit marker written on request makes the open transaction's record stable.</summary>
        internal static async Task WriteTxnMarkersProbe(ProbeContext context, short version)
        {
            var topic = AdminProbeSet.CreateTopic(context, "txn-marker", version, 1);
            string id = context.UniqueName("txn-marker", version);
            using var session = await WireSession.OpenAsync(context.Port);
            var (pid, epoch) = await BeginAsync(session, id);
            Assert.Equal(0, Assert.Single(await AddPartitionsAsync(session, 3, id, pid, epoch, (topic.Name, 0))).Value);
            Assert.Equal(0, await ProduceAsync(session, topic.Name, pid, epoch, id));
            var log = PartitionOf(context, topic.Name);
            Assert.Equal(0, log.LastStableOffset);

            var response = await context.SendAsync<WriteTxnMarkersResponse>(WriteTxnMarkersRequest.ApiKey, version, new WriteTxnMarkersRequest
            {
                Markers =
                [
                    new()
                    {
                        ProducerId = pid,
                        ProducerEpoch = epoch,
                        TransactionResult = true,
                        CoordinatorEpoch = 0,
                        Topics = [new() { Name = topic.Name, PartitionIndexes = [0] }],
                    },
                ],
            });

            ProbeContext.AssertNoErrors(response);
            var marker = Assert.Single(response.Markers);
            Assert.Equal((pid, topic.Name), (marker.ProducerId, Assert.Single(marker.Topics).Name));
            Assert.Equal((2L, 2L), (log.LogEndOffset, log.LastStableOffset));
        }

        internal static async Task DescribeTransactionsProbe(ProbeContext context, short version)
        {
            string id = context.UniqueName("txn-describe", version);
            using var session = await WireSession.OpenAsync(context.Port);
            var (pid, epoch) = await BeginAsync(session, id, timeoutMs: 30000);

            var response = await context.SendAsync<DescribeTransactionsResponse>(DescribeTransactionsRequest.ApiKey, version,
                new DescribeTransactionsRequest { TransactionalIds = [id] });

            ProbeContext.AssertNoErrors(response);
            var state = Assert.Single(response.TransactionStates);
            Assert.Equal((id, "Empty", 30000, pid, epoch), (state.TransactionalId, state.TransactionState, state.TransactionTimeoutMs, state.ProducerId, state.ProducerEpoch));
            Assert.Empty(state.Topics);
        }

        internal static async Task ListTransactionsProbe(ProbeContext context, short version)
        {
            string id = context.UniqueName("txn-list", version);
            using var session = await WireSession.OpenAsync(context.Port);
            var (pid, _) = await BeginAsync(session, id);
            var request = new ListTransactionsRequest { StateFilters = ["Empty"], ProducerIdFilters = [pid] };
            if (version >= 2)
            {
                request.TransactionalIdPattern = Regex.Escape(id);
            }

            var response = await context.SendAsync<ListTransactionsResponse>(ListTransactionsRequest.ApiKey, version, request);

            ProbeContext.AssertNoErrors(response);
            Assert.Empty(response.UnknownStateFilters);
            var listed = Assert.Single(response.TransactionStates);
            Assert.Equal((id, pid, "Empty"), (listed.TransactionalId, listed.ProducerId, listed.TransactionState));
        }

        /// <summary>An idempotent producer's three records show as its active state on the partition.</summary>
        internal static async Task DescribeProducersProbe(ProbeContext context, short version)
        {
            var topic = AdminProbeSet.CreateTopic(context, "producers", version, 1);
            using var session = await WireSession.OpenAsync(context.Port);
            var init = await InitAsync(session, 4, transactionalId: null);
            ProbeContext.AssertNoErrors(init);
            Assert.Equal(0, await ProduceAsync(session, topic.Name, init.ProducerId, init.ProducerEpoch, transactionalId: null, count: 3));

            var response = await context.SendAsync<DescribeProducersResponse>(DescribeProducersRequest.ApiKey, version, new DescribeProducersRequest
            {
                Topics = [new() { Name = topic.Name, PartitionIndexes = [0] }],
            });

            ProbeContext.AssertNoErrors(response);
            var partition = Assert.Single(Assert.Single(response.Topics).Partitions);
            var producer = Assert.Single(partition.ActiveProducers);
            Assert.Equal((init.ProducerId, (int)init.ProducerEpoch, 2, -1L), (producer.ProducerId, producer.ProducerEpoch, producer.LastSequence, producer.CurrentTxnStartOffset));
        }

        /// <summary>Produces records from a producer to partition 0 of a topic; returns the base offset.</summary>
        private static async Task<long> ProduceAsync(WireSession session, string topic, long pid, short epoch, string? transactionalId, int count = 1)
        {
            var batch = ProducerBatches.Batch(pid, epoch, 0, count, transactional: transactionalId is not null);
            var response = await session.SendAsync<ProduceResponse>(ProduceRequest.ApiKey, TxnProduceVersion,
                ProducerBatches.Request(topic, 0, batch, transactionalId: transactionalId), flexible: true);
            ProbeContext.AssertNoErrors(response);
            return Assert.Single(Assert.Single(response.Responses).PartitionResponses).BaseOffset;
        }

        private static PartitionLog PartitionOf(ProbeContext context, string topic) => context.Kafka.Broker.Replicas!.Find(topic, 0)!;

        /// <summary>The versions of the steps of a transaction: the probed one varies, the others are fixed.</summary>
        internal sealed record TxnSteps(short Init = 4, short AddPartitions = 3, short End = 3);
    }
}
