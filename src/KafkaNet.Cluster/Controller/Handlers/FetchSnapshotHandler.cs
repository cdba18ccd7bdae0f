// FetchSnapshot (key 59) on the controller listener, versions 0-1: a broker behind what the active controller keeps
// of the metadata log loads the image as a snapshot, in chunks from a byte position, then fetches the entries after it.
using KafkaNet.Broker;
using KafkaNet.Broker.Handlers;
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Cluster.Observer;
using KafkaNet.Cluster.Quorum;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Cluster.Controller.Handlers;

public sealed class FetchSnapshotHandler(Func<MetadataQuorum?> quorum, MetadataLogFeed feed)
    : ApiHandler<FetchSnapshotRequest, FetchSnapshotResponse>
{
    public override short ApiKey => FetchSnapshotRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 1;

    protected override ValueTask<FetchSnapshotResponse?> HandleAsync(RequestContext context, FetchSnapshotRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        if (!context.AllowsCluster(AclOperation.ClusterAction))
        {
            return ValueTask.FromResult<FetchSnapshotResponse?>(new FetchSnapshotResponse { ErrorCode = (short)ErrorCode.ClusterAuthorizationFailed });
        }
        var response = new FetchSnapshotResponse();
        var current = quorum();
        int budget = Math.Max(request.MaxBytes, 1);
        foreach (var topic in request.Topics)
        {
            var answer = new FetchSnapshotResponse.TopicSnapshot { Name = topic.Name };
            foreach (var partition in topic.Partitions)
            {
                var data = new FetchSnapshotResponse.PartitionSnapshot { Index = partition.Partition, UnalignedRecords = ReadOnlyMemory<byte>.Empty };
                data.SnapshotId.EndOffset = partition.SnapshotId.EndOffset;
                data.SnapshotId.Epoch = partition.SnapshotId.Epoch;
                answer.Partitions.Add(data);
                if (request.ReplicaId < 0)
                {
                    // Snapshots are for brokers following the log, as metadata fetches are.
                    data.ErrorCode = (short)ErrorCode.InvalidRequest;
                    continue;
                }
                if (topic.Name != MetadataTopic.Name || partition.Partition != MetadataTopic.Partition)
                {
                    data.ErrorCode = (short)ErrorCode.UnknownTopicOrPartition;
                    continue;
                }
                if (current is null || !current.IsLeader)
                {
                    data.ErrorCode = (short)ErrorCode.NotLeaderOrFollower;
                    data.CurrentLeader = new FetchSnapshotResponse.LeaderIdAndEpoch { LeaderId = current?.LeaderId ?? -1, LeaderEpoch = (int)(current?.Epoch ?? -1) };
                    if (current?.LeaderId is { } id && current.FindVoter(id) is { } voter)
                    {
                        response.NodeEndpoints.Add(new FetchSnapshotResponse.NodeEndpoint { NodeId = id, Host = voter.Host, Port = checked((ushort)voter.Port) });
                    }
                    continue;
                }
                data.CurrentLeader = new FetchSnapshotResponse.LeaderIdAndEpoch { LeaderId = current.NodeId, LeaderEpoch = (int)current.Epoch };
                if (feed.FindSnapshot(partition.SnapshotId.EndOffset) is not { } snapshot)
                {
                    data.ErrorCode = (short)ErrorCode.SnapshotNotFound;
                    continue;
                }
                if (partition.Position < 0 || partition.Position > snapshot.Records.Length)
                {
                    data.ErrorCode = (short)ErrorCode.PositionOutOfRange;
                    continue;
                }
                int position = (int)partition.Position;
                int length = Math.Min(snapshot.Records.Length - position, budget);
                budget -= length;
                data.SnapshotSize = snapshot.Records.Length;
                data.Position = position;
                data.UnalignedRecords = snapshot.Records.AsMemory(position, length);
            }
            response.Topics.Add(answer);
        }
        return ValueTask.FromResult<FetchSnapshotResponse?>(response);
    }
}
