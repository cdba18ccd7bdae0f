using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaNet.Cli.Arguments;
using KafkaNet.Cli.Output;
using AdminClient = KafkaNet.Cli.Admin.AdminClient;

namespace KafkaNet.Cli.LeaderElection;

/// <summary>
/// `kafkanet leader-election`: elects the preferred replica (or, unclean, any live replica of a partition without a
/// leader) as leader, as Kafka's kafka-leader-election does. Exit codes: 0 done, 1 a partition could not be elected
/// or the cluster could not be reached, 1 also for invalid arguments.
/// </summary>
internal static class LeaderElectionCommand
{
    public const string Name = "leader-election";

    /// <param name="args">The arguments after "leader-election".</param>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        var (arguments, exitCode) = await CommandArguments.ParseAsync(
            () => LeaderElectionArguments.Parse(args), a => a.IsHelp, Usage.LeaderElection, stdout, stderr).ConfigureAwait(false);
        if (arguments is null)
        {
            return exitCode;
        }

        try
        {
            var results = await ElectAsync(arguments).ConfigureAwait(false);
            var (text, failed) = arguments.Json ? ElectionReport.Json(arguments.ElectionType, results) : ElectionReport.Describe(arguments.ElectionType, results);
            if (text.Length > 0)
            {
                await stdout.WriteLineAsync(text).ConfigureAwait(false);
            }

            if (failed > 0)
            {
                throw new CommandFailedException($"{failed} replica(s) could not be elected");
            }

            return ExitCode.Done;
        }
        catch (CommandFailedException e)
        {
            return await ExitCode.FailedAsync(stderr, e).ConfigureAwait(false);
        }
    }

    /// <summary>Each partition's outcome; with --all-topic-partitions only those the controller acted on, as Kafka reports.</summary>
    private static async Task<IReadOnlyList<TopicPartitionError>> ElectAsync(LeaderElectionArguments arguments)
    {
        var partitions = arguments.PathToJsonFile is { } path ? ElectionPartitionsFile.Load(path)
            : arguments.Topic is { } topic ? [new TopicPartition(topic, arguments.Partition!.Value)]
            : null;
        using var admin = AdminClient.Build(AdminClient.Properties(arguments.BootstrapServers, arguments.AdminConfig));
        try
        {
            var result = await admin.ElectLeadersAsync(arguments.ElectionType, partitions, new ElectLeadersOptions { RequestTimeout = AdminClient.Timeout })
                .ConfigureAwait(false);
            return result.TopicPartitions;
        }
        catch (ElectLeadersException e)
        {
            // Partition errors are reported one by one; an error of the whole request ends the command.
            return e.Results.TopicPartitions.Count == 0
                ? throw AdminClient.Refused(e.Error, "electing leaders")
                : e.Results.TopicPartitions;
        }
        catch (KafkaException e)
        {
            throw new CommandFailedException(KafkaErrorText.Describe(e.Error), e);
        }
    }
}
