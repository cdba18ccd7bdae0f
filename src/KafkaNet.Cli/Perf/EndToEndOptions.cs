using KafkaNet.Cli.Arguments;

namespace KafkaNet.Cli.Perf;

/// <summary>What `kafkanet perf end-to-end` was asked to do.</summary>
internal sealed record EndToEndOptions
{
    public const int DefaultThroughput = 1_000;

    public const int DefaultRecordSize = 1_024;

    public required string BootstrapServers { get; init; }

    public required string Topic { get; init; }

    /// <summary>Records to send, warm-up included.</summary>
    public required long NumRecords { get; init; }

    public int RecordSize { get; init; } = DefaultRecordSize;

    /// <summary>Records per second; -1 sends as fast as the producer accepts.</summary>
    public long Throughput { get; init; } = DefaultThroughput;

    /// <summary>Null leaves the producer's default (all) or a --producer-props value.</summary>
    public string? Acks { get; init; }

    /// <summary>Null leaves linger.ms at 0 unless --producer-props sets it.</summary>
    public int? LingerMs { get; init; }

    /// <summary>The topic is created with this many partitions when it does not exist.</summary>
    public int Partitions { get; init; } = 1;

    /// <summary>Records left out of the figures; null leaves out those sent in the first second.</summary>
    public long? WarmupRecords { get; init; }

    /// <summary>How long to wait for a record once every record is sent before counting the rest lost.</summary>
    public int TimeoutMs { get; init; } = 10_000;

    public IReadOnlyList<KeyValuePair<string, string>> ProducerProperties { get; init; } = [];

    public IReadOnlyList<KeyValuePair<string, string>> ConsumerProperties { get; init; } = [];

    public bool Json { get; init; }

    public static EndToEndOptions Parse(IReadOnlyList<string> args)
    {
        var shared = new SharedOptions("--producer-props");
        long? numRecords = null, warmupRecords = null;
        int recordSize = DefaultRecordSize, partitions = 1, timeoutMs = 10_000;
        int? lingerMs = null;
        long throughput = DefaultThroughput;
        string? acks = null;
        IReadOnlyList<KeyValuePair<string, string>> consumerProperties = [];

        shared.ReadAll(args, "end-to-end", (option, cursor) =>
        {
            switch (option)
            {
                case "--num-records": numRecords = cursor.Long(option, 1, long.MaxValue); break;
                case "--record-size": recordSize = cursor.Int(option, StampedPayload.StampSize, ProduceOptions.MaxRecordSize); break;
                case "--throughput": throughput = ProduceOptions.ParseThroughput(cursor.Long(option, -1, long.MaxValue)); break;
                case "--acks": acks = ProduceOptions.ParseAcks(cursor.String(option)); break;
                case "--linger-ms": lingerMs = cursor.Int(option, 0, 900_000); break;
                case "--partitions": partitions = cursor.Int(option, 1, 100_000); break;
                case "--warmup-records": warmupRecords = cursor.Long(option, 0, long.MaxValue); break;
                case "--timeout-ms": timeoutMs = cursor.Int(option, 1, int.MaxValue); break;
                case "--consumer-props": consumerProperties = cursor.Properties(option); break;
                default: return false;
            }

            return true;
        });

        shared.RequireTarget();
        ArgumentCursor.Require(numRecords, "--num-records");
        if (warmupRecords >= numRecords)
        {
            throw new UsageException("--warmup-records must be less than --num-records.");
        }

        return new EndToEndOptions
        {
            BootstrapServers = shared.BootstrapServers,
            Topic = shared.Topic,
            NumRecords = numRecords!.Value,
            RecordSize = recordSize,
            Throughput = throughput,
            Acks = acks,
            LingerMs = lingerMs,
            Partitions = partitions,
            WarmupRecords = warmupRecords,
            TimeoutMs = timeoutMs,
            ProducerProperties = shared.Properties,
            ConsumerProperties = consumerProperties,
            Json = shared.Json,
        };
    }
}
