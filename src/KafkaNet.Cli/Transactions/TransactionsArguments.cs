using System.Globalization;
using KafkaNet.Cli.Arguments;

namespace KafkaNet.Cli.Transactions;

/// <summary>The commands of `kafkanet transactions`, as Kafka's kafka-transactions names them.</summary>
internal enum TransactionsAction
{
    Help,
    List,
    Describe,
    DescribeProducers,
    Abort,
    FindHanging,
}

/// <summary>
/// The parsed `kafkanet transactions` command line: the connection options (before the command, as in Kafka's tool,
/// or after it) and one command with its options, with Kafka's names and rules.
/// </summary>
internal sealed record TransactionsArguments
{
    private static readonly Dictionary<string, TransactionsAction> Commands = new(StringComparer.Ordinal)
    {
        ["list"] = TransactionsAction.List,
        ["describe"] = TransactionsAction.Describe,
        ["describe-producers"] = TransactionsAction.DescribeProducers,
        ["abort"] = TransactionsAction.Abort,
        ["find-hanging"] = TransactionsAction.FindHanging,
    };

    // The options each command takes besides the connection ones.
    private static readonly Dictionary<TransactionsAction, string[]> CommandOptions = new()
    {
        [TransactionsAction.List] = ["--duration-filter", "--producer-id-filter", "--transactional-id-pattern"],
        [TransactionsAction.Describe] = ["--transactional-id"],
        [TransactionsAction.DescribeProducers] = ["--topic", "--partition", "--broker-id"],
        [TransactionsAction.Abort] = ["--topic", "--partition", "--start-offset", "--producer-id", "--producer-epoch", "--coordinator-epoch"],
        [TransactionsAction.FindHanging] = ["--topic", "--partition", "--broker-id", "--max-transaction-timeout"],
    };

    public TransactionsAction Action { get; init; }

    public string BootstrapServers { get; init; } = string.Empty;

    public string? CommandConfig { get; init; }

    public bool Json { get; init; }

    /// <summary>list: only transactions running longer than this many milliseconds; negative: all.</summary>
    public long DurationFilter { get; init; } = -1;

    public IReadOnlyList<long> ProducerIdFilter { get; init; } = [];

    /// <summary>list: a regular expression the whole transactional id matches (ListTransactions v2).</summary>
    public string? TransactionalIdPattern { get; init; }

    public string? TransactionalId { get; init; }

    public string? Topic { get; init; }

    public int? Partition { get; init; }

    public int? BrokerId { get; init; }

    public long? StartOffset { get; init; }

    public long? ProducerId { get; init; }

    public short? ProducerEpoch { get; init; }

    public int? CoordinatorEpoch { get; init; }

    /// <summary>find-hanging: open transactions whose last write is older than this are candidates.</summary>
    public int MaxTransactionTimeoutMinutes { get; init; } = 15;

    public static TransactionsArguments Parse(IReadOnlyList<string> args)
    {
        if (args.Any(a => a is "--help" or "-h"))
        {
            return new TransactionsArguments { Action = TransactionsAction.Help };
        }

        int commandAt = CommandIndex(args);
        if (commandAt == args.Count)
        {
            throw new UsageException("No transactions command given: use list, describe, describe-producers, abort or find-hanging.");
        }

        string command = args[commandAt];
        if (!Commands.TryGetValue(command, out var action))
        {
            throw new UsageException($"Unknown transactions command '{command}': use list, describe, describe-producers, abort or find-hanging.");
        }

        var parsed = new TransactionsArguments { Action = action };
        parsed = parsed.Read([.. args.Take(commandAt)], null);
        parsed = parsed.Read([.. args.Skip(commandAt + 1)], command);
        parsed.Check();
        return parsed;
    }

    /// <summary>Where the command is: the first argument that is neither an option nor a connection option's value.</summary>
    private static int CommandIndex(IReadOnlyList<string> args)
    {
        int i = 0;
        while (i < args.Count && args[i].StartsWith('-'))
        {
            i += args[i] is "--bootstrap-server" or "--command-config" or "--output" ? 2 : 1;
        }

        return Math.Min(i, args.Count);
    }

    /// <param name="command">The command's name, or null for the options before it (connection options only).</param>
    private TransactionsArguments Read(IReadOnlyList<string> args, string? command)
    {
        var parsed = this;
        var cursor = new ArgumentCursor(args);
        while (cursor.TryNextOption(out var option))
        {
            bool own = command is not null && CommandOptions[Action].Contains(option);
            parsed = option switch
            {
                "--bootstrap-server" => parsed with { BootstrapServers = cursor.BootstrapServers(option) },
                "--command-config" => parsed with { CommandConfig = cursor.String(option) },
                "--output" => parsed with { Json = cursor.OutputIsJson(option) },
                _ when !own => throw new UsageException($"Unknown option '{option}' for transactions{(command is null ? string.Empty : " " + command)}."),
                "--duration-filter" => parsed with { DurationFilter = cursor.Long(option, long.MinValue, long.MaxValue) },
                "--producer-id-filter" => parsed with { ProducerIdFilter = [.. parsed.ProducerIdFilter, .. ProducerIds(option, cursor.String(option))] },
                "--transactional-id-pattern" => parsed with { TransactionalIdPattern = cursor.String(option) },
                "--transactional-id" => parsed with { TransactionalId = cursor.String(option) },
                "--topic" => parsed with { Topic = cursor.String(option) },
                "--partition" => parsed with { Partition = cursor.Int(option, 0, int.MaxValue) },
                "--broker-id" => parsed with { BrokerId = cursor.Int(option, 0, int.MaxValue) },
                "--start-offset" => parsed with { StartOffset = cursor.Long(option, 0, long.MaxValue) },
                "--producer-id" => parsed with { ProducerId = cursor.Long(option, 0, long.MaxValue) },
                "--producer-epoch" => parsed with { ProducerEpoch = (short)cursor.Int(option, 0, short.MaxValue) },
                "--coordinator-epoch" => parsed with { CoordinatorEpoch = cursor.Int(option, int.MinValue, int.MaxValue) },
                "--max-transaction-timeout" => parsed with { MaxTransactionTimeoutMinutes = cursor.Int(option, 0, int.MaxValue / 60_000) },
                _ => throw new UsageException($"Unknown option '{option}' for transactions {command}."),
            };
        }

        return parsed;
    }

    /// <summary>The rules between options that Kafka's tool checks.</summary>
    private void Check()
    {
        ArgumentCursor.Require(BootstrapServers.Length == 0 ? null : BootstrapServers, "--bootstrap-server");
        switch (Action)
        {
            case TransactionsAction.Describe:
                ArgumentCursor.Require(TransactionalId, "--transactional-id");
                break;
            case TransactionsAction.DescribeProducers:
                ArgumentCursor.Require(Topic, "--topic");
                ArgumentCursor.Require(Partition, "--partition");
                break;
            case TransactionsAction.Abort:
                ArgumentCursor.Require(Topic, "--topic");
                ArgumentCursor.Require(Partition, "--partition");
                if (StartOffset is null && ProducerId is null)
                {
                    throw new UsageException("The transaction to abort must be identified either with --start-offset "
                        + "or with --producer-id, --producer-epoch and --coordinator-epoch.");
                }

                if (StartOffset is null)
                {
                    ArgumentCursor.Require(ProducerEpoch, "--producer-epoch");
                    ArgumentCursor.Require(CoordinatorEpoch, "--coordinator-epoch");
                }

                break;
            case TransactionsAction.FindHanging:
                if (Topic is null && BrokerId is null)
                {
                    throw new UsageException("find-hanging needs --topic or --broker-id to limit the scope of the search.");
                }

                if (Partition is not null && Topic is null)
                {
                    throw new UsageException("--partition needs --topic.");
                }

                break;
        }
    }

    /// <summary>Producer ids separated by commas.</summary>
    private static IEnumerable<long> ProducerIds(string option, string text) =>
        text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(id =>
            long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out long value)
                ? value
                : throw new UsageException($"{option} takes producer ids separated by commas, not '{text}'."));
}
