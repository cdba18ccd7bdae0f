using System.Collections.Concurrent;
using KafkaNet.Broker.Controller;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Transactions.Cluster;

/// <summary>
/// A controller that records what brokers ask of it: CreateTopics is accepted (the topic appears only with the next
/// published image), AllocateProducerIds hands out blocks of <see cref="BlockLength"/> ids starting at 5000, 7000...
/// </summary>
internal sealed class RecordingTxnController : IControllerChannel
{
    public const int BlockLength = 10;
    public const long FirstBlockStart = 5000;
    public const long BlockStride = 2000;

    public ConcurrentQueue<CreateTopicsRequest> CreateTopics { get; } = new();

    public ConcurrentQueue<AllocateProducerIdsRequest> Allocations { get; } = new();

    public Task<TResponse> SendAsync<TResponse>(IKafkaMessage request, short apiKey, short apiVersion, CancellationToken cancellationToken)
        where TResponse : class, IKafkaMessage<TResponse>
    {
        IKafkaMessage response;
        switch (request)
        {
            case CreateTopicsRequest create:
                CreateTopics.Enqueue(create);
                var created = new CreateTopicsResponse();
                foreach (var topic in create.Topics)
                {
                    created.Topics.Add(new CreateTopicsResponse.CreatableTopicResult { Name = topic.Name, NumPartitions = topic.NumPartitions, ReplicationFactor = topic.ReplicationFactor });
                }
                response = created;
                break;
            case AllocateProducerIdsRequest allocate:
                long start = FirstBlockStart + (BlockStride * Allocations.Count);
                Allocations.Enqueue(allocate);
                response = new AllocateProducerIdsResponse { ProducerIdStart = start, ProducerIdLen = BlockLength };
                break;
            default:
                throw new InvalidOperationException($"Unexpected controller request {apiKey}.");
        }
        return Task.FromResult((TResponse)response);
    }
}
