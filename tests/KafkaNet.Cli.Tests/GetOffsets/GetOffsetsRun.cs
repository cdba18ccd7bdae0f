using KafkaNet.Cli.GetOffsets;

namespace KafkaNet.Cli.Tests.GetOffsets;

/// <summary>One in-process run of `kafkanet get-offsets`.</summary>
internal static class GetOffsetsRun
{
    public static Task<CommandRun> RunAsync(params string[] args) =>
        CommandRun.CaptureAsync((stdout, stderr, _) => GetOffsetsCommand.RunAsync(args, stdout, stderr));
}
