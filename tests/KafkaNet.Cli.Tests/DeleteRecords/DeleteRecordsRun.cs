using KafkaNet.Cli.DeleteRecords;

namespace KafkaNet.Cli.Tests.DeleteRecords;

/// <summary>One in-process run of `kafkanet delete-records`.</summary>
internal static class DeleteRecordsRun
{
    public static Task<CommandRun> RunAsync(params string[] args) =>
        CommandRun.CaptureAsync((stdout, stderr, _) => DeleteRecordsCommand.RunAsync(args, stdout, stderr));
}
