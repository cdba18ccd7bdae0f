using System.Collections.Concurrent;
using KafkaNet.Broker.Controller;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Replication;

/// <summary>A controller that records AlterPartition requests and accepts each with the next partition epoch.</summary>
internal sealed class RecordingController : IControllerChannel
{
    public ConcurrentQueue<(AlterPartitionRequest Request, short Version)> Requests { get; } = new();

    public Task<TResponse> SendAsync<TResponse>(IKafkaMessage request, short apiKey, short apiVersion, CancellationToken cancellationToken)
        where TResponse : class, IKafkaMessage<TResponse>
    {
        var alter = (AlterPartitionRequest)request;
        Requests.Enqueue((alter, apiVersion));
        var response = new AlterPartitionResponse();
        foreach (var topic in alter.Topics)
        {
            var answered = new AlterPartitionResponse.TopicData { TopicId = topic.TopicId };
            foreach (var p in topic.Partitions)
            {
                answered.Partitions.Add(new AlterPartitionResponse.PartitionData
                {
                    PartitionIndex = p.PartitionIndex,
                    LeaderId = alter.BrokerId,
                    LeaderEpoch = p.LeaderEpoch,
                    Isr = [.. p.NewIsrWithEpochs.Select(b => b.BrokerId)],
                    PartitionEpoch = p.PartitionEpoch + 1,
                });
            }
            response.Topics.Add(answered);
        }
        return Task.FromResult((TResponse)(IKafkaMessage)response);
    }
}
