using KafkaNet.Cli.Admin;
using KafkaNet.Cli.Arguments;

namespace KafkaNet.Cli.DeleteRecords;

/// <summary>
/// `kafkanet delete-records`: deletes the records below an offset in each partition of an offset JSON file, as Kafka's
/// kafka-delete-records does. Exit codes: 0 done, 1 a partition failed, the file could not be read or the cluster could
/// not be reached, 2 invalid arguments.
/// </summary>
internal static class DeleteRecordsCommand
{
    public const string Name = "delete-records";

    /// <param name="args">The arguments after "delete-records".</param>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        DeleteRecordsArguments arguments;
        try
        {
            arguments = DeleteRecordsArguments.Parse(args);
        }
        catch (UsageException e)
        {
            return await ExitCode.RefusedAsync(stderr, e, Usage.DeleteRecords).ConfigureAwait(false);
        }

        if (arguments.IsHelp)
        {
            await stdout.WriteLineAsync(Usage.DeleteRecords).ConfigureAwait(false);
            return ExitCode.Done;
        }

        try
        {
            var partitions = OffsetJsonFile.Load(arguments.OffsetJsonFile);
            using var admin = new DeleteRecordsAdmin(AdminClient.Properties(arguments.BootstrapServers, arguments.CommandConfig));
            await stdout.WriteLineAsync(DeleteRecordsView.Executing).ConfigureAwait(false);
            var results = await admin.DeleteAsync(partitions).ConfigureAwait(false);
            await stdout.WriteLineAsync(DeleteRecordsView.Completed(results)).ConfigureAwait(false);
            return results.Any(r => r.Error is not null) ? ExitCode.Failed : ExitCode.Done;
        }
        catch (CommandFailedException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return ExitCode.Failed;
        }
    }
}
