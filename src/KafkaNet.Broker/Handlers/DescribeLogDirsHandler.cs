// DescribeLogDirs (key 35), versions 0-4 (v0 differs from v1 only by the throttle time v1 added).
// One log dir: the broker's data directory as an absolute path, with each partition's size in
// bytes (all its segments), offset lag 0 and is-future false (there are no replica moves between
// dirs). Null topics mean every partition; listed ones this broker does not have are left out,
// as Kafka does. From v4 the dir carries the total and usable bytes of its filesystem.
// Deviation: the dir is never reported offline.
// Authorization: DESCRIBE on the cluster, else CLUSTER_AUTHORIZATION_FAILED (v3+ top level) and no directories.
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using Result = KafkaNet.Protocol.Messages.DescribeLogDirsResponse.DescribeLogDirsResult;

namespace KafkaNet.Broker.Handlers;

public sealed class DescribeLogDirsHandler : ApiHandler<DescribeLogDirsRequest, DescribeLogDirsResponse>
{
    public override short ApiKey => DescribeLogDirsRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 4;

    /// <summary>The partitions asked for by topic, or null for all; a topic named twice asks for both lists, as Kafka takes them as one set.</summary>
    private static Dictionary<string, HashSet<int>>? Wanted(DescribeLogDirsRequest request)
    {
        if (request.Topics is null)
        {
            return null;
        }
        var wanted = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        foreach (var topic in request.Topics)
        {
            if (!wanted.TryGetValue(topic.Topic, out var partitions))
            {
                wanted[topic.Topic] = partitions = [];
            }
            partitions.UnionWith(topic.Partitions);
        }
        return wanted;
    }

    protected override ValueTask<DescribeLogDirsResponse?> HandleAsync(RequestContext context, DescribeLogDirsRequest request, CancellationToken cancellationToken)
    {
        var broker = context.Broker;
        if (!context.AllowsCluster(AclOperation.Describe))
        {
            return ValueTask.FromResult<DescribeLogDirsResponse?>(new DescribeLogDirsResponse { ErrorCode = (short)ErrorCode.ClusterAuthorizationFailed });
        }
        string logDir = Path.GetFullPath(broker.Options.DataDirectory);
        var result = new Result { LogDir = logDir };
        var wanted = Wanted(request);
        foreach (var topic in broker.Topics.Topics.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            HashSet<int>? partitions = null;
            if (wanted is not null && !wanted.TryGetValue(topic.Name, out partitions))
            {
                continue;
            }
            var described = new DescribeLogDirsResponse.DescribeLogDirsTopic { Name = topic.Name };
            for (int p = 0; p < topic.PartitionCount; p++)
            {
                if ((partitions is null || partitions.Contains(p)) && broker.Replicas?.Find(topic.Name, p) is { } log)
                {
                    described.Partitions.Add(new DescribeLogDirsResponse.DescribeLogDirsPartition { PartitionIndex = p, PartitionSize = log.Size });
                }
            }
            if (described.Partitions.Count > 0)
            {
                result.Topics.Add(described);
            }
        }
        (result.TotalBytes, result.UsableBytes) = SpaceOf(logDir);
        var response = new DescribeLogDirsResponse();
        response.Results.Add(result);
        return ValueTask.FromResult<DescribeLogDirsResponse?>(response);
    }

    /// <summary>The filesystem's total and usable bytes, or -1 (unknown) when the platform cannot say.</summary>
    private static (long Total, long Usable) SpaceOf(string path)
    {
        try
        {
            var drive = new DriveInfo(path);
            return (drive.TotalSize, drive.AvailableFreeSpace);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return (-1, -1);
        }
    }
}
