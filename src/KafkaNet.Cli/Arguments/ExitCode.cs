namespace KafkaNet.Cli.Arguments;

/// <summary>
/// The exit codes every kafkanet command shares, as Kafka's tools exit: 0 done, 1 failed, and 1 for invalid arguments
/// too (Kafka's CommandLineUtils.printUsageAndExit prints the reason and usage and exits 1).
/// </summary>
internal static class ExitCode
{
    public const int Done = 0;
    public const int Failed = 1;

    /// <summary>Prints the reason and the command's usage to stderr.</summary>
    /// <returns><see cref="Failed"/>.</returns>
    public static async Task<int> RefusedAsync(TextWriter stderr, UsageException reason, string usage)
    {
        ArgumentNullException.ThrowIfNull(stderr);
        ArgumentNullException.ThrowIfNull(reason);
        await stderr.WriteLineAsync($"error: {reason.Message}\n\n{usage}").ConfigureAwait(false);
        return Failed;
    }

    /// <summary>Prints why the command failed to stderr.</summary>
    /// <returns><see cref="Failed"/>.</returns>
    public static async Task<int> FailedAsync(TextWriter stderr, CommandFailedException reason)
    {
        ArgumentNullException.ThrowIfNull(stderr);
        ArgumentNullException.ThrowIfNull(reason);
        await stderr.WriteLineAsync($"error: {reason.Message}").ConfigureAwait(false);
        return Failed;
    }
}
