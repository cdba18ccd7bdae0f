using Confluent.Kafka;
using KafkaNet.Cli.Arguments;
using KafkaNet.Cli.Output;

namespace KafkaNet.Cli.ConsoleClients;

/// <summary>`kafkanet console-producer`: one record per line of the input until its end, as Kafka's kafka-console-producer.</summary>
internal static class ConsoleProducerCommand
{
    public const string Name = "console-producer";

    /// <summary>How long one wait for room in a full send queue lasts before trying again.</summary>
    private static readonly TimeSpan QueueWait = TimeSpan.FromMilliseconds(100);

    /// <returns>0 when every line was acknowledged, 1 on an error, 1 also on invalid arguments.</returns>
    public static Task<int> RunAsync(IReadOnlyList<string> args, TextReader stdin, TextWriter stdout, TextWriter stderr, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(stdin);
        return ConsoleClientRun.RunAsync(
            () => ProducerArguments.Parse(args),
            a => a.Help,
            Usage.ConsoleProducer,
            async arguments => await ProduceAsync(arguments, stdin, stderr, cancellation).ConfigureAwait(false) == 0 ? ExitCode.Done : ExitCode.Failed,
            stdout,
            stderr);
    }

    /// <summary>The producer configuration: Kafka's tool defaults, the user's properties, then the flags given.</summary>
    public static Dictionary<string, string> Config(ProducerArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var defaults = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["acks"] = "all",
            ["compression.type"] = "none",
        };
        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (arguments.Acks is { } acks)
        {
            flags["acks"] = acks;
        }

        if (arguments.Compression is { } compression)
        {
            flags["compression.type"] = compression;
        }

        if (arguments.Sync)
        {
            flags["linger.ms"] = "0";
        }

        return arguments.Client.ClientConfig(defaults, flags);
    }

    /// <returns>How many records the cluster did not acknowledge; each is reported on stderr.</returns>
    private static async Task<int> ProduceAsync(ProducerArguments arguments, TextReader stdin, TextWriter stderr, CancellationToken cancellation)
    {
        var topic = arguments.Client.Topic;
        using var producer = new ProducerBuilder<byte[]?, byte[]?>(Config(arguments)).Build();
        var failures = 0;
        var failureLock = new Lock();
        void Report(DeliveryReport<byte[]?, byte[]?> report)
        {
            if (report.Error.IsError)
            {
                lock (failureLock)
                {
                    failures++;
                    stderr.WriteLine($"error: {KafkaErrorText.Describe(report.Error)} (sending a record of {report.Message.Value?.Length ?? 0} bytes to {topic})");
                }
            }
        }

        long lineNumber = 0;
        int undelivered;
        try
        {
            while (await stdin.ReadLineAsync(cancellation).ConfigureAwait(false) is { } line)
            {
                var message = arguments.Format.Read(line, ++lineNumber);
                if (arguments.Sync)
                {
                    await SendAndWaitAsync(producer, topic, message, Report, cancellation).ConfigureAwait(false);
                }
                else
                {
                    Send(producer, topic, message, Report, cancellation);
                }
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // Interrupted: what was read is still delivered below.
        }
        finally
        {
            undelivered = producer.Flush(TimeSpan.FromSeconds(30));
        }

        if (undelivered > 0)
        {
            await stderr.WriteLineAsync($"error: {undelivered} records were not acknowledged within 30 seconds").ConfigureAwait(false);
        }

        lock (failureLock)
        {
            return failures + undelivered;
        }
    }

    private static async Task SendAndWaitAsync(
        IProducer<byte[]?, byte[]?> producer, string topic, Message<byte[]?, byte[]?> message,
        Action<DeliveryReport<byte[]?, byte[]?>> report, CancellationToken cancellation)
    {
        try
        {
            await producer.ProduceAsync(topic, message, cancellation).ConfigureAwait(false);
        }
        catch (ProduceException<byte[]?, byte[]?> e)
        {
            report(new DeliveryReport<byte[]?, byte[]?> { Error = e.Error, Message = message });
        }
    }

    /// <summary>Queues the record, waiting for room while the client's send queue is full.</summary>
    private static void Send(
        IProducer<byte[]?, byte[]?> producer, string topic, Message<byte[]?, byte[]?> message,
        Action<DeliveryReport<byte[]?, byte[]?>> report, CancellationToken cancellation)
    {
        while (true)
        {
            try
            {
                producer.Produce(topic, message, report);
                return;
            }
            catch (ProduceException<byte[]?, byte[]?> e) when (e.Error.Code == ErrorCode.Local_QueueFull && !cancellation.IsCancellationRequested)
            {
                producer.Poll(QueueWait);
            }
        }
    }
}
