using KafkaNet.Cli.MetadataQuorum;

namespace KafkaNet.Cli.Tests.MetadataQuorum;

/// <summary>One in-process run of `kafkanet metadata-quorum`: its exit code and what it printed.</summary>
internal sealed record QuorumCommandRun(int Exit, string Out, string Error)
{
    public static async Task<QuorumCommandRun> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        int exit = await MetadataQuorumCommand.RunAsync(args, stdout, stderr, timeout.Token);
        return new QuorumCommandRun(exit, stdout.ToString(), stderr.ToString());
    }

    public override string ToString() => $"exit {Exit}\nstdout:\n{Out}\nstderr:\n{Error}";
}
