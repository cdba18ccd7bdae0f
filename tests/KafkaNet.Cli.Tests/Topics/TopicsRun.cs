using KafkaNet.Cli.Topics;

namespace KafkaNet.Cli.Tests.Topics;

/// <summary>One in-process run of `kafkanet topics`.</summary>
internal static class TopicsRun
{
    public static Task<CommandRun> RunAsync(params string[] args) =>
        CommandRun.CaptureAsync((stdout, stderr, _) => TopicsCommand.RunAsync(args, stdout, stderr));
}
