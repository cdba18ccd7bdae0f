using KafkaNet.Protocol.Messages;

namespace KafkaNet.Fuzz;

/// <summary>A partition and its log start and end (high watermark).</summary>
internal sealed record PartitionRange(string Topic, int Partition, long LogStart, long HighWatermark)
{
    public override string ToString() => $"{Topic}-{Partition} [{LogStart}, {HighWatermark})";
}

/// <summary>Log start and high watermark of every partition, through ListOffsets (earliest and latest).</summary>
internal static class PartitionOffsets
{
    private const long Earliest = -2;
    private const long Latest = -1;

    public static async Task<List<PartitionRange>> QueryAsync(string bootstrap, IReadOnlyList<TopicInfo> topics)
    {
        using var connection = await RawConnection.ConnectAsync(bootstrap).ConfigureAwait(false);
        var starts = await ListAsync(connection, topics, Earliest).ConfigureAwait(false);
        var ends = await ListAsync(connection, topics, Latest).ConfigureAwait(false);
        var result = new List<PartitionRange>();
        foreach (var ((topic, partition), start) in starts)
        {
            if (ends.TryGetValue((topic, partition), out long end))
            {
                result.Add(new PartitionRange(topic, partition, start, end));
            }
        }
        return result.OrderBy(r => r.Topic, StringComparer.Ordinal).ThenBy(r => r.Partition).ToList();
    }

    private static async Task<Dictionary<(string, int), long>> ListAsync(RawConnection connection, IReadOnlyList<TopicInfo> topics, long timestamp)
    {
        var result = new Dictionary<(string, int), long>();
        // A few hundred topics per request keeps each frame small.
        foreach (var chunk in topics.Chunk(200))
        {
            var request = new ListOffsetsRequest
            {
                ReplicaId = -1,
                Topics = chunk.Select(t => new ListOffsetsRequest.ListOffsetsTopic
                {
                    Name = t.Name,
                    Partitions = Enumerable.Range(0, t.Partitions).Select(p => new ListOffsetsRequest.ListOffsetsPartition { PartitionIndex = p, Timestamp = timestamp }).ToList(),
                }).ToList(),
            };
            var response = await connection.SendAsync<ListOffsetsResponse>(ListOffsetsRequest.ApiKey, 7, request).ConfigureAwait(false);
            foreach (var topic in response.Topics)
            {
                foreach (var partition in topic.Partitions.Where(p => p.ErrorCode == 0))
                {
                    result[(topic.Name, partition.PartitionIndex)] = partition.Offset;
                }
            }
        }
        return result;
    }
}
