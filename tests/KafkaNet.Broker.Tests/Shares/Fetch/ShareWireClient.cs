using KafkaNet.Broker.Tests.Network;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Shares.Fetch;

/// <summary>One member's share requests over one raw socket: ShareFetch and ShareAcknowledge, keeping its session epoch.</summary>
internal sealed class ShareWireClient : IDisposable
{
    private readonly WireSession _wire;

    private ShareWireClient(WireSession wire, string groupId, string memberId)
    {
        _wire = wire;
        GroupId = groupId;
        MemberId = memberId;
    }

    public string GroupId { get; }

    public string MemberId { get; }

    /// <summary>The epoch the next request carries: 0 until a session is open.</summary>
    public int Epoch { get; set; }

    public short Version { get; set; } = 1;

    public static async Task<ShareWireClient> ConnectAsync(int port, string groupId, string memberId) =>
        new(await WireSession.OpenAsync(port), groupId, memberId);

    /// <summary>A fetch of <paramref name="partitions"/> with acknowledgements (offset range and types) on some of them.</summary>
    public async Task<ShareFetchResponse> FetchAsync(Guid topicId, int[] partitions, int maxWaitMs = 0, int maxRecords = 500,
        Dictionary<int, (long First, long Last, sbyte[] Types)[]>? acks = null, Action<ShareFetchRequest>? tweak = null)
    {
        var request = new ShareFetchRequest
        {
            GroupId = GroupId,
            MemberId = MemberId,
            ShareSessionEpoch = Epoch,
            MaxWaitMs = maxWaitMs,
            MinBytes = 1,
            MaxRecords = maxRecords,
            BatchSize = maxRecords,
        };
        var topic = new ShareFetchRequest.Topic { TopicId = topicId };
        foreach (int partition in partitions.Union(acks?.Keys.AsEnumerable() ?? []))
        {
            var data = new ShareFetchRequest.PartitionData { Partition = partition, PartitionMaxBytes = 1 << 20 };
            foreach (var (first, last, types) in acks?.GetValueOrDefault(partition) ?? [])
            {
                data.AcknowledgementBatches.Add(new ShareFetchRequest.AcknowledgementBatch { FirstOffset = first, LastOffset = last, AcknowledgeTypes = [.. types] });
            }
            topic.Partitions.Add(data);
        }
        if (topic.Partitions.Count > 0) request.Topics.Add(topic);
        tweak?.Invoke(request);
        var response = await _wire.SendAsync<ShareFetchResponse>(ShareFetchRequest.ApiKey, Version, request, flexible: true);
        Advance(request.ShareSessionEpoch, response.ErrorCode);
        return response;
    }

    public async Task<ShareAcknowledgeResponse> AcknowledgeAsync(Guid topicId, int partition, params (long First, long Last, sbyte[] Types)[] batches)
    {
        var data = new ShareAcknowledgeRequest.PartitionData { Partition = partition };
        foreach (var (first, last, types) in batches)
        {
            data.AcknowledgementBatches.Add(new ShareAcknowledgeRequest.AcknowledgementBatch { FirstOffset = first, LastOffset = last, AcknowledgeTypes = [.. types] });
        }
        var request = new ShareAcknowledgeRequest
        {
            GroupId = GroupId,
            MemberId = MemberId,
            ShareSessionEpoch = Epoch,
            Topics = [new ShareAcknowledgeRequest.Topic { TopicId = topicId, Partitions = [data] }],
        };
        var response = await _wire.SendAsync<ShareAcknowledgeResponse>(ShareAcknowledgeRequest.ApiKey, Version, request, flexible: true);
        Advance(request.ShareSessionEpoch, response.ErrorCode);
        return response;
    }

    private void Advance(int sent, short error)
    {
        if (error != 0) return;
        Epoch = sent == -1 ? 0 : sent + 1;
    }

    public void Dispose() => _wire.Dispose();
}
