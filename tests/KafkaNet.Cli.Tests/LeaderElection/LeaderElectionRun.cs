using KafkaNet.Cli.LeaderElection;

namespace KafkaNet.Cli.Tests.LeaderElection;

/// <summary>One in-process run of `kafkanet leader-election`.</summary>
internal static class LeaderElectionRun
{
    public static Task<CommandRun> RunAsync(params string[] args) =>
        CommandRun.CaptureAsync((stdout, stderr, _) => LeaderElectionCommand.RunAsync(args, stdout, stderr));
}
