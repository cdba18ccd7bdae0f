using KafkaNet.Cli.Arguments;

namespace KafkaNet.Cli.DeleteRecords;

/// <summary>The parsed `kafkanet delete-records` command line, with Kafka's kafka-delete-records option names.</summary>
internal sealed record DeleteRecordsArguments
{
    public bool IsHelp { get; init; }

    public string BootstrapServers { get; init; } = string.Empty;

    public string? CommandConfig { get; init; }

    public string OffsetJsonFile { get; init; } = string.Empty;

    /// <summary>--output json: one JSON document of each partition's low watermark or error.</summary>
    public bool Json { get; init; }

    public static DeleteRecordsArguments Parse(IReadOnlyList<string> args)
    {
        if (args.Any(a => a is "--help" or "-h"))
        {
            return new DeleteRecordsArguments { IsHelp = true };
        }

        var parsed = new DeleteRecordsArguments();
        var cursor = new ArgumentCursor(args);
        while (cursor.TryNextOption(out var option))
        {
            parsed = option switch
            {
                "--bootstrap-server" => parsed with { BootstrapServers = cursor.BootstrapServers(option) },
                "--command-config" => parsed with { CommandConfig = cursor.String(option) },
                "--offset-json-file" => parsed with { OffsetJsonFile = cursor.String(option) },
                "--output" => parsed with { Json = cursor.OutputIsJson(option) },
                _ => throw new UsageException($"Unknown option '{option}' for delete-records."),
            };
        }

        ArgumentCursor.Require(parsed.BootstrapServers.Length == 0 ? null : parsed.BootstrapServers, "--bootstrap-server");
        ArgumentCursor.Require(parsed.OffsetJsonFile.Length == 0 ? null : parsed.OffsetJsonFile, "--offset-json-file");
        return parsed;
    }
}
