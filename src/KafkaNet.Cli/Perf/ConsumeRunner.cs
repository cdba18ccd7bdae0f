using System.Diagnostics;
using Confluent.Kafka;

namespace KafkaNet.Cli.Perf;

/// <summary>
/// Reads a topic from the beginning of every partition until N records or a quiet timeout, and
/// measures the bytes and records per second.
/// </summary>
internal sealed class ConsumeRunner
{
    /// <summary>How long one Consume call blocks, so a cancellation or timeout is noticed promptly.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly ConsumeOptions _options;
    private readonly TextWriter _error;

    public ConsumeRunner(ConsumeOptions options, TextWriter error)
    {
        _options = options;
        _error = error;
    }

    /// <summary>
    /// The consumer configuration. Confluent.Kafka insists on a group.id, but partitions are
    /// assigned by hand and nothing is committed, so the broker needs no group support.
    /// </summary>
    public static Dictionary<string, string> Config(ConsumeOptions options)
    {
        var defaults = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["group.id"] = "kafkanet-perf-consumer",
            ["enable.auto.commit"] = "false",
            ["enable.auto.offset.store"] = "false",
            ["auto.offset.reset"] = "earliest",
        };
        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (options.FetchMaxBytes is { } fetchMaxBytes)
        {
            flags["fetch.max.bytes"] = fetchMaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return ClientProperties.Merge(options.BootstrapServers, defaults, RequestTally.ConfigDefaults, options.ConsumerProperties, flags);
    }

    public ConsumeResult Run(CancellationToken cancellation)
    {
        var partitions = TopicAdmin.Partitions(_options.BootstrapServers, _options.ConsumerProperties, _options.Topic);
        var config = Config(_options);
        var requests = RequestTally.For(config);
        using var consumer = new ConsumerBuilder<int, int>(config)
            .SetKeyDeserializer(SizeDeserializer.Instance)
            .SetValueDeserializer(SizeDeserializer.Instance)
            .SetErrorHandler((_, error) => _error.WriteLine($"Consumer error: {error.Reason}"))
            .SetStatisticsHandler((_, json) => requests.Observe(json))
            .Build();

        var startTime = DateTimeOffset.UtcNow;
        consumer.Assign(partitions.Select(p => new TopicPartitionOffset(p, Offset.Beginning)));
        var timeout = TimeSpan.FromMilliseconds(_options.TimeoutMs);
        var lastRecord = Stopwatch.GetTimestamp();
        long records = 0, bytes = 0;
        var endTime = startTime;
        while (records < _options.Messages && !cancellation.IsCancellationRequested)
        {
            var result = consumer.Consume(PollInterval);
            if (result is null || result.IsPartitionEOF)
            {
                if (Stopwatch.GetElapsedTime(lastRecord) >= timeout)
                {
                    _error.WriteLine($"No record for {_options.TimeoutMs} ms; stopping after {records} records.");
                    break;
                }

                continue;
            }

            records++;
            bytes += result.Message.Key + result.Message.Value;
            lastRecord = Stopwatch.GetTimestamp();
            endTime = DateTimeOffset.UtcNow;
        }

        // Stop fetching first, so the count is of the run and not of idle long polls while
        // waiting for the last report (which a consumer only delivers inside Consume).
        consumer.Unassign();
        var counts = requests.Final(slice => consumer.Consume(slice));
        consumer.Close();
        return new ConsumeResult(startTime, endTime, records, bytes, counts);
    }
}
