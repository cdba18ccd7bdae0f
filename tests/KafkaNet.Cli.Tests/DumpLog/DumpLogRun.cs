using KafkaNet.Cli.DumpLog;

namespace KafkaNet.Cli.Tests.DumpLog;

/// <summary>One in-process run of `kafkanet dump-log`.</summary>
internal static class DumpLogRun
{
    public static Task<CommandRun> RunAsync(params string[] args) =>
        CommandRun.CaptureAsync((stdout, stderr, _) => DumpLogCommand.RunAsync(args, stdout, stderr));
}
