using System.Collections.Concurrent;
using KafkaNet.Broker.Handlers;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Clients;

/// <summary>
/// A test handler that keeps a copy of every record batch a client produces and acknowledges it,
/// so the bytes a real client writes can be checked against our record-batch decoder.
/// </summary>
internal sealed class CapturingProduceHandler : ApiHandler<ProduceRequest, ProduceResponse>
{
    public ConcurrentQueue<(short Version, byte[] Batch)> Captured { get; } = new();

    public override short ApiKey => ProduceRequest.ApiKey;

    public override short LowestVersion => 3;

    public override short HighestVersion => 12;

    protected override ValueTask<ProduceResponse?> HandleAsync(RequestContext context, ProduceRequest request, CancellationToken cancellationToken)
    {
        var response = new ProduceResponse();
        foreach (var topic in request.TopicData)
        {
            var topicResponse = new ProduceResponse.TopicProduceResponse { Name = topic.Name, TopicId = topic.TopicId };
            foreach (var partition in topic.PartitionData)
            {
                if (partition.Records is { } records)
                {
                    Captured.Enqueue((context.ApiVersion, records.ToArray()));
                }
                topicResponse.PartitionResponses.Add(new ProduceResponse.PartitionProduceResponse { Index = partition.Index, BaseOffset = 0, LogStartOffset = 0 });
            }
            response.Responses.Add(topicResponse);
        }
        return ValueTask.FromResult<ProduceResponse?>(request.Acks == 0 ? null : response);
    }
}
