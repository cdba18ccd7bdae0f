using KafkaNet.Protocol.Messages;
using KafkaNet.WebConsole.Dispatch;

namespace KafkaNet.WebConsole.Kafka;

/// <summary>The size on disk of the partitions this broker holds, as DescribeLogDirs tells it.</summary>
internal static class LogDirQueries
{
    private const short DescribeLogDirsVersion = 4;

    /// <summary>Bytes of each partition's log on this broker, for the named topics or every topic when null.</summary>
    public static async Task<Dictionary<(string Topic, int Partition), long>> PartitionSizesAsync(
        this BrokerRequests kafka, IEnumerable<string>? topics, CancellationToken cancellationToken)
    {
        // Without partitions a topic names none; null asks for every partition of every topic.
        List<DescribeLogDirsRequest.DescribableLogDirTopic>? wanted = null;
        if (topics is not null)
        {
            var metadata = await kafka.MetadataAsync(topics, cancellationToken).ConfigureAwait(false);
            wanted = metadata.Topics.Where(t => t.ErrorCode == 0).Select(t => new DescribeLogDirsRequest.DescribableLogDirTopic
            {
                Topic = t.Name ?? "",
                Partitions = t.Partitions.Select(p => p.PartitionIndex).ToList(),
            }).ToList();
        }
        var response = await kafka.SendAsync<DescribeLogDirsResponse>(DescribeLogDirsRequest.ApiKey, DescribeLogDirsVersion,
            new DescribeLogDirsRequest { Topics = wanted }, cancellationToken).ConfigureAwait(false);
        var sizes = new Dictionary<(string, int), long>();
        foreach (var dir in response.Results.Where(d => d.ErrorCode == 0))
        {
            foreach (var topic in dir.Topics)
            {
                foreach (var partition in topic.Partitions.Where(p => !p.IsFutureKey))
                {
                    sizes[(topic.Name, partition.PartitionIndex)] = partition.PartitionSize;
                }
            }
        }
        return sizes;
    }
}
