using System.Text.Encodings.Web;
using System.Text.Json;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Cli.LogDirs;

/// <summary>
/// The JSON line of `kafkanet log-dirs --describe`, in Kafka's layout: for each broker its log directories, each with
/// its error (null when none) and the partitions of the topics asked for, and "version":1.
/// </summary>
internal static class LogDirsReport
{
    // One compact line as Kafka's tool prints it; '+' or a non-ASCII path left as it is rather than \u-escaped.
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <param name="byBroker">Each broker's answer to DescribeLogDirs, by broker id.</param>
    /// <param name="topics">The topics to show; empty: all.</param>
    public static string Json(IEnumerable<KeyValuePair<int, DescribeLogDirsResponse>> byBroker, IReadOnlySet<string> topics)
    {
        var brokers = byBroker.OrderBy(b => b.Key).Select(b => new BrokerEntry(b.Key, [.. b.Value.Results.Select(r => LogDir(r, topics))]));
        return JsonSerializer.Serialize(new Document([.. brokers], 1), Options);
    }

    private static LogDirEntry LogDir(DescribeLogDirsResponse.DescribeLogDirsResult result, IReadOnlySet<string> topics)
    {
        var partitions = result.Topics
            .Where(t => topics.Count == 0 || topics.Contains(t.Name))
            .SelectMany(t => t.Partitions.Select(p => (Topic: t.Name, Partition: p)))
            .OrderBy(p => p.Topic, StringComparer.Ordinal).ThenBy(p => p.Partition.PartitionIndex)
            .Select(p => new PartitionEntry($"{p.Topic}-{p.Partition.PartitionIndex}", p.Partition.PartitionSize, p.Partition.OffsetLag, p.Partition.IsFutureKey));
        string? error = result.ErrorCode == (short)ErrorCode.None ? null : ErrorCodes.Name((ErrorCode)result.ErrorCode);
        return new LogDirEntry([.. partitions], error, result.LogDir);
    }

    private sealed record Document(IReadOnlyList<BrokerEntry> Brokers, int Version);

    private sealed record BrokerEntry(int Broker, IReadOnlyList<LogDirEntry> LogDirs);

    private sealed record LogDirEntry(IReadOnlyList<PartitionEntry> Partitions, string? Error, string LogDir);

    private sealed record PartitionEntry(string Partition, long Size, long OffsetLag, bool IsFuture);
}
