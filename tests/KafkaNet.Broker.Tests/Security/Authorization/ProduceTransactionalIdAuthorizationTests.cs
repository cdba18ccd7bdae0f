using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Broker.Tests.Idempotence;
using KafkaNet.Protocol.Messages;
using Ours = KafkaNet.Protocol.ErrorCode;

namespace KafkaNet.Broker.Tests.Security.Authorization;

/// <summary>
/// Produce authorizes its transactional id as Kafka does: WRITE on it only when the request carries transactional
/// records; a request of plain records is judged on its topics alone, whatever transactional id it names.
/// </summary>
public sealed class ProduceTransactionalIdAuthorizationTests(SecuredNode node) : IClassFixture<SecuredNode>
{
    private const string TransactionalId = "produce-txn";

    [Fact]
    public async Task Plain_records_under_a_transactional_id_alice_may_not_write_are_appended()
    {
        try
        {
            await node.CreateAclsAsync(MatrixCases.Allow(AclOperation.Write, AclResourceType.Topic, MatrixCases.Topic));

            var response = await ProduceAsync(ProducerBatches.Plain());

            Assert.Equal((short)Ours.None, PartitionError(response));
        }
        finally
        {
            await node.DeleteAllAclsAsync();
        }
    }

    [Fact]
    public async Task Transactional_records_need_write_on_the_transactional_id()
    {
        try
        {
            await node.CreateAclsAsync(MatrixCases.Allow(AclOperation.Write, AclResourceType.Topic, MatrixCases.Topic));
            long endBefore = node.Broker.Replicas!.Find(MatrixCases.Topic, 0)!.LogEndOffset;

            var response = await ProduceAsync(ProducerBatches.Batch(producerId: 7070, epoch: 0, baseSequence: 0, transactional: true));

            Assert.Equal((short)Ours.TransactionalIdAuthorizationFailed, PartitionError(response));
            Assert.Equal(endBefore, node.Broker.Replicas!.Find(MatrixCases.Topic, 0)!.LogEndOffset);
        }
        finally
        {
            await node.DeleteAllAclsAsync();
        }
    }

    private Task<ProduceResponse> ProduceAsync(byte[] records) =>
        node.SendAsync<ProduceResponse>(node.AliceConnection, ProduceRequest.ApiKey, 9,
            ProducerBatches.Request(MatrixCases.Topic, 0, records, acks: 1, transactionalId: TransactionalId));

    private static short PartitionError(ProduceResponse response) =>
        Assert.Single(Assert.Single(response.Responses).PartitionResponses).ErrorCode;
}
