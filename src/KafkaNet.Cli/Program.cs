using Confluent.Kafka;
using KafkaNet.Cli.Acls;
using KafkaNet.Cli.Arguments;
using KafkaNet.Cli.Configs;
using KafkaNet.Cli.ConsumerGroups;
using KafkaNet.Cli.DeleteRecords;
using KafkaNet.Cli.GetOffsets;
using KafkaNet.Cli.ConsoleClients;
using KafkaNet.Cli.LogDirs;
using KafkaNet.Cli.LeaderElection;
using KafkaNet.Cli.DumpLog;
using KafkaNet.Cli.MetadataQuorum;
using KafkaNet.Cli.Perf;
using KafkaNet.Cli.Reassignment;
using KafkaNet.Cli.Topics;
using KafkaNet.Cli.Transactions;

namespace KafkaNet.Cli;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        // Ctrl+C ends a run early; perf still flushes and prints what was measured.
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };

        if (args is [MetadataQuorumCommand.Name, .. var quorumArgs])
        {
            return await MetadataQuorumCommand.RunAsync(quorumArgs, Console.Out, Console.Error, cancellation.Token).ConfigureAwait(false);
        }

        if (args is [TopicsCommand.Name, .. var topicsArgs])
        {
            return await TopicsCommand.RunAsync(topicsArgs, Console.Out, Console.Error).ConfigureAwait(false);
        }

        if (args is [ConsumerGroupsCommand.Name, .. var groupsArgs])
        {
            return await ConsumerGroupsCommand.RunAsync(groupsArgs, Console.Out, Console.Error).ConfigureAwait(false);
        }

        if (args is [ConfigsCommand.Name, .. var configsArgs])
        {
            return await ConfigsCommand.RunAsync(configsArgs, Console.Out, Console.Error, cancellation.Token).ConfigureAwait(false);
        }

        if (args is [GetOffsetsCommand.Name, .. var getOffsetsArgs])
        {
            return await GetOffsetsCommand.RunAsync(getOffsetsArgs, Console.Out, Console.Error).ConfigureAwait(false);
        }

        if (args is [DeleteRecordsCommand.Name, .. var deleteRecordsArgs])
        {
            return await DeleteRecordsCommand.RunAsync(deleteRecordsArgs, Console.Out, Console.Error).ConfigureAwait(false);
        }

        if (args is [ConsoleProducerCommand.Name, .. var producerArgs])
        {
            return await ConsoleProducerCommand.RunAsync(producerArgs, Console.In, Console.Out, Console.Error, cancellation.Token).ConfigureAwait(false);
        }

        if (args is [ConsoleConsumerCommand.Name, .. var consumerArgs])
        {
            return await ConsoleConsumerCommand.RunAsync(consumerArgs, Console.Out, Console.Error, cancellation.Token).ConfigureAwait(false);
        }

        if (args is [TransactionsCommand.Name, .. var transactionsArgs])
        {
            return await TransactionsCommand.RunAsync(transactionsArgs, Console.Out, Console.Error, cancellation.Token).ConfigureAwait(false);
        }

        if (args is [LogDirsCommand.Name, .. var logDirsArgs])
        {
            return await LogDirsCommand.RunAsync(logDirsArgs, Console.Out, Console.Error, cancellation.Token).ConfigureAwait(false);
        }

        if (args is [LeaderElectionCommand.Name, .. var electionArgs])
        {
            return await LeaderElectionCommand.RunAsync(electionArgs, Console.Out, Console.Error).ConfigureAwait(false);
        }

        if (args is [ReassignmentCommand.Name, .. var reassignArgs])
        {
            return await ReassignmentCommand.RunAsync(reassignArgs, Console.Out, Console.Error, cancellation.Token).ConfigureAwait(false);
        }

        if (args is [AclsCommand.Name, .. var aclsArgs])
        {
            return await AclsCommand.RunAsync(aclsArgs, Console.In, Console.Out, Console.Error).ConfigureAwait(false);
        }

        if (args is [DumpLogCommand.Name, .. var dumpLogArgs])
        {
            return await DumpLogCommand.RunAsync(dumpLogArgs, Console.Out, Console.Error).ConfigureAwait(false);
        }

        PerfCommand command;
        try
        {
            command = PerfCommand.Parse(args);
        }
        catch (UsageException e)
        {
            return await ExitCode.RefusedAsync(Console.Error, e, Usage.Text).ConfigureAwait(false);
        }

        if (command.IsHelp)
        {
            await Console.Out.WriteLineAsync(Usage.Text).ConfigureAwait(false);
            return 0;
        }

        try
        {
            var (output, succeeded) = await RunAsync(command, cancellation.Token).ConfigureAwait(false);
            await Console.Out.WriteLineAsync(output).ConfigureAwait(false);
            return succeeded ? 0 : ExitCode.Failed;
        }
        catch (KafkaException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Error.Reason}").ConfigureAwait(false);
            return ExitCode.Failed;
        }
    }

    /// <summary>The result text, and false when records failed: a benchmark script must not record such a run.</summary>
    private static async Task<(string Output, bool Succeeded)> RunAsync(PerfCommand command, CancellationToken cancellation)
    {
        if (command.Produce is { } produce)
        {
            // With --json, stdout carries only the result object, so progress lines go to stderr.
            var progress = produce.Json ? Console.Error : Console.Out;
            var result = await new ProduceRunner(produce, progress, Console.Error).RunAsync(cancellation).ConfigureAwait(false);
            return (produce.Json ? ResultFormatter.ProduceJson(result) : ResultFormatter.ProduceFinal(result), result.Errors == 0);
        }

        if (command.DeleteTopic is { } delete)
        {
            var deleted = await TopicAdmin.DeleteTopicAsync(delete.BootstrapServers, delete.AdminProperties, delete.Topic).ConfigureAwait(false);
            return (deleted ? $"Deleted topic {delete.Topic}." : $"Topic {delete.Topic} does not exist.", true);
        }

        if (command.EndToEnd is { } endToEnd)
        {
            var measured = await new EndToEndRunner(endToEnd, Console.Error).RunAsync(cancellation).ConfigureAwait(false);
            return (endToEnd.Json ? ResultFormatter.EndToEndJson(measured) : ResultFormatter.EndToEndFinal(measured),
                measured.Lost == 0 && measured.Errors == 0);
        }

        var consume = command.Consume!;
        var consumed = new ConsumeRunner(consume, Console.Error).Run(cancellation);
        return (consume.Json
            ? ResultFormatter.ConsumeJson(consumed)
            : ResultFormatter.ConsumeHeader + Environment.NewLine + ResultFormatter.ConsumeLine(consumed), true);
    }
}
