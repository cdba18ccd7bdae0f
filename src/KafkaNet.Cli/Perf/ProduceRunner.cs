using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;

namespace KafkaNet.Cli.Perf;

/// <summary>
/// Sends N records of one size as fast as allowed and measures each record's latency from the
/// Produce call to its delivery report.
/// </summary>
internal sealed class ProduceRunner
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan QueueFullBackoff = TimeSpan.FromMilliseconds(1);

    private readonly ProduceOptions _options;
    private readonly TextWriter _output;
    private readonly TextWriter _error;

    public ProduceRunner(ProduceOptions options, TextWriter output, TextWriter error)
    {
        _options = options;
        _output = output;
        _error = error;
    }

    /// <summary>The producer configuration: the tool's flags win over --producer-props entries.</summary>
    public static Dictionary<string, string> Config(ProduceOptions options)
    {
        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        Set(flags, "acks", options.Acks);
        Set(flags, "compression.type", options.Compression);
        Set(flags, "linger.ms", options.LingerMs?.ToString(CultureInfo.InvariantCulture));
        Set(flags, "batch.size", options.BatchSize?.ToString(CultureInfo.InvariantCulture));
        Set(flags, "transactional.id", options.TransactionalId);
        return ClientProperties.Merge(options.BootstrapServers, RequestTally.ConfigDefaults, options.ProducerProperties, flags);
    }

    public async Task<ProduceResult> RunAsync(CancellationToken cancellation)
    {
        if (_options.Partitions is { } partitions
            && await TopicAdmin.EnsureTopicAsync(_options.BootstrapServers, _options.ProducerProperties, _options.Topic, partitions)
                .ConfigureAwait(false))
        {
            await _error.WriteLineAsync($"Created topic {_options.Topic} with {partitions} partitions.").ConfigureAwait(false);
        }

        // Shared by every record: Produce copies the value into librdkafka, and delivery reports
        // only hand back the same reference.
        var message = new Message<Null, byte[]> { Value = Payload.Create(_options.RecordSize) };
        var config = Config(_options);
        var requests = RequestTally.For(config);
        using var producer = new ProducerBuilder<Null, byte[]>(config)
            .SetErrorHandler((_, error) => _error.WriteLine($"Producer error: {error.Reason}"))
            .SetStatisticsHandler((_, json) => requests.Observe(json))
            .Build();

        var transactions = _options.TransactionalId is null ? null : new TransactionCadence(producer, _options.TransactionSize);
        transactions?.Start();
        var start = Stopwatch.GetTimestamp();
        var recorder = new ProduceRecorder(start, ProgressInterval);
        var throttle = new Throttle(_options.Throughput);
        long sent = 0;
        var reportedFailure = 0;
        void OnDelivery(DeliveryReport<Null, byte[]> report, long sentAt)
        {
            var now = Stopwatch.GetTimestamp();
            if (report.Error.IsError)
            {
                recorder.RecordError();
                if (Interlocked.Exchange(ref reportedFailure, 1) == 0)
                {
                    _error.WriteLine($"Delivery failed: {report.Error.Reason}");
                }

                return;
            }

            var micros = (long)Stopwatch.GetElapsedTime(sentAt, now).TotalMicroseconds;
            if (recorder.Record(micros, _options.RecordSize, now) is { } window)
            {
                _output.WriteLine(ResultFormatter.ProduceWindow(window));
            }
        }

        for (; sent < _options.NumRecords && !cancellation.IsCancellationRequested; sent++)
        {
            var delay = throttle.Delay(sent, Stopwatch.GetElapsedTime(start));
            if (delay > TimeSpan.Zero)
            {
                Thread.Sleep(delay);
            }

            var sentAt = Stopwatch.GetTimestamp();
            while (true)
            {
                try
                {
                    // One small closure per record carries its start time to the delivery report.
                    producer.Produce(_options.Topic, message, report => OnDelivery(report, sentAt));
                    transactions?.Sent();
                    break;
                }
                catch (ProduceException<Null, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                {
                    // The local queue is full: wait for deliveries, as Kafka's producer blocks in send().
                    Thread.Sleep(QueueFullBackoff);
                }
            }
        }

        transactions?.Finish();
        producer.Flush(CancellationToken.None);

        // Flush returns once librdkafka's queue is empty, which can be a moment before the last
        // delivery handler has finished running on the polling thread.
        while (recorder.Completed < sent)
        {
            Thread.Sleep(1);
        }

        var total = recorder.Total(Stopwatch.GetTimestamp());

        // The producer's background thread delivers statistics, so waiting is all it takes.
        return total with { Requests = requests.Final(Thread.Sleep) };
    }

    private static void Set(Dictionary<string, string> config, string key, string? value)
    {
        if (value is not null)
        {
            config[key] = value;
        }
    }
}
