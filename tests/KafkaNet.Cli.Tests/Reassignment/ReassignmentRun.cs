using KafkaNet.Cli.Reassignment;

namespace KafkaNet.Cli.Tests.Reassignment;

/// <summary>One in-process run of `kafkanet reassign-partitions`.</summary>
internal static class ReassignmentRun
{
    public static Task<CommandRun> RunAsync(params string[] args) =>
        CommandRun.CaptureAsync((stdout, stderr, cancellation) => ReassignmentCommand.RunAsync(args, stdout, stderr, cancellation));
}
