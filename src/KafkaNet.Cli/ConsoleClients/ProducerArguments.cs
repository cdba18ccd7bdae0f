using KafkaNet.Cli.Arguments;

namespace KafkaNet.Cli.ConsoleClients;

/// <summary>The parsed `kafkanet console-producer` command line, with Kafka's kafka-console-producer option names.</summary>
internal sealed record ProducerArguments
{
    private static readonly IReadOnlySet<string> FormatProperties = new HashSet<string>(StringComparer.Ordinal)
    {
        "parse.key", "key.separator", "parse.headers", "headers.delimiter", "headers.separator", "headers.key.separator",
    };

    public bool Help { get; init; }

    public ConsoleClientOptions Client { get; init; } = new("producer", FormatProperties);

    public LineFormat Format { get; init; } = new();

    /// <summary>"all", "1" or "0"; null: the default (all) unless the client properties set acks.</summary>
    public string? Acks { get; init; }

    /// <summary>null: the default (none) unless the client properties set compression.type.</summary>
    public string? Compression { get; init; }

    /// <summary>Each record is acknowledged before the next line is read.</summary>
    public bool Sync { get; init; }

    public static ProducerArguments Parse(IReadOnlyList<string> args)
    {
        if (args.Any(a => a is "--help" or "-h"))
        {
            return new ProducerArguments { Help = true };
        }

        var client = new ConsoleClientOptions("producer", FormatProperties);
        var parsed = new ProducerArguments();
        client.ReadAll(args, "console-producer", (option, cursor) =>
        {
            ProducerArguments? read = option switch
            {
                "--request-required-acks" => parsed with { Acks = AcksOf(cursor.String(option)) },
                "--compression-codec" => parsed with { Compression = CompressionOf(cursor.String(option)) },
                "--sync" => parsed with { Sync = true },
                _ => null,
            };
            parsed = read ?? parsed;
            return read is not null;
        });
        var format = new LineFormat(
            client.Switch("parse.key", false),
            client.Separator("key.separator", "\t"),
            client.Switch("parse.headers", false),
            client.Separator("headers.delimiter", "\t"),
            client.Separator("headers.separator", ","),
            client.Separator("headers.key.separator", ":"));
        format.Check();
        return parsed with { Client = client, Format = format };
    }

    private static string AcksOf(string acks) => acks switch
    {
        "all" or "-1" => "all",
        "1" or "0" => acks,
        _ => throw new UsageException($"--request-required-acks takes all, -1, 1 or 0, not '{acks}'."),
    };

    private static string CompressionOf(string codec) => codec switch
    {
        "none" or "gzip" or "snappy" or "lz4" or "zstd" => codec,
        _ => throw new UsageException($"--compression-codec takes none, gzip, snappy, lz4 or zstd, not '{codec}'."),
    };
}
