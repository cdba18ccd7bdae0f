using KafkaNet.Cli.Arguments;

namespace KafkaNet.Cli.Perf;

/// <summary>
/// What `kafkanet perf delete-topic` was asked to do: remove a topic between benchmark steps,
/// so the next step starts on fresh files and the deletion stays out of the step's measurement.
/// </summary>
internal sealed record DeleteTopicOptions
{
    public required string BootstrapServers { get; init; }

    public required string Topic { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> AdminProperties { get; init; } = [];

    public static DeleteTopicOptions Parse(IReadOnlyList<string> args)
    {
        var shared = new SharedOptions("--admin-props");
        var cursor = new ArgumentCursor(args);
        while (cursor.TryNextOption(out var option))
        {
            if (!shared.TryRead(option, cursor) || option == "--json")
            {
                throw new UsageException($"Unknown option '{option}' for perf delete-topic.");
            }
        }

        shared.RequireTarget();
        return new DeleteTopicOptions
        {
            BootstrapServers = shared.BootstrapServers,
            Topic = shared.Topic,
            AdminProperties = shared.Properties,
        };
    }
}
