using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;

namespace KafkaNet.Cli.Perf;

/// <summary>
/// Produces stamped records at a fixed rate while a consumer in the same process reads them back,
/// and measures each record from the Produce call to its arrival at the consumer: Kafka's
/// EndToEndLatency tool, driven by rate rather than one record at a time.
/// </summary>
internal sealed class EndToEndRunner
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan QueueFullBackoff = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan WarmupTime = TimeSpan.FromSeconds(1);

    private readonly EndToEndOptions _options;
    private readonly TextWriter _error;

    public EndToEndRunner(EndToEndOptions options, TextWriter error)
    {
        _options = options;
        _error = error;
    }

    /// <summary>
    /// Linger 0 unless the user's properties say otherwise (a record waiting for a batch would be
    /// measured as broker latency); the tool's own flags win over both.
    /// </summary>
    public static Dictionary<string, string> ProducerConfig(EndToEndOptions options)
    {
        var defaults = new Dictionary<string, string>(StringComparer.Ordinal) { ["linger.ms"] = "0" };
        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (options.LingerMs is { } lingerMs)
        {
            flags["linger.ms"] = lingerMs.ToString(CultureInfo.InvariantCulture);
        }

        if (options.Acks is { } acks)
        {
            flags["acks"] = acks;
        }

        return ClientProperties.Merge(options.BootstrapServers, defaults, RequestTally.ConfigDefaults, options.ProducerProperties, flags);
    }

    /// <summary>Partitions are assigned by hand at explicit offsets; nothing is committed.</summary>
    public static Dictionary<string, string> ConsumerConfig(EndToEndOptions options)
    {
        var defaults = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["group.id"] = "kafkanet-perf-end-to-end",
            ["enable.auto.commit"] = "false",
            ["enable.auto.offset.store"] = "false",
            ["auto.offset.reset"] = "latest",
        };
        return ClientProperties.Merge(options.BootstrapServers, defaults, RequestTally.ConfigDefaults, options.ConsumerProperties);
    }

    public async Task<EndToEndResult> RunAsync(CancellationToken cancellation)
    {
        if (await TopicAdmin.EnsureTopicAsync(_options.BootstrapServers, _options.ProducerProperties, _options.Topic, _options.Partitions)
                .ConfigureAwait(false))
        {
            await _error.WriteLineAsync($"Created topic {_options.Topic} with {_options.Partitions} partitions.").ConfigureAwait(false);
        }

        var consumerConfig = ConsumerConfig(_options);
        var consumerRequests = RequestTally.For(consumerConfig);
        using var consumer = new ConsumerBuilder<Ignore, Stamp>(consumerConfig)
            .SetValueDeserializer(StampedPayload.Deserializer)
            .SetErrorHandler((_, error) => _error.WriteLine($"Consumer error: {error.Reason}"))
            .SetStatisticsHandler((_, json) => consumerRequests.Observe(json))
            .Build();
        AssignAtEnd(consumer);

        var producerConfig = ProducerConfig(_options);
        var producerRequests = RequestTally.For(producerConfig);
        using var producer = new ProducerBuilder<Null, byte[]>(producerConfig)
            .SetErrorHandler((_, error) => _error.WriteLine($"Producer error: {error.Reason}"))
            .SetStatisticsHandler((_, json) => producerRequests.Observe(json))
            .Build();

        var start = Stopwatch.GetTimestamp();
        var recorder = new EndToEndRecorder(start, _options.WarmupRecords, WarmupTime, _options.RecordSize);
        long sent = 0, errors = 0;
        var producing = true;
        var receiving = new Thread(() => Receive(consumer, recorder, () => Volatile.Read(ref producing), () => Interlocked.Read(ref sent), cancellation))
        {
            Name = "end-to-end consumer",
            IsBackground = true,
        };
        receiving.Start();

        // One handler for every record, so sending allocates no closure per record.
        Action<DeliveryReport<Null, byte[]>> onDelivery = report =>
        {
            if (report.Error.IsError && Interlocked.Increment(ref errors) == 1)
            {
                _error.WriteLine($"Delivery failed: {report.Error.Reason}");
            }
        };
        Send(producer, start, onDelivery, () => Interlocked.Increment(ref sent), cancellation);
        producer.Flush(CancellationToken.None);
        Volatile.Write(ref producing, false);
        receiving.Join();

        var producerCounts = producerRequests.Final(Thread.Sleep);
        consumer.Unassign();
        var consumerCounts = consumerRequests.Final(slice => consumer.Consume(slice));
        consumer.Close();
        return recorder.Total(Interlocked.Read(ref sent), Interlocked.Read(ref errors), RequestCounts.Sum(producerCounts, consumerCounts));
    }

    /// <summary>Each partition from its current end, found before anything is sent, so no record of this run is skipped.</summary>
    private void AssignAtEnd(IConsumer<Ignore, Stamp> consumer)
    {
        var partitions = TopicAdmin.Partitions(_options.BootstrapServers, _options.ConsumerProperties, _options.Topic);
        var timeout = TimeSpan.FromMilliseconds(_options.TimeoutMs);
        consumer.Assign(partitions.Select(p => new TopicPartitionOffset(p, consumer.QueryWatermarkOffsets(p, timeout).High)));
    }

    private void Send(
        IProducer<Null, byte[]> producer,
        long start,
        Action<DeliveryReport<Null, byte[]>> onDelivery,
        Func<long> countSent,
        CancellationToken cancellation)
    {
        var payload = Payload.Create(_options.RecordSize);
        var message = new Message<Null, byte[]> { Value = payload };
        var throttle = new Throttle(_options.Throughput);
        for (long sequence = 0; sequence < _options.NumRecords && !cancellation.IsCancellationRequested; sequence++)
        {
            var delay = throttle.Delay(sequence, Stopwatch.GetElapsedTime(start));
            if (delay > TimeSpan.Zero)
            {
                Thread.Sleep(delay);
            }

            while (true)
            {
                // Stamped at each attempt, so time spent waiting on a full local queue is not counted.
                StampedPayload.Write(payload, new Stamp(sequence, Stopwatch.GetTimestamp()));
                try
                {
                    producer.Produce(_options.Topic, message, onDelivery);
                    break;
                }
                catch (ProduceException<Null, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                {
                    Thread.Sleep(QueueFullBackoff);
                }
            }

            countSent();
        }
    }

    /// <summary>Reads until every sent record has arrived, or nothing arrived for the timeout once sending stopped.</summary>
    private void Receive(
        IConsumer<Ignore, Stamp> consumer,
        EndToEndRecorder recorder,
        Func<bool> producing,
        Func<long> sent,
        CancellationToken cancellation)
    {
        var timeout = TimeSpan.FromMilliseconds(_options.TimeoutMs);
        var quietSince = Stopwatch.GetTimestamp();
        while (!cancellation.IsCancellationRequested)
        {
            var stillProducing = producing();
            if (!stillProducing && recorder.Received >= sent())
            {
                return;
            }

            var result = consumer.Consume(PollInterval);
            var now = Stopwatch.GetTimestamp();
            if (result is not null)
            {
                recorder.Record(result.Message.Value, now);
            }

            if (result is not null || stillProducing)
            {
                quietSince = now;
            }
            else if (Stopwatch.GetElapsedTime(quietSince, now) >= timeout)
            {
                _error.WriteLine($"No record for {_options.TimeoutMs} ms; {sent() - recorder.Received} records did not arrive.");
                return;
            }
        }
    }
}
