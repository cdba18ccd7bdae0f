using KafkaNet.Cli.Acls;

namespace KafkaNet.Cli.Tests.Acls;

/// <summary>One in-process run of `kafkanet acls`, with <paramref name="stdin"/> as its answers to confirmation questions.</summary>
internal static class AclsRun
{
    public static Task<CommandRun> RunAsync(string stdin, params string[] args) =>
        CommandRun.CaptureAsync((stdout, stderr, _) => AclsCommand.RunAsync(args, new StringReader(stdin), stdout, stderr));
}
