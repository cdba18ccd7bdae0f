using KafkaNet.Protocol.Messages;
using KafkaNet.WebConsole.Dispatch;

namespace KafkaNet.WebConsole.Kafka;

/// <summary>Offsets of partitions by time, as ListOffsets tells them.</summary>
internal static class OffsetQueries
{
    public const long Latest = -1;
    public const long Earliest = -2;
    private const short ListOffsetsVersion = 8;

    /// <summary>
    /// The offset of each partition at <paramref name="timestamp"/> (<see cref="Earliest"/>, <see cref="Latest"/> or
    /// milliseconds since the epoch); a partition this broker cannot answer for (not its leader) is left out,
    /// and so is one with no record at or after the timestamp.
    /// </summary>
    public static async Task<Dictionary<(string Topic, int Partition), long>> ListOffsetsAsync(
        this BrokerRequests kafka, IEnumerable<(string Topic, int Partition)> partitions, long timestamp, CancellationToken cancellationToken)
    {
        var offsets = new Dictionary<(string, int), long>();
        foreach (var (topic, partition) in await ListAsync(kafka, partitions, timestamp, cancellationToken).ConfigureAwait(false))
        {
            if (partition.ErrorCode == 0 && partition.Offset >= 0)
            {
                offsets[(topic, partition.PartitionIndex)] = partition.Offset;
            }
        }
        return offsets;
    }

    /// <summary>One partition's offset at <paramref name="timestamp"/>; null when no record is at or after it.</summary>
    /// <exception cref="ConsoleApiException">The broker could not answer for the partition.</exception>
    public static async Task<long?> OffsetAtAsync(this BrokerRequests kafka, string topic, int partition, long timestamp, CancellationToken cancellationToken)
    {
        var (_, answer) = (await ListAsync(kafka, [(topic, partition)], timestamp, cancellationToken).ConfigureAwait(false)).Single();
        ConsoleApiException.ThrowIfError(answer.ErrorCode, null, $"{topic}-{partition}");
        return answer.Offset >= 0 ? answer.Offset : null;
    }

    private static async Task<List<(string Topic, ListOffsetsResponse.ListOffsetsPartitionResponse Partition)>> ListAsync(
        BrokerRequests kafka, IEnumerable<(string Topic, int Partition)> partitions, long timestamp, CancellationToken cancellationToken)
    {
        var request = new ListOffsetsRequest { ReplicaId = -1 };
        foreach (var byTopic in partitions.GroupBy(p => p.Topic))
        {
            var topic = new ListOffsetsRequest.ListOffsetsTopic { Name = byTopic.Key };
            topic.Partitions.AddRange(byTopic.Select(p => new ListOffsetsRequest.ListOffsetsPartition { PartitionIndex = p.Partition, Timestamp = timestamp }));
            request.Topics.Add(topic);
        }
        if (request.Topics.Count == 0)
        {
            return [];
        }
        var response = await kafka.SendAsync<ListOffsetsResponse>(ListOffsetsRequest.ApiKey, ListOffsetsVersion, request, cancellationToken)
            .ConfigureAwait(false);
        return response.Topics.SelectMany(t => t.Partitions.Select(p => (t.Name, p))).ToList();
    }
}
