namespace KafkaNet.Cli.Arguments;

/// <summary>What every kafkanet command does with its command line before its work: parse it, refuse it, or print usage.</summary>
internal static class CommandArguments
{
    /// <summary>
    /// Parses the command line. On invalid arguments prints the reason and the usage to stderr; on --help prints the
    /// usage to stdout.
    /// </summary>
    /// <param name="parse">Parses the arguments, throwing <see cref="UsageException"/> when they are wrong.</param>
    /// <param name="isHelp">Whether the parsed arguments ask for help.</param>
    /// <param name="usage">The command's usage text.</param>
    /// <returns>
    /// The arguments to run with, or null with the exit code the command returns at once:
    /// <see cref="ExitCode.Failed"/> for invalid arguments or, after --help, <see cref="ExitCode.Done"/>.
    /// </returns>
    public static async Task<(T? Arguments, int ExitCode)> ParseAsync<T>(Func<T> parse, Func<T, bool> isHelp, string usage, TextWriter stdout, TextWriter stderr)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(isHelp);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        T arguments;
        try
        {
            arguments = parse();
        }
        catch (UsageException e)
        {
            return (null, await ExitCode.RefusedAsync(stderr, e, usage).ConfigureAwait(false));
        }

        if (isHelp(arguments))
        {
            await stdout.WriteLineAsync(usage).ConfigureAwait(false);
            return (null, ExitCode.Done);
        }

        return (arguments, ExitCode.Done);
    }
}
