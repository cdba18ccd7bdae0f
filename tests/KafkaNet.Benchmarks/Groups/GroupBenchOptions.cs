using System.Globalization;

namespace KafkaNet.Benchmarks.Groups;

/// <summary>
/// group-bench [classic] [consumer] [commits] [--members 1,10,100] [--rounds R] [--partitions-848 P] [--heartbeat-ms H]
/// [--connections 1,4,16] [--partitions 1,10] [--seconds S] [--max-requests M] [--runs K].
/// Scenarios: classic (a Stable group rejoining, and new groups), consumer (KIP-848 new groups), commits.
/// With no scenario named, all three run.
/// </summary>
internal sealed class GroupBenchOptions
{
    public HashSet<string> Scenarios { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<int> Members { get; private set; } = [1, 10, 100];

    /// <summary>Rebalances per pass; by default fewer for bigger groups.</summary>
    public int? Rounds { get; private set; }

    /// <summary>Partitions of the topic KIP-848 members subscribe to.</summary>
    public int ConsumerTopicPartitions { get; private set; } = 100;

    /// <summary>How long a member with nothing to acknowledge waits before its next heartbeat (both protocols).</summary>
    public TimeSpan HeartbeatPause { get; private set; } = TimeSpan.FromMilliseconds(10);

    public IReadOnlyList<int> Connections { get; private set; } = [1, 4, 16];

    public IReadOnlyList<int> PartitionsPerCommit { get; private set; } = [1, 10];

    /// <summary>Longest commit pass.</summary>
    public TimeSpan CommitSeconds { get; private set; } = TimeSpan.FromSeconds(5);

    /// <summary>Most commits one connection sends in a pass.</summary>
    public int MaxRequestsPerConnection { get; private set; } = 200_000;

    /// <summary>Each configuration runs this many times, each on a fresh broker.</summary>
    public int Runs { get; private set; } = 1;

    /// <summary>Longest rebalance pass; a pass stops early with the rounds it has.</summary>
    public TimeSpan RebalancePassBudget { get; } = TimeSpan.FromSeconds(60);

    /// <summary>Longest one configuration may take, set-up included, before it is abandoned.</summary>
    public TimeSpan ConfigurationBudget { get; } = TimeSpan.FromMinutes(5);

    /// <summary>Rejoins of a Stable classic group per pass: cheap, so many, to count CPU ticks well.</summary>
    public int RoundsFor(int members) => Rounds ?? Math.Clamp(20000 / members, 100, 2000);

    /// <summary>New groups per pass: each takes heartbeat pauses, so fewer.</summary>
    public int NewGroupRoundsFor(int members) => Rounds ?? Math.Clamp(5000 / members, 50, 300);

    public static GroupBenchOptions Parse(string[] args)
    {
        var options = new GroupBenchOptions();
        for (int i = 1; i < args.Length; i++)
        {
            string arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                options.Scenarios.Add(arg is "classic" or "consumer" or "commits" ? arg : throw new ArgumentException("unknown scenario " + arg));
                continue;
            }
            string value = i + 1 < args.Length ? args[++i] : throw new ArgumentException(arg + " needs a value");
            switch (arg)
            {
                case "--members": options.Members = List(value); break;
                case "--rounds": options.Rounds = Int(value); break;
                case "--partitions-848": options.ConsumerTopicPartitions = Int(value); break;
                case "--heartbeat-ms": options.HeartbeatPause = TimeSpan.FromMilliseconds(Int(value)); break;
                case "--connections": options.Connections = List(value); break;
                case "--partitions": options.PartitionsPerCommit = List(value); break;
                case "--seconds": options.CommitSeconds = TimeSpan.FromSeconds(Int(value)); break;
                case "--max-requests": options.MaxRequestsPerConnection = Int(value); break;
                case "--runs": options.Runs = Int(value); break;
                default: throw new ArgumentException("unknown option " + arg);
            }
        }
        if (options.Scenarios.Count == 0)
        {
            options.Scenarios.UnionWith(["classic", "consumer", "commits"]);
        }
        return options;
    }

    private static int Int(string value)
    {
        int parsed = int.Parse(value, CultureInfo.InvariantCulture);
        return parsed > 0 ? parsed : throw new ArgumentException("expected a positive number, got " + value);
    }

    private static int[] List(string value) => value.Split(',').Select(Int).ToArray();
}
