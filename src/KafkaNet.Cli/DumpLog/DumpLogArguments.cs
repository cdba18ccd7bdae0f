using KafkaNet.Cli.Arguments;

namespace KafkaNet.Cli.DumpLog;

/// <summary>The parsed `kafkanet dump-log` command line, with kafka-dump-log's option names and rules.</summary>
internal sealed record DumpLogArguments
{
    // The decoder kafka-dump-log uses by default; naming it explicitly changes nothing.
    private static readonly HashSet<string> StringDecoders = new(StringComparer.Ordinal)
    {
        "org.apache.kafka.tools.api.StringDecoder",
        "kafka.serializer.StringDecoder",
    };

    public bool IsHelp { get; init; }

    public IReadOnlyList<string> Files { get; init; } = [];

    public bool PrintDataLog { get; init; }

    public bool DeepIteration { get; init; }

    public bool VerifyIndexOnly { get; init; }

    public bool IndexSanityCheck { get; init; }

    public bool SkipRecordMetadata { get; init; }

    /// <summary>Bytes of each .log file read; null reads the whole file (and reports invalid bytes at its end).</summary>
    public int? MaxBytes { get; init; }

    /// <summary>Bytes of a batch read to check an index entry against the log (--max-message-size).</summary>
    public int MaxMessageSize { get; init; } = 5 * 1024 * 1024;

    public RecordDecoder Decoder { get; init; } = RecordDecoder.String;

    /// <summary>Records are read (--deep-iteration, or implied by printing them).</summary>
    public bool ReadsRecords => DeepIteration || PrintDataLog;

    public static DumpLogArguments Parse(IReadOnlyList<string> args)
    {
        if (args.Any(a => a is "--help" or "-h"))
        {
            return new DumpLogArguments { IsHelp = true };
        }

        var decoders = new List<RecordDecoder>();
        var parsed = new DumpLogArguments();
        var cursor = new ArgumentCursor(args);
        while (cursor.TryNextOption(out var option))
        {
            parsed = option switch
            {
                "--files" => parsed with { Files = FilesOf(cursor.String(option)) },
                "--print-data-log" => parsed with { PrintDataLog = true },
                "--deep-iteration" => parsed with { DeepIteration = true },
                "--verify-index-only" => parsed with { VerifyIndexOnly = true },
                "--index-sanity-check" => parsed with { IndexSanityCheck = true },
                "--skip-record-metadata" => parsed with { SkipRecordMetadata = true },
                "--max-bytes" => parsed with { MaxBytes = cursor.Int(option, 1, int.MaxValue) },
                "--max-message-size" => parsed with { MaxMessageSize = cursor.Int(option, 1, int.MaxValue) },
                "--key-decoder-class" or "--value-decoder-class" => JavaDecoder(option, cursor.OptionalString()),
                "--offsets-decoder" => Decode(RecordDecoder.Offsets),
                "--transaction-log-decoder" => Decode(RecordDecoder.TransactionLog),
                "--cluster-metadata-decoder" => Decode(RecordDecoder.ClusterMetadata),
                _ => throw new UsageException($"Unknown option '{option}' for dump-log."),
            };
        }

        if (parsed.Files.Count == 0)
        {
            throw new UsageException("Missing required argument \"[files]\"");
        }

        if (decoders.Distinct().Count() > 1)
        {
            throw new UsageException("Only one of --offsets-decoder, --transaction-log-decoder or --cluster-metadata-decoder can be given.");
        }

        return decoders.Count == 0 ? parsed : parsed with { Decoder = decoders[0] };

        DumpLogArguments Decode(RecordDecoder decoder)
        {
            decoders.Add(decoder);
            return parsed with { PrintDataLog = true };
        }

        // Kafka loads these classes from its classpath; here only the string decoder exists.
        DumpLogArguments JavaDecoder(string option, string? className)
        {
            if (className is not null && !StringDecoders.Contains(className))
            {
                throw new UsageException($"{option} names a Java class ('{className}'); kafkanet dump-log decodes keys and values as UTF-8 strings only.");
            }

            return parsed with { PrintDataLog = true };
        }
    }

    private static List<string> FilesOf(string text)
    {
        var files = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
        return files.Count > 0 ? files : throw new UsageException("--files needs at least one file.");
    }
}
