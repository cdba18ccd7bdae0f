namespace KafkaNet.Cli.Arguments;

/// <summary>The exit codes every kafkanet command shares: 0 done, 1 failed, 2 invalid arguments.</summary>
internal static class ExitCode
{
    public const int Done = 0;
    public const int Failed = 1;
    public const int InvalidArguments = 2;

    /// <summary>Prints the reason and the command's usage to stderr.</summary>
    /// <returns><see cref="InvalidArguments"/>.</returns>
    public static async Task<int> RefusedAsync(TextWriter stderr, UsageException reason, string usage)
    {
        ArgumentNullException.ThrowIfNull(stderr);
        ArgumentNullException.ThrowIfNull(reason);
        await stderr.WriteLineAsync($"error: {reason.Message}\n\n{usage}").ConfigureAwait(false);
        return InvalidArguments;
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
