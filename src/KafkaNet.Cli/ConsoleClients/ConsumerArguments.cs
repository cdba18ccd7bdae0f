using Confluent.Kafka;
using KafkaNet.Cli.Arguments;

namespace KafkaNet.Cli.ConsoleClients;

/// <summary>The parsed `kafkanet console-consumer` command line, with Kafka's kafka-console-consumer option names and rules.</summary>
internal sealed record ConsumerArguments
{
    private static readonly IReadOnlySet<string> FormatProperties = new HashSet<string>(StringComparer.Ordinal)
    {
        "print.key", "print.value", "print.timestamp", "print.partition", "print.offset", "print.headers",
        "key.separator", "line.separator", "headers.separator", "null.literal",
    };

    public bool Help { get; init; }

    public ConsoleClientOptions Client { get; init; } = new("consumer", FormatProperties);

    public RecordFormat Format { get; init; } = new();

    /// <summary>null: partitions assigned by hand, nothing committed.</summary>
    public string? Group { get; init; }

    public bool FromBeginning { get; init; }

    public int? Partition { get; init; }

    /// <summary>Where --partition starts: an offset, <see cref="Offset.Beginning"/> or <see cref="Offset.End"/>.</summary>
    public Offset? StartOffset { get; init; }

    /// <summary>null: no limit.</summary>
    public int? MaxMessages { get; init; }

    /// <summary>null: wait for records until interrupted.</summary>
    public int? TimeoutMs { get; init; }

    /// <summary>read_committed or read_uncommitted; null: the client properties' setting or the default.</summary>
    public string? IsolationLevel { get; init; }

    public bool SkipMessageOnError { get; init; }

    public static ConsumerArguments Parse(IReadOnlyList<string> args)
    {
        if (args.Any(a => a is "--help" or "-h"))
        {
            return new ConsumerArguments { Help = true };
        }

        var client = new ConsoleClientOptions("consumer", FormatProperties);
        var parsed = new ConsumerArguments();
        client.ReadAll(args, "console-consumer", (option, cursor) =>
        {
            ConsumerArguments? read = option switch
            {
                "--group" => parsed with { Group = cursor.String(option) },
                "--from-beginning" => parsed with { FromBeginning = true },
                "--partition" => parsed with { Partition = cursor.Int(option, 0, int.MaxValue) },
                "--offset" => parsed with { StartOffset = OffsetOf(cursor.String(option)) },
                "--max-messages" => parsed with { MaxMessages = cursor.Int(option, 1, int.MaxValue) },
                "--timeout-ms" => parsed with { TimeoutMs = cursor.Int(option, 0, int.MaxValue) },
                "--isolation-level" => parsed with { IsolationLevel = IsolationLevelOf(cursor.String(option)) },
                "--skip-message-on-error" => parsed with { SkipMessageOnError = true },
                _ => null,
            };
            parsed = read ?? parsed;
            return read is not null;
        });
        Check(parsed);
        var format = new RecordFormat(
            client.Switch("print.key", false),
            client.Switch("print.value", true),
            client.Switch("print.timestamp", false),
            client.Switch("print.partition", false),
            client.Switch("print.offset", false),
            client.Switch("print.headers", false),
            client.Separator("key.separator", "\t"),
            client.Separator("line.separator", "\n"),
            client.Separator("headers.separator", ","),
            client.Separator("null.literal", "null"));
        return parsed with { Client = client, Format = format };
    }

    /// <summary>Where reading starts in --partition: --offset, else the beginning with --from-beginning, else the end.</summary>
    public Offset PartitionStart => StartOffset ?? (FromBeginning ? Offset.Beginning : Offset.End);

    private static void Check(ConsumerArguments parsed)
    {
        if (parsed.StartOffset is not null && parsed.Partition is null)
        {
            throw new UsageException("The partition is required when offset is specified.");
        }

        if (parsed.StartOffset is not null && parsed.FromBeginning)
        {
            throw new UsageException("Options from-beginning and offset cannot be specified together.");
        }

        if (parsed.Group is not null && parsed.Partition is not null)
        {
            throw new UsageException("Options group and partition cannot be specified together: --group reads the partitions the group assigns.");
        }
    }

    private static Offset OffsetOf(string text) => text switch
    {
        "earliest" => Offset.Beginning,
        "latest" => Offset.End,
        _ when long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var offset) => new Offset(offset),
        _ => throw new UsageException($"--offset takes a non-negative integer, earliest or latest, not '{text}'."),
    };

    private static string IsolationLevelOf(string level) => level switch
    {
        "read_committed" or "read_uncommitted" => level,
        _ => throw new UsageException($"--isolation-level takes read_committed or read_uncommitted, not '{level}'."),
    };
}
