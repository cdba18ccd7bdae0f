using KafkaNet.Cli.Configs;

namespace KafkaNet.Cli.Tests.Configs;

/// <summary>One in-process run of `kafkanet configs`.</summary>
internal static class ConfigsRun
{
    public static Task<CommandRun> RunAsync(params string[] args) =>
        CommandRun.CaptureAsync((stdout, stderr, cancellation) => ConfigsCommand.RunAsync(args, stdout, stderr, cancellation));
}
