using KafkaNet.Cli.Arguments;
using KafkaNet.Storage;

namespace KafkaNet.Cli.DumpLog;

/// <summary>
/// `kafkanet dump-log`: prints a broker's log files offline, as Kafka's kafka-dump-log does: segments (.log), offset
/// and time indexes, producer snapshots and aborted transaction indexes. Damage is printed, not thrown: it is what the
/// tool is for. Exit codes: 0 done (damage included, as Kafka), 1 a file could not be read, 1 also for invalid arguments.
/// </summary>
internal static class DumpLogCommand
{
    public const string Name = "dump-log";

    /// <param name="args">The arguments after "dump-log".</param>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        var (arguments, exitCode) = await CommandArguments.ParseAsync(
            () => DumpLogArguments.Parse(args), a => a.IsHelp, Usage.DumpLog, stdout, stderr).ConfigureAwait(false);
        if (arguments is null)
        {
            return exitCode;
        }

        var problems = new DumpProblems();
        int exit = ExitCode.Done;
        foreach (string file in arguments.Files)
        {
            await stdout.WriteLineAsync($"Dumping {file}").ConfigureAwait(false);
            try
            {
                Dump(file, arguments, stdout, stderr, problems);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CommandFailedException)
            {
                await stderr.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                exit = ExitCode.Failed;
            }
        }

        await problems.PrintAsync(stderr).ConfigureAwait(false);
        return exit;
    }

    private static void Dump(string file, DumpLogArguments arguments, TextWriter stdout, TextWriter stderr, DumpProblems problems)
    {
        if (!File.Exists(file))
        {
            throw new CommandFailedException($"{file} does not exist.");
        }

        switch (Path.GetExtension(file))
        {
            case LogFileNames.LogSuffix or SegmentNames.SnapshotCheckpointSuffix:
                LogDumper.Dump(file, arguments, stdout, problems);
                break;
            case LogFileNames.IndexSuffix:
                IndexDumper.Dump(file, arguments, stdout, problems);
                break;
            case LogFileNames.TimeIndexSuffix:
                TimeIndexDumper.Dump(file, arguments, stdout, problems);
                break;
            case LogFileNames.SnapshotSuffix:
                ProducerSnapshotDumper.Dump(file, stdout, stderr);
                break;
            case LogFileNames.TxnIndexSuffix:
                TransactionIndexDumper.Dump(file, stdout);
                break;
            default:
                stderr.WriteLine($"Ignoring unknown file {file}");
                break;
        }
    }
}
