using KafkaNet.Cli.Transactions;

namespace KafkaNet.Cli.Tests.Transactions;

/// <summary>One in-process run of `kafkanet transactions`.</summary>
internal static class TransactionsRun
{
    public static Task<CommandRun> RunAsync(params string[] args) =>
        CommandRun.CaptureAsync((stdout, stderr, cancellation) => TransactionsCommand.RunAsync(args, stdout, stderr, cancellation));
}
