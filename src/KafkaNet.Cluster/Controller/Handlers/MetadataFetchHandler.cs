// Fetch (key 1) on the controller listener, versions 13-17: brokers without the controller role follow the
// metadata log (__cluster_metadata-0) as Kafka's observers do. Only the active controller serves it; the others
// answer NOT_LEADER_OR_FOLLOWER naming the leader and its endpoint. Each committed entry travels as one record
// batch at its offset holding one record whose value is the entry's metadata records.
using System.Buffers;
using KafkaNet.Broker;
using KafkaNet.Broker.Handlers;
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Cluster.Observer;
using KafkaNet.Cluster.Quorum;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Records;

namespace KafkaNet.Cluster.Controller.Handlers;

public sealed class MetadataFetchHandler(Func<MetadataQuorum?> quorum, MetadataLogFeed feed)
    : ApiHandler<FetchRequest, FetchResponse>
{
    // A broker's long poll is bounded here too, so a stopping controller answers within this.
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(5);

    public override short ApiKey => FetchRequest.ApiKey;

    public override short LowestVersion => 13;

    public override short HighestVersion => 17;

    protected override async ValueTask<FetchResponse?> HandleAsync(RequestContext context, FetchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        if (!context.AllowsCluster(AclOperation.ClusterAction))
        {
            // Following the metadata log is for brokers and controllers, as Kafka's controller decides.
            return new FetchResponse { ErrorCode = (short)ErrorCode.ClusterAuthorizationFailed };
        }
        var response = new FetchResponse { SessionId = 0 };
        var current = quorum();
        int replicaId = context.ApiVersion >= 15 ? request.ReplicaState.ReplicaId : request.ReplicaId;
        FetchResponse.PartitionData? metadata = null;
        FetchRequest.FetchPartition? asked = null;
        foreach (var topic in request.Topics)
        {
            var answer = new FetchResponse.FetchableTopicResponse { TopicId = topic.TopicId };
            foreach (var partition in topic.Partitions)
            {
                var data = new FetchResponse.PartitionData { PartitionIndex = partition.Partition, Records = ReadOnlyMemory<byte>.Empty };
                if (topic.TopicId != MetadataTopic.Id)
                {
                    data.ErrorCode = (short)ErrorCode.UnknownTopicId;
                }
                else if (partition.Partition != MetadataTopic.Partition || metadata is not null)
                {
                    data.ErrorCode = (short)ErrorCode.UnknownTopicOrPartition;
                }
                else
                {
                    metadata = data;
                    asked = partition;
                }
                answer.Partitions.Add(data);
            }
            response.Responses.Add(answer);
        }
        if (metadata is null || asked is null)
        {
            return response;
        }
        if (current is null || !current.IsLeader)
        {
            metadata.ErrorCode = (short)ErrorCode.NotLeaderOrFollower;
            metadata.CurrentLeader = new FetchResponse.LeaderIdAndEpoch { LeaderId = current?.LeaderId ?? -1, LeaderEpoch = (int)(current?.Epoch ?? -1) };
            AddEndpoint(response, current?.LeaderId);
            return response;
        }
        if (replicaId < 0)
        {
            // The metadata log is for brokers; a consumer has no business reading it.
            metadata.ErrorCode = (short)ErrorCode.InvalidRequest;
            return response;
        }
        long offset = asked.FetchOffset;
        feed.RecordFetch(replicaId, offset, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var read = feed.Read(offset, Math.Max(asked.PartitionMaxBytes, 1));
        if (read.Items.Count == 0 && read.SnapshotEndOffset < 0 && request.MaxWaitMs > 0)
        {
            var wait = TimeSpan.FromMilliseconds(Math.Min(request.MaxWaitMs, MaxWait.TotalMilliseconds));
            await feed.WaitForAppendAsync(offset, wait, cancellationToken).ConfigureAwait(false);
            read = feed.Read(offset, Math.Max(asked.PartitionMaxBytes, 1));
        }
        int epoch = (int)current.Epoch;
        metadata.HighWatermark = read.HighWatermark;
        metadata.LastStableOffset = read.HighWatermark;
        metadata.LogStartOffset = 0;
        metadata.CurrentLeader = new FetchResponse.LeaderIdAndEpoch { LeaderId = current.NodeId, LeaderEpoch = epoch };
        if (read.SnapshotEndOffset >= 0)
        {
            metadata.SnapshotId = new FetchResponse.SnapshotId { EndOffset = read.SnapshotEndOffset, Epoch = epoch };
        }
        else
        {
            metadata.Records = Encode(read.Items, epoch);
        }
        return response;
    }

    private static ReadOnlyMemory<byte> Encode(IReadOnlyList<MetadataLogEntry> entries, int epoch)
    {
        if (entries.Count == 0)
        {
            return ReadOnlyMemory<byte>.Empty;
        }
        var output = new ArrayBufferWriter<byte>();
        using var builder = new RecordBatchBuilder { PartitionLeaderEpoch = epoch };
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        foreach (var entry in entries)
        {
            builder.Reset();
            builder.PartitionLeaderEpoch = epoch;
            builder.BaseOffset = entry.Offset;
            builder.Append(now, NullableBytes.Null, entry.Entry);
            builder.WriteTo(output);
        }
        return output.WrittenMemory;
    }

    private void AddEndpoint(FetchResponse response, int? leaderId)
    {
        if (leaderId is { } id && quorum()?.FindVoter(id) is { } voter)
        {
            response.NodeEndpoints.Add(new FetchResponse.NodeEndpoint { NodeId = id, Host = voter.Host, Port = voter.Port });
        }
    }
}
