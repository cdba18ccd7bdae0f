using KafkaNet.Cli.MetadataQuorum;

namespace KafkaNet.Cli.Tests.MetadataQuorum;

/// <summary>One in-process run of `kafkanet metadata-quorum`.</summary>
internal static class QuorumCommandRun
{
    public static Task<CommandRun> RunAsync(params string[] args) =>
        CommandRun.CaptureAsync((stdout, stderr, cancellation) => MetadataQuorumCommand.RunAsync(args, stdout, stderr, cancellation));
}
