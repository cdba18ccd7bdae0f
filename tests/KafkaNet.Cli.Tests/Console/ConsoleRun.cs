using KafkaNet.Cli.ConsoleClients;

namespace KafkaNet.Cli.Tests.Console;

/// <summary>In-process runs of `kafkanet console-producer` and `kafkanet console-consumer`.</summary>
internal static class ConsoleRun
{
    public static Task<CommandRun> ProducerAsync(string input, params string[] args) =>
        CommandRun.CaptureAsync(async (stdout, stderr, cancellation) =>
        {
            using var stdin = new StringReader(input);
            return await ConsoleProducerCommand.RunAsync(args, stdin, stdout, stderr, cancellation);
        });

    public static Task<CommandRun> ConsumerAsync(params string[] args) =>
        CommandRun.CaptureAsync((stdout, stderr, cancellation) => ConsoleConsumerCommand.RunAsync(args, stdout, stderr, cancellation));
}
