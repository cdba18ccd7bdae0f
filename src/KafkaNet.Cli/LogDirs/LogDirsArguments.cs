using System.Globalization;
using KafkaNet.Cli.Arguments;

namespace KafkaNet.Cli.LogDirs;

/// <summary>The parsed `kafkanet log-dirs` command line, with Kafka's kafka-log-dirs option names and rules.</summary>
internal sealed record LogDirsArguments
{
    public bool IsHelp { get; init; }

    public string BootstrapServers { get; init; } = string.Empty;

    public string? CommandConfig { get; init; }

    public bool Describe { get; init; }

    /// <summary>The topics to show; empty: all.</summary>
    public IReadOnlySet<string> Topics { get; init; } = new HashSet<string>();

    /// <summary>The brokers to ask; empty: every broker of the cluster.</summary>
    public IReadOnlySet<int> Brokers { get; init; } = new HashSet<int>();

    public static LogDirsArguments Parse(IReadOnlyList<string> args)
    {
        if (args.Any(a => a is "--help" or "-h"))
        {
            return new LogDirsArguments { IsHelp = true };
        }

        var parsed = new LogDirsArguments();
        var cursor = new ArgumentCursor(args);
        while (cursor.TryNextOption(out var option))
        {
            parsed = option switch
            {
                "--bootstrap-server" => parsed with { BootstrapServers = cursor.BootstrapServers(option) },
                "--command-config" => parsed with { CommandConfig = cursor.String(option) },
                "--describe" => parsed with { Describe = true },
                "--topic-list" => parsed with { Topics = Items(cursor.String(option)).ToHashSet(StringComparer.Ordinal) },
                "--broker-list" => parsed with { Brokers = Items(cursor.String(option)).Select(b => BrokerId(option, b)).ToHashSet() },
                _ => throw new UsageException($"Unknown option '{option}' for log-dirs."),
            };
        }

        ArgumentCursor.Require(parsed.BootstrapServers.Length == 0 ? null : parsed.BootstrapServers, "--bootstrap-server");
        ArgumentCursor.Require(parsed.Describe ? true : null, "--describe");
        return parsed;
    }

    /// <summary>"a,b,c" without empty items, as Kafka's tool splits its lists.</summary>
    private static IEnumerable<string> Items(string list) => list.Split(',').Where(item => item.Length > 0);

    private static int BrokerId(string option, string text) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int id)
            ? id
            : throw new UsageException($"{option} takes broker ids separated by commas, not '{text}'.");
}
