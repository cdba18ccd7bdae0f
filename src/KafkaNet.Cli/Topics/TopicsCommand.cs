using System.Text.RegularExpressions;
using Confluent.Kafka.Admin;
using KafkaNet.Broker.Topics;
using KafkaNet.Cli.Admin;
using KafkaNet.Cli.Arguments;
using static KafkaNet.Cli.Topics.TopicsView;

namespace KafkaNet.Cli.Topics;

/// <summary>
/// `kafkanet topics`: lists, describes, creates, alters and deletes topics, as Kafka's kafka-topics does.
/// Exit codes: 0 done, 1 the cluster answered with an error or could not be reached, 1 also for invalid arguments.
/// </summary>
internal static class TopicsCommand
{
    public const string Name = "topics";

    // Kafka's internal topics, which --exclude-internal leaves out.
    private static readonly HashSet<string> InternalTopics = new(StringComparer.Ordinal) { TopicNames.ConsumerOffsets, TopicNames.TransactionState, "__share_group_state" };

    /// <param name="args">The arguments after "topics".</param>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        TopicsArguments arguments;
        Regex? pattern;
        try
        {
            arguments = TopicsArguments.Parse(args);
            pattern = arguments.Action is TopicsAction.List or TopicsAction.Describe or TopicsAction.Delete ? Pattern(arguments.Topic) : null;
        }
        catch (UsageException e)
        {
            return await ExitCode.RefusedAsync(stderr, e, Usage.Topics).ConfigureAwait(false);
        }

        if (arguments.Action == TopicsAction.Help)
        {
            await stdout.WriteLineAsync(Usage.Topics).ConfigureAwait(false);
            return 0;
        }

        try
        {
            string output = await ExecuteAsync(arguments, pattern).ConfigureAwait(false);
            if (output.Length > 0)
            {
                await stdout.WriteLineAsync(output).ConfigureAwait(false);
            }

            return 0;
        }
        catch (CommandFailedException e)
        {
            return await ExitCode.FailedAsync(stderr, e).ConfigureAwait(false);
        }
    }

    private static async Task<string> ExecuteAsync(TopicsArguments arguments, Regex? pattern)
    {
        using var admin = new TopicsAdmin(ClientProperties(arguments));
        switch (arguments.Action)
        {
            case TopicsAction.List:
                return List(Matching(admin, arguments, pattern), arguments.Json);
            case TopicsAction.Describe:
                var topics = await admin.DescribeAsync(Existing(admin, arguments, pattern)).ConfigureAwait(false);
                return Describe(topics, Filter(arguments), arguments.Json);
            case TopicsAction.Create:
                return await CreateAsync(admin, arguments).ConfigureAwait(false);
            case TopicsAction.Alter:
                var altered = Existing(admin, arguments, Pattern(Regex.Escape(arguments.Topic!)));
                foreach (string topic in altered)
                {
                    await admin.AddPartitionsAsync(topic, arguments.Partitions).ConfigureAwait(false);
                }

                return Changed("altered", "Altered", altered, arguments.Json);
            default:
                var deleted = Existing(admin, arguments, pattern);
                if (deleted.Count > 0)
                {
                    await admin.DeleteAsync(deleted).ConfigureAwait(false);
                }

                return Changed("deleted", "Deleted", deleted, arguments.Json);
        }
    }

    private static async Task<string> CreateAsync(TopicsAdmin admin, TopicsArguments arguments)
    {
        string name = arguments.Topic!;
        var topic = new TopicSpecification
        {
            Name = name,
            NumPartitions = arguments.ReplicaAssignment?.Count ?? arguments.Partitions,
            ReplicationFactor = arguments.ReplicationFactor,
            ReplicasAssignments = arguments.ReplicaAssignment?.ToDictionary(),
            Configs = arguments.Configs.ToDictionary(),
        };
        if (arguments.IfNotExists && admin.TopicNames().Contains(name, StringComparer.Ordinal))
        {
            return Changed("created", "Created", [], arguments.Json);
        }

        try
        {
            await admin.CreateAsync(topic).ConfigureAwait(false);
        }
        catch (CommandFailedException e) when (arguments.IfNotExists && e.Message.StartsWith("TOPIC_ALREADY_EXISTS", StringComparison.Ordinal))
        {
            return Changed("created", "Created", [], arguments.Json);
        }

        return Changed("created", "Created", [name], arguments.Json);
    }

    /// <summary>The matching topics; none is an error unless --if-exists (or no --topic was given).</summary>
    private static List<string> Existing(TopicsAdmin admin, TopicsArguments arguments, Regex? pattern)
    {
        var topics = Matching(admin, arguments, pattern);
        if (topics.Count == 0 && arguments.Topic is not null && !arguments.IfExists)
        {
            throw new CommandFailedException($"UNKNOWN_TOPIC_OR_PARTITION: Topic '{arguments.Topic}' does not exist as expected");
        }

        return topics;
    }

    private static List<string> Matching(TopicsAdmin admin, TopicsArguments arguments, Regex? pattern) =>
        [.. admin.TopicNames().Where(t => (pattern is null || pattern.IsMatch(t)) && !(arguments.ExcludeInternal && InternalTopics.Contains(t)))];

    /// <summary>--topic as a regular expression over the whole name; null when no --topic was given.</summary>
    private static Regex? Pattern(string? topic)
    {
        if (topic is null)
        {
            return null;
        }

        try
        {
            return new Regex($"^(?:{topic})$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--topic '{topic}' is not a valid regular expression: {e.Message}");
        }
    }

    private static DescribeFilter Filter(TopicsArguments arguments) =>
        arguments.TopicsWithOverrides ? DescribeFilter.TopicsWithOverrides
        : arguments.UnderReplicatedPartitions ? DescribeFilter.UnderReplicatedPartitions
        : arguments.UnavailablePartitions ? DescribeFilter.UnavailablePartitions
        : DescribeFilter.All;

    private static Dictionary<string, string> ClientProperties(TopicsArguments arguments) =>
        AdminClient.Properties(arguments.BootstrapServers, arguments.CommandConfig);
}
