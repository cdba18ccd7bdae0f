using KafkaNet.Cli.Arguments;

namespace KafkaNet.Cli.Perf;

/// <summary>What `kafkanet perf consume` was asked to do.</summary>
internal sealed record ConsumeOptions
{
    public required string BootstrapServers { get; init; }

    public required string Topic { get; init; }

    public required long Messages { get; init; }

    /// <summary>Longest wait for the next record before giving up, as kafka-consumer-perf-test's --timeout.</summary>
    public int TimeoutMs { get; init; } = 10_000;

    public int? FetchMaxBytes { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> ConsumerProperties { get; init; } = [];

    public bool Json { get; init; }

    public static ConsumeOptions Parse(IReadOnlyList<string> args)
    {
        var shared = new SharedOptions("--consumer-props");
        long? messages = null;
        var timeoutMs = 10_000;
        int? fetchMaxBytes = null;

        shared.ReadAll(args, "consume", (option, cursor) =>
        {
            switch (option)
            {
                case "--messages": messages = cursor.Long(option, 1, long.MaxValue); break;
                case "--timeout-ms": timeoutMs = cursor.Int(option, 1, int.MaxValue); break;
                case "--fetch-max-bytes": fetchMaxBytes = cursor.Int(option, 1, int.MaxValue); break;
                default: return false;
            }

            return true;
        });

        shared.RequireTarget();
        ArgumentCursor.Require(messages, "--messages");
        return new ConsumeOptions
        {
            BootstrapServers = shared.BootstrapServers,
            Topic = shared.Topic,
            Messages = messages!.Value,
            TimeoutMs = timeoutMs,
            FetchMaxBytes = fetchMaxBytes,
            ConsumerProperties = shared.Properties,
            Json = shared.Json,
        };
    }
}
