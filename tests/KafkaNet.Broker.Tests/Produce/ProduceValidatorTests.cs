using KafkaNet.Broker.Configs;
using KafkaNet.Broker.Handlers;
using KafkaNet.Broker.Tests.Admin;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Records;
using KafkaNet.Storage;

namespace KafkaNet.Broker.Tests.Produce;

/// <summary>
/// Produce checks on one partition's batch, called directly: Kafka's error codes in Kafka's order, and topic configs
/// read afresh on every request.
/// </summary>
public sealed class ProduceValidatorTests : IDisposable
{
    private static readonly IReadOnlyDictionary<string, string> NoOverrides = new Dictionary<string, string>();
    private readonly TempDirectory _dir = new();
    private readonly PartitionLog _log;
    private readonly PartitionLog _compacted;
    private readonly TopicConfigResolver _resolver = new(new Dictionary<string, string>());

    public ProduceValidatorTests()
    {
        _log = PartitionLog.Open(Path.Combine(_dir.Path, "plain-0"), new LogConfig { MaxMessageBytes = 4000 });
        _compacted = PartitionLog.Open(Path.Combine(_dir.Path, "compacted-0"), new LogConfig { CleanupPolicy = "compact" });
    }

    public void Dispose()
    {
        _log.Dispose();
        _compacted.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Min_insync_replicas_changed_between_requests_applies_to_the_next_one()
    {
        byte[] batch = Batch(Now(), key: null);
        var raised = new Dictionary<string, string> { ["min.insync.replicas"] = "2" };

        Assert.Equal(ErrorCode.None, Check(batch, NoOverrides, acks: -1).Error);
        Assert.Equal(ErrorCode.NotEnoughReplicas, Check(batch, raised, acks: -1).Error);
        Assert.Equal(ErrorCode.None, Check(batch, NoOverrides, acks: -1).Error);
        Assert.Equal(ErrorCode.None, Check(batch, raised, acks: 1).Error);
    }

    [Fact]
    public void Timestamp_limit_changed_between_requests_applies_to_the_next_one()
    {
        byte[] batch = Batch(Now() + (long)TimeSpan.FromHours(2).TotalMilliseconds, key: null);
        var threeHours = new Dictionary<string, string> { ["message.timestamp.after.max.ms"] = "10800000" };
        var oneSecond = new Dictionary<string, string> { ["message.timestamp.after.max.ms"] = "1000" };

        Assert.Equal(ErrorCode.InvalidTimestamp, Check(batch, NoOverrides).Error);
        Assert.Equal(ErrorCode.None, Check(batch, threeHours).Error);
        Assert.Equal(ErrorCode.InvalidTimestamp, Check(batch, oneSecond).Error);
        Assert.Equal(ErrorCode.None, Check(batch, threeHours).Error);
    }

    [Fact]
    public void Broker_default_for_the_timestamp_limit_applies_without_a_topic_override()
    {
        byte[] batch = Batch(Now() - (long)TimeSpan.FromHours(2).TotalMilliseconds, key: null);
        var strict = new TopicConfigResolver(new Dictionary<string, string> { ["log.message.timestamp.before.max.ms"] = "60000" });

        Assert.Equal(ErrorCode.None, Check(batch, NoOverrides).Error);
        var (error, message, index) = Check(batch, NoOverrides, resolver: strict);

        Assert.Equal((ErrorCode.InvalidTimestamp, 0), (error, index));
        Assert.StartsWith("timestamp ", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Record_outside_the_timestamp_limit_is_named_by_index_and_message()
    {
        long late = Now() + (long)TimeSpan.FromHours(2).TotalMilliseconds;
        byte[] batch = Batch(Now(), key: null, more: late);

        var (error, message, index) = Check(batch, NoOverrides);

        Assert.Equal((ErrorCode.InvalidTimestamp, 1), (error, index));
        Assert.Equal($"timestamp {late} of record 1 is outside message.timestamp.before.max.ms/after.max.ms of the broker's clock", message);
    }

    [Fact]
    public void Bad_crc_wins_over_a_missing_key_on_a_compacted_topic()
    {
        byte[] batch = Batch(Now(), key: null);
        Assert.Equal(ErrorCode.InvalidRecord, Check(batch, NoOverrides, log: _compacted).Error);
        batch[^1] ^= 1;

        Assert.Equal((ErrorCode.CorruptMessage, "record batch is BadCrc", -1), Check(batch, NoOverrides, log: _compacted));
    }

    [Fact]
    public void Bad_crc_wins_over_a_batch_above_max_message_bytes()
    {
        byte[] batch = Batch(Now(), key: null, valueSize: 5000);
        Assert.Equal(ErrorCode.MessageTooLarge, Check(batch, NoOverrides).Error);
        batch[^1] ^= 1;

        Assert.Equal((ErrorCode.CorruptMessage, "record batch is BadCrc", -1), Check(batch, NoOverrides));
    }

    [Fact]
    public void Bad_crc_wins_over_a_timestamp_outside_the_limit()
    {
        byte[] batch = Batch(Now() + (long)TimeSpan.FromHours(2).TotalMilliseconds, key: null);
        batch[^1] ^= 1;

        Assert.Equal((ErrorCode.CorruptMessage, "record batch is BadCrc", -1), Check(batch, NoOverrides));
    }

    [Fact]
    public void Keyed_record_on_a_compacted_topic_passes()
    {
        Assert.Equal((ErrorCode.None, null, -1), Check(Batch(Now(), key: [1]), NoOverrides, log: _compacted));
    }

    private (ErrorCode Error, string? Message, int Index) Check(
        byte[] batch, IReadOnlyDictionary<string, string> overrides, short acks = 1, PartitionLog? log = null, TopicConfigResolver? resolver = null)
    {
        ErrorCode error = ProduceValidator.Check(acks, 9, batch, log ?? _log, resolver ?? _resolver, overrides, out string? message, out int recordIndex, out _);
        return (error, message, recordIndex);
    }

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private static byte[] Batch(long timestamp, byte[]? key, long? more = null, int valueSize = 10)
    {
        using var builder = new RecordBatchBuilder();
        builder.Append(timestamp, key, new byte[valueSize]);
        if (more is { } second)
        {
            builder.Append(second, key, new byte[valueSize]);
        }
        return builder.ToArray();
    }
}
