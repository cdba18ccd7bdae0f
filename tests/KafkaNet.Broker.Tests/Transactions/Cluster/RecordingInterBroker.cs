using System.Collections.Concurrent;
using KafkaNet.Broker.InterBroker;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Transactions.Cluster;

/// <summary>Other brokers as seen through the inter-broker channel: WriteTxnMarkers are recorded and answered with <see cref="Answer"/>.</summary>
internal sealed class RecordingInterBroker : IInterBrokerChannel
{
    public ConcurrentQueue<(int BrokerId, WriteTxnMarkersRequest Request)> Markers { get; } = new();

    /// <summary>The error every partition of a WriteTxnMarkers gets.</summary>
    public volatile short Answer;

    public Task<TResponse> SendAsync<TResponse>(int brokerId, IKafkaMessage request, short apiKey, short apiVersion, CancellationToken cancellationToken)
        where TResponse : class, IKafkaMessage<TResponse>
    {
        var markers = (WriteTxnMarkersRequest)request;
        Markers.Enqueue((brokerId, markers));
        var response = new WriteTxnMarkersResponse();
        foreach (var marker in markers.Markers)
        {
            var result = new WriteTxnMarkersResponse.WritableTxnMarkerResult { ProducerId = marker.ProducerId };
            foreach (var topic in marker.Topics)
            {
                var topicResult = new WriteTxnMarkersResponse.WritableTxnMarkerTopicResult { Name = topic.Name };
                foreach (int p in topic.PartitionIndexes)
                {
                    topicResult.Partitions.Add(new WriteTxnMarkersResponse.WritableTxnMarkerPartitionResult { PartitionIndex = p, ErrorCode = Answer });
                }
                result.Topics.Add(topicResult);
            }
            response.Markers.Add(result);
        }
        return Task.FromResult((TResponse)(IKafkaMessage)response);
    }
}
