using KafkaNet.Cli.Admin;
using KafkaNet.Cli.Arguments;

namespace KafkaNet.Cli.DeleteRecords;

/// <summary>
/// `kafkanet delete-records`: deletes the records below an offset in each partition of an offset JSON file, as Kafka's
/// kafka-delete-records does. Exit codes: 0 done, 1 a partition failed, the file could not be read or the cluster could
/// not be reached, 1 also for invalid arguments.
/// </summary>
internal static class DeleteRecordsCommand
{
    public const string Name = "delete-records";

    /// <param name="args">The arguments after "delete-records".</param>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        var (arguments, exitCode) = await CommandArguments.ParseAsync(
            () => DeleteRecordsArguments.Parse(args), a => a.IsHelp, Usage.DeleteRecords, stdout, stderr).ConfigureAwait(false);
        if (arguments is null)
        {
            return exitCode;
        }

        try
        {
            var partitions = OffsetJsonFile.Load(arguments.OffsetJsonFile);
            using var admin = new DeleteRecordsAdmin(AdminClient.Properties(arguments.BootstrapServers, arguments.CommandConfig));
            if (!arguments.Json)
            {
                await stdout.WriteLineAsync(DeleteRecordsView.Executing).ConfigureAwait(false);
            }

            var results = await admin.DeleteAsync(partitions).ConfigureAwait(false);
            await stdout.WriteLineAsync(arguments.Json ? DeleteRecordsView.Json(results) : DeleteRecordsView.Completed(results)).ConfigureAwait(false);
            return results.Any(r => r.Error is not null) ? ExitCode.Failed : ExitCode.Done;
        }
        catch (CommandFailedException e)
        {
            return await ExitCode.FailedAsync(stderr, e).ConfigureAwait(false);
        }
    }
}
