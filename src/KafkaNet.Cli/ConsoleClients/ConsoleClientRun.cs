using Confluent.Kafka;
using KafkaNet.Cli.Arguments;
using KafkaNet.Cli.Output;

namespace KafkaNet.Cli.ConsoleClients;

/// <summary>What console-producer and console-consumer do around their work: parse, help, and exit codes.</summary>
internal static class ConsoleClientRun
{
    /// <param name="parse">Parses the arguments; null for --help.</param>
    /// <param name="run">The command's work, with its arguments.</param>
    /// <param name="finish">Runs once the work has ended, after any error message, whatever the outcome.</param>
    /// <returns>The work's exit code; 1 on an error, printed with its Kafka error name; 2 on invalid arguments.</returns>
    public static async Task<int> RunAsync<T>(Func<T?> parse, string usage, Func<T, Task<int>> run, TextWriter stdout, TextWriter stderr, Func<Task>? finish = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        T? arguments;
        try
        {
            arguments = parse();
        }
        catch (UsageException e)
        {
            return await ExitCode.RefusedAsync(stderr, e, usage).ConfigureAwait(false);
        }

        if (arguments is null)
        {
            await stdout.WriteLineAsync(usage).ConfigureAwait(false);
            return ExitCode.Done;
        }

        try
        {
            return await run(arguments).ConfigureAwait(false);
        }
        catch (CommandFailedException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return ExitCode.Failed;
        }
        catch (KafkaException e)
        {
            await stderr.WriteLineAsync($"error: {KafkaErrorText.Describe(e.Error)}").ConfigureAwait(false);
            return ExitCode.Failed;
        }
        finally
        {
            if (finish is not null)
            {
                await finish().ConfigureAwait(false);
            }
        }
    }
}
