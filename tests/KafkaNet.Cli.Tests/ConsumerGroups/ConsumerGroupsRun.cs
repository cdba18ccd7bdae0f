using KafkaNet.Cli.ConsumerGroups;

namespace KafkaNet.Cli.Tests.ConsumerGroups;

/// <summary>One in-process run of `kafkanet consumer-groups`.</summary>
internal static class ConsumerGroupsRun
{
    public static Task<CommandRun> RunAsync(params string[] args) =>
        CommandRun.CaptureAsync((stdout, stderr, _) => ConsumerGroupsCommand.RunAsync(args, stdout, stderr));
}
