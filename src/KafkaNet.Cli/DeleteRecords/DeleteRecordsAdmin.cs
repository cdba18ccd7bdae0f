using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaNet.Cli.Admin;
using KafkaNet.Cli.Output;

namespace KafkaNet.Cli.DeleteRecords;

/// <summary>One partition's answer: its new low watermark, or Kafka's name of the error that refused it.</summary>
internal sealed record DeletedRecords(string Topic, int Partition, long LowWatermark, string? Error);

/// <summary>The DeleteRecords request behind `kafkanet delete-records`.</summary>
internal sealed class DeleteRecordsAdmin : IDisposable
{
    private const string UnknownPartition = "UNKNOWN_TOPIC_OR_PARTITION: This server does not host this topic-partition.";

    private readonly IAdminClient _admin;

    public DeleteRecordsAdmin(IEnumerable<KeyValuePair<string, string>> properties)
    {
        _admin = AdminClient.Build(properties);
    }

    public void Dispose() => _admin.Dispose();

    /// <summary>
    /// Deletes the records of the partitions the cluster has. A partition it does not have is answered here with
    /// UNKNOWN_TOPIC_OR_PARTITION, as Kafka's tool reports it: librdkafka would wait for its leader until the timeout.
    /// </summary>
    public async Task<IReadOnlyList<DeletedRecords>> DeleteAsync(IReadOnlyList<RecordsToDelete> partitions)
    {
        HashSet<(string Topic, int Partition)> existing;
        try
        {
            existing = [.. _admin.GetMetadata(AdminClient.Timeout).Topics.Where(t => !t.Error.IsError)
                .SelectMany(t => t.Partitions.Select(p => (t.Topic, p.PartitionId)))];
        }
        catch (KafkaException e)
        {
            throw AdminClient.Refused(e.Error, "listing topics");
        }

        var unknown = partitions.Where(p => !existing.Contains((p.Topic, p.Partition)))
            .Select(p => new DeletedRecords(p.Topic, p.Partition, -1, UnknownPartition)).ToList();
        var known = partitions.Where(p => existing.Contains((p.Topic, p.Partition))).ToList();
        return known.Count == 0 ? unknown : [.. unknown, .. await DeleteKnownAsync(known).ConfigureAwait(false)];
    }

    private async Task<IReadOnlyList<DeletedRecords>> DeleteKnownAsync(IReadOnlyList<RecordsToDelete> partitions)
    {
        var offsets = partitions.Select(p => new TopicPartitionOffset(p.Topic, p.Partition, p.Offset));
        var options = new DeleteRecordsOptions { RequestTimeout = AdminClient.Timeout, OperationTimeout = AdminClient.Timeout };
        try
        {
            var deleted = await _admin.DeleteRecordsAsync(offsets, options).ConfigureAwait(false);
            return [.. deleted.Select(d => new DeletedRecords(d.Topic, d.Partition.Value, d.Offset.Value, null))];
        }
        catch (DeleteRecordsException e)
        {
            return [.. e.Results.Select(r => new DeletedRecords(r.Topic, r.Partition.Value, r.Offset.Value, r.Error.IsError ? KafkaErrorText.Describe(r.Error) : null))];
        }
        catch (KafkaException e)
        {
            throw AdminClient.Refused(e.Error, "deleting records");
        }
    }
}
