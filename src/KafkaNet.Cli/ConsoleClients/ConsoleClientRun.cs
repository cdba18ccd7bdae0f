using Confluent.Kafka;
using KafkaNet.Cli.Arguments;
using KafkaNet.Cli.Output;

namespace KafkaNet.Cli.ConsoleClients;

/// <summary>What console-producer and console-consumer do around their work: parse, help, and exit codes.</summary>
internal static class ConsoleClientRun
{
    /// <param name="parse">Parses the arguments.</param>
    /// <param name="isHelp">Whether the parsed arguments ask for help.</param>
    /// <param name="run">The command's work, with its arguments.</param>
    /// <param name="finish">Runs once the work has ended, after any error message, whatever the outcome.</param>
    /// <returns>The work's exit code; 1 on an error, printed with its Kafka error name; 1 also on invalid arguments.</returns>
    public static async Task<int> RunAsync<T>(Func<T> parse, Func<T, bool> isHelp, string usage, Func<T, Task<int>> run, TextWriter stdout, TextWriter stderr, Func<Task>? finish = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(run);
        var (arguments, exitCode) = await CommandArguments.ParseAsync(parse, isHelp, usage, stdout, stderr).ConfigureAwait(false);
        if (arguments is null)
        {
            return exitCode;
        }

        try
        {
            return await run(arguments).ConfigureAwait(false);
        }
        catch (CommandFailedException e)
        {
            return await ExitCode.FailedAsync(stderr, e).ConfigureAwait(false);
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
