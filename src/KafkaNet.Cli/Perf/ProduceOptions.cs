using KafkaNet.Cli.Arguments;

namespace KafkaNet.Cli.Perf;

/// <summary>What `kafkanet perf produce` was asked to do.</summary>
internal sealed record ProduceOptions
{
    /// <summary>The payload is one array held for the whole run, so cap it well below what a broker accepts.</summary>
    public const int MaxRecordSize = 100 * 1024 * 1024;

    public required string BootstrapServers { get; init; }

    public required string Topic { get; init; }

    public required long NumRecords { get; init; }

    public required int RecordSize { get; init; }

    /// <summary>"0", "1" or "all"; null leaves the producer's default (all) or a --producer-props value.</summary>
    public string? Acks { get; init; }

    /// <summary>A librdkafka compression.type name; null leaves the default (none).</summary>
    public string? Compression { get; init; }

    public int? LingerMs { get; init; }

    public int? BatchSize { get; init; }

    /// <summary>Create the topic with this many partitions when it does not exist.</summary>
    public int? Partitions { get; init; }

    /// <summary>Records per second; -1 sends as fast as the producer accepts.</summary>
    public long Throughput { get; init; } = -1;

    public IReadOnlyList<KeyValuePair<string, string>> ProducerProperties { get; init; } = [];

    public bool Json { get; init; }

    /// <summary>--transactional-id: send in transactions with this id (Kafka's perf test flag).</summary>
    public string? TransactionalId { get; init; }

    /// <summary>--transaction-size: records per transaction when transactional (1,000 by default).</summary>
    public int TransactionSize { get; init; } = 1000;

    public static ProduceOptions Parse(IReadOnlyList<string> args)
    {
        var shared = new SharedOptions("--producer-props");
        long? numRecords = null;
        int? recordSize = null, lingerMs = null, batchSize = null, partitions = null;
        string? acks = null, compression = null, transactionalId = null;
        int transactionSize = 1000;
        long throughput = -1;

        shared.ReadAll(args, "produce", (option, cursor) =>
        {
            switch (option)
            {
                case "--num-records": numRecords = cursor.Long(option, 1, long.MaxValue); break;
                case "--record-size": recordSize = cursor.Int(option, 0, MaxRecordSize); break;
                case "--acks": acks = ParseAcks(cursor.String(option)); break;
                case "--compression": compression = ParseCompression(cursor.String(option)); break;
                case "--linger-ms": lingerMs = cursor.Int(option, 0, 900_000); break;
                case "--batch-size": batchSize = cursor.Int(option, 1, int.MaxValue); break;
                case "--partitions": partitions = cursor.Int(option, 1, 100_000); break;
                case "--throughput": throughput = ParseThroughput(cursor.Long(option, -1, long.MaxValue)); break;
                case "--transactional-id": transactionalId = cursor.String(option); break;
                case "--transaction-size": transactionSize = cursor.Int(option, 1, int.MaxValue); break;
                default: return false;
            }

            return true;
        });

        shared.RequireTarget();
        ArgumentCursor.Require(numRecords, "--num-records");
        ArgumentCursor.Require(recordSize, "--record-size");
        return new ProduceOptions
        {
            BootstrapServers = shared.BootstrapServers,
            Topic = shared.Topic,
            NumRecords = numRecords!.Value,
            RecordSize = recordSize!.Value,
            Acks = acks,
            Compression = compression,
            LingerMs = lingerMs,
            BatchSize = batchSize,
            Partitions = partitions,
            Throughput = throughput,
            ProducerProperties = shared.Properties,
            Json = shared.Json,
            TransactionalId = transactionalId,
            TransactionSize = transactionSize,
        };
    }

    public static string ParseAcks(string text) => text switch
    {
        "0" or "1" or "all" => text,
        "-1" => "all",
        _ => throw new UsageException($"--acks must be 0, 1 or all, not '{text}'."),
    };

    private static string ParseCompression(string text) => text switch
    {
        "none" or "gzip" or "snappy" or "lz4" or "zstd" => text,
        _ => throw new UsageException($"--compression must be none, gzip, snappy, lz4 or zstd, not '{text}'."),
    };

    // Zero records per second would never finish; -1 is the documented "unlimited".
    public static long ParseThroughput(long value) => value == 0
        ? throw new UsageException("--throughput must be -1 (unlimited) or a positive rate.")
        : value;
}
