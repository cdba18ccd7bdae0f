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
        shared.ReadAll(args, "delete-topic", (_, _) => false);
        shared.RequireTarget();
        if (shared.Json)
        {
            throw new UsageException("perf delete-topic has no --json output.");
        }

        return new DeleteTopicOptions
        {
            BootstrapServers = shared.BootstrapServers,
            Topic = shared.Topic,
            AdminProperties = shared.Properties,
        };
    }
}
