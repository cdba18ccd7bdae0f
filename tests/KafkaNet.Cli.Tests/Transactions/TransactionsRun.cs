using KafkaNet.Cli.Transactions;

namespace KafkaNet.Cli.Tests.Transactions;

/// <summary>One in-process run of `kafkanet transactions`.</summary>
internal static class TransactionsRun
{
    /// <summary>What find-hanging prints when it finds none: the header alone.</summary>
    public const string NoneHanging = "Topic  Partition  ProducerId  ProducerEpoch  CoordinatorEpoch  StartOffset  LastTimestamp  Duration(min)\n";

    public static Task<CommandRun> RunAsync(params string[] args) =>
        CommandRun.CaptureAsync((stdout, stderr, cancellation) => TransactionsCommand.RunAsync(args, stdout, stderr, cancellation));
}
