using KafkaNet.Cli.Perf;

namespace KafkaNet.Cli.Arguments;

/// <summary>
/// The parsed command line: exactly one of the option sets, or none when help was asked for.
/// </summary>
internal sealed record PerfCommand(
    ProduceOptions? Produce,
    ConsumeOptions? Consume,
    EndToEndOptions? EndToEnd = null,
    DeleteTopicOptions? DeleteTopic = null)
{
    public bool IsHelp => Produce is null && Consume is null && EndToEnd is null && DeleteTopic is null;

    public static PerfCommand Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0)
        {
            throw new UsageException("No command given.");
        }

        if (args[0] is "--help" or "-h" or "help")
        {
            return new PerfCommand(null, null);
        }

        if (args[0] != "perf" || args.Count < 2)
        {
            throw new UsageException($"Unknown command '{string.Join(' ', args.Take(2))}'.");
        }

        var rest = args.Skip(2).ToList();
        if (rest.Contains("--help") || rest.Contains("-h"))
        {
            return new PerfCommand(null, null);
        }

        return args[1] switch
        {
            "produce" => new PerfCommand(ProduceOptions.Parse(rest), null),
            "consume" => new PerfCommand(null, ConsumeOptions.Parse(rest)),
            "end-to-end" => new PerfCommand(null, null, EndToEndOptions.Parse(rest)),
            "delete-topic" => new PerfCommand(null, null, DeleteTopic: DeleteTopicOptions.Parse(rest)),
            _ => throw new UsageException($"Unknown perf command '{args[1]}': use produce, consume, end-to-end or delete-topic."),
        };
    }
}
