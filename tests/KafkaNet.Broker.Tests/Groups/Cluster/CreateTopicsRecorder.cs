using System.Collections.Concurrent;
using KafkaNet.Broker.Controller;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Groups.Cluster;

/// <summary>A controller that records CreateTopics requests and answers each topic created; other requests fail.</summary>
internal sealed class CreateTopicsRecorder : IControllerChannel
{
    public ConcurrentQueue<CreateTopicsRequest> Requests { get; } = new();

    public Task<TResponse> SendAsync<TResponse>(IKafkaMessage request, short apiKey, short apiVersion, CancellationToken cancellationToken)
        where TResponse : class, IKafkaMessage<TResponse>
    {
        if (request is not CreateTopicsRequest create)
        {
            return Task.FromException<TResponse>(new NotSupportedException($"API {apiKey} is not expected here."));
        }
        Requests.Enqueue(create);
        var response = new CreateTopicsResponse();
        foreach (var topic in create.Topics)
        {
            response.Topics.Add(new CreateTopicsResponse.CreatableTopicResult { Name = topic.Name, NumPartitions = topic.NumPartitions, ReplicationFactor = topic.ReplicationFactor });
        }
        return Task.FromResult((TResponse)(IKafkaMessage)response);
    }

    /// <summary>The first request, waiting up to five seconds for it (the broker sends it in the background).</summary>
    public async Task<CreateTopicsRequest> FirstAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (DateTime.UtcNow < deadline)
        {
            if (Requests.TryPeek(out var request))
            {
                return request;
            }
            await Task.Delay(20);
        }
        throw new TimeoutException("No CreateTopics request was sent.");
    }
}
