using System.Diagnostics;
using Confluent.Kafka;
using KafkaNet.Cli.Arguments;
using KafkaNet.Cli.Perf;

namespace KafkaNet.Cli.ConsoleClients;

/// <summary>
/// `kafkanet console-consumer`: prints a topic's records, as Kafka's kafka-console-consumer. With
/// --group it subscribes and commits what it printed; without, it assigns itself the partitions
/// and commits nothing, so no group is left behind on the cluster.
/// </summary>
internal static class ConsoleConsumerCommand
{
    public const string Name = "console-consumer";

    /// <summary>The group.id Confluent.Kafka needs even when partitions are assigned by hand; nothing is committed under it.</summary>
    public const string UngroupedId = "kafkanet-console-consumer";

    /// <summary>How long one Consume call blocks, so a cancellation or timeout is noticed promptly.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>How long a topic without a leader yet is waited for before LEADER_NOT_AVAILABLE ends the run.</summary>
    private static readonly TimeSpan LeaderWait = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan LeaderRetryInterval = TimeSpan.FromMilliseconds(200);

    /// <returns>0 after --max-messages, --timeout-ms or an interruption; 1 on an error; 1 also on invalid arguments.</returns>
    public static Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellation)
    {
        var processed = 0;
        return ConsoleClientRun.RunAsync(
            () => ConsumerArguments.Parse(args),
            a => a.Help,
            Usage.ConsoleConsumer,
            async arguments =>
            {
                await ConsumeAsync(arguments, stdout, () => processed++, cancellation).ConfigureAwait(false);
                return ExitCode.Done;
            },
            stdout,
            stderr,
            () => stderr.WriteLineAsync($"Processed a total of {processed} messages"));
    }

    /// <summary>
    /// The consumer configuration: the command's defaults, the user's properties, then the flags.
    /// With --group, --from-beginning means the group starts where it has no committed offset.
    /// </summary>
    public static Dictionary<string, string> Config(ConsumerArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var defaults = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["group.id"] = UngroupedId,
            ["enable.auto.commit"] = arguments.Group is null ? "false" : "true",
            ["auto.offset.reset"] = arguments.FromBeginning ? "earliest" : "latest",
        };
        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (arguments.Group is { } group)
        {
            flags["group.id"] = group;
        }
        else
        {
            flags["enable.auto.commit"] = "false";
        }

        if (arguments.IsolationLevel is { } isolation)
        {
            flags["isolation.level"] = isolation;
        }

        return arguments.Client.ClientConfig(defaults, flags);
    }

    private static async Task ConsumeAsync(ConsumerArguments arguments, TextWriter stdout, Action counted, CancellationToken cancellation)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(Config(arguments)).Build();
        try
        {
            Start(consumer, arguments);
            var printed = 0;
            var next = new Dictionary<TopicPartition, Offset>();
            var quiet = Stopwatch.StartNew();
            while ((arguments.MaxMessages is not { } max || printed < max) && !cancellation.IsCancellationRequested)
            {
                var record = Next(consumer, arguments.SkipMessageOnError);
                if (record is null)
                {
                    if (arguments.TimeoutMs is { } timeout && quiet.ElapsedMilliseconds >= timeout)
                    {
                        break;
                    }

                    continue;
                }

                await stdout.WriteAsync(arguments.Format.Format(record)).ConfigureAwait(false);
                printed++;
                counted();
                next[record.TopicPartition] = record.Offset + 1;
                quiet.Restart();
            }

            await stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            if (arguments.Group is not null && next.Count > 0)
            {
                // Exactly what was printed, whatever the periodic commit has done meanwhile.
                consumer.Commit(next.Select(p => new TopicPartitionOffset(p.Key, p.Value)));
            }
        }
        finally
        {
            consumer.Close();
        }
    }

    /// <summary>--partition at its start offset; without --group every partition of the topic; with --group a subscription.</summary>
    private static void Start(IConsumer<byte[]?, byte[]?> consumer, ConsumerArguments arguments)
    {
        var topic = arguments.Client.Topic;
        if (arguments.Partition is { } partition)
        {
            consumer.Assign(new TopicPartitionOffset(topic, partition, arguments.PartitionStart));
        }
        else if (arguments.Group is not null)
        {
            consumer.Subscribe(topic);
        }
        else
        {
            var start = arguments.FromBeginning ? Offset.Beginning : Offset.End;
            consumer.Assign(Partitions(arguments).Select(p => new TopicPartitionOffset(p, start)));
        }
    }

    /// <summary>
    /// The topic's partitions. A topic the cluster is still creating (for example on this very request,
    /// when it creates topics on first use) has no leader yet, so that answer is asked again for a while.
    /// </summary>
    private static IReadOnlyList<TopicPartition> Partitions(ConsumerArguments arguments)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return TopicAdmin.Partitions(arguments.Client.BootstrapServers, arguments.Client.UserProperties(), arguments.Client.Topic);
            }
            catch (KafkaException e) when (e.Error.Code == ErrorCode.LeaderNotAvailable && waited.Elapsed < LeaderWait)
            {
                Thread.Sleep(LeaderRetryInterval);
            }
        }
    }

    /// <summary>The next record, or null when none arrived within the poll interval (or one was skipped).</summary>
    private static ConsumeResult<byte[]?, byte[]?>? Next(IConsumer<byte[]?, byte[]?> consumer, bool skipMessageOnError)
    {
        try
        {
            var result = consumer.Consume(PollInterval);
            return result is null || result.IsPartitionEOF ? null : result;
        }
        catch (ConsumeException e) when (skipMessageOnError && e.ConsumerRecord is not null)
        {
            return null;
        }
    }
}
