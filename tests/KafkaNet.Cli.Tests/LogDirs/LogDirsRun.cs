using KafkaNet.Cli.LogDirs;

namespace KafkaNet.Cli.Tests.LogDirs;

/// <summary>One in-process run of `kafkanet log-dirs`.</summary>
internal static class LogDirsRun
{
    public static Task<CommandRun> RunAsync(params string[] args) =>
        CommandRun.CaptureAsync((stdout, stderr, cancellation) => LogDirsCommand.RunAsync(args, stdout, stderr, cancellation));
}
