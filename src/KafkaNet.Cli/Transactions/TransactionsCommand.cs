using KafkaNet.Cli.Admin;
using KafkaNet.Cli.Arguments;

namespace KafkaNet.Cli.Transactions;

/// <summary>
/// `kafkanet transactions`: lists and describes transactions and the producers of a partition, finds hanging
/// transactions and aborts them, as Kafka's kafka-transactions does. Exit codes: 0 done, 1 the cluster answered with
/// an error or could not be reached, 1 also for invalid arguments.
/// </summary>
internal static class TransactionsCommand
{
    public const string Name = "transactions";

    /// <param name="args">The arguments after "transactions".</param>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var (arguments, exitCode) = await CommandArguments.ParseAsync(
            () => TransactionsArguments.Parse(args), a => a.Action == TransactionsAction.Help, Usage.Transactions, stdout, stderr).ConfigureAwait(false);
        if (arguments is null)
        {
            return exitCode;
        }

        try
        {
            await using var admin = new TransactionsAdmin(BrokerClients.Connect(AdminClient.Properties(arguments.BootstrapServers, arguments.CommandConfig), Name));
            string output = await ExecuteAsync(admin, arguments, cancellationToken).ConfigureAwait(false);
            if (output.Length > 0)
            {
                await stdout.WriteLineAsync(output).ConfigureAwait(false);
            }

            return ExitCode.Done;
        }
        catch (CommandFailedException e)
        {
            return await ExitCode.FailedAsync(stderr, e).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await stderr.WriteLineAsync("error: cancelled before the cluster answered.").ConfigureAwait(false);
            return ExitCode.Failed;
        }
    }

    private static async Task<string> ExecuteAsync(TransactionsAdmin admin, TransactionsArguments arguments, CancellationToken cancellationToken)
    {
        switch (arguments.Action)
        {
            case TransactionsAction.List:
                var listings = await admin.ListAsync(arguments.ProducerIdFilter, arguments.DurationFilter, arguments.TransactionalIdPattern, cancellationToken)
                    .ConfigureAwait(false);
                return TransactionsView.List(listings, arguments.Json);
            case TransactionsAction.Describe:
                var (coordinator, description) = await admin.DescribeAsync(arguments.TransactionalId!, cancellationToken).ConfigureAwait(false);
                return TransactionsView.Describe(coordinator, description, NowMs(), arguments.Json);
            case TransactionsAction.DescribeProducers:
                var partition = await admin.DescribeProducersAsync([(arguments.Topic!, arguments.Partition!.Value)], arguments.BrokerId, cancellationToken)
                    .ConfigureAwait(false);
                return TransactionsView.Producers(partition.Single().Producers, arguments.Json);
            case TransactionsAction.Abort:
                await AbortAsync(admin, arguments, cancellationToken).ConfigureAwait(false);
                return string.Empty;
            default:
                long nowMs = NowMs();
                var hanging = await HangingTransactions.FindAsync(admin, arguments, nowMs, cancellationToken).ConfigureAwait(false);
                return TransactionsView.Hanging(hanging, nowMs, arguments.Json);
        }
    }

    /// <summary>
    /// With --start-offset, the producer whose open transaction starts there (DescribeProducers on the leader) is
    /// aborted; otherwise the one given. A coordinator epoch below 0 (a producer that never finished a transaction)
    /// is sent as 0, as Kafka's tool does: no partition has seen a lower one.
    /// </summary>
    private static async Task AbortAsync(TransactionsAdmin admin, TransactionsArguments arguments, CancellationToken cancellationToken)
    {
        string topic = arguments.Topic!;
        int partition = arguments.Partition!.Value;
        var (producerId, producerEpoch, coordinatorEpoch) = (arguments.ProducerId ?? 0, arguments.ProducerEpoch ?? 0, arguments.CoordinatorEpoch ?? 0);
        if (arguments.StartOffset is { } startOffset)
        {
            var described = await admin.DescribeProducersAsync([(topic, partition)], null, cancellationToken).ConfigureAwait(false);
            var producer = described.Single().Producers.FirstOrDefault(p => p.CurrentTxnStartOffset == startOffset)
                ?? throw new CommandFailedException($"Could not find any open transactions starting at offset {startOffset} on partition {topic}-{partition}");
            (producerId, producerEpoch, coordinatorEpoch) = (producer.ProducerId, (short)producer.ProducerEpoch, producer.CoordinatorEpoch);
        }

        await admin.AbortAsync(topic, partition, producerId, producerEpoch, Math.Max(coordinatorEpoch, 0), cancellationToken).ConfigureAwait(false);
    }

    private static long NowMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
