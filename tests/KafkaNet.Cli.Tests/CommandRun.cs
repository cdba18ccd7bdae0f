namespace KafkaNet.Cli.Tests;

/// <summary>One in-process run of a `kafkanet` command: its exit code and what it printed.</summary>
internal sealed record CommandRun(int Exit, string Out, string Error)
{
    /// <summary>Runs <paramref name="command"/> with captured stdout and stderr, cancelled after 90 seconds.</summary>
    public static async Task<CommandRun> CaptureAsync(Func<TextWriter, TextWriter, CancellationToken, Task<int>> command)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        int exit = await command(stdout, stderr, timeout.Token);
        return new CommandRun(exit, stdout.ToString(), stderr.ToString());
    }

    public override string ToString() => $"exit {Exit}\nstdout:\n{Out}\nstderr:\n{Error}";
}
