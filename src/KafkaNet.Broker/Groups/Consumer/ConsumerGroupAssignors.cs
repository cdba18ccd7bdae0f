using System.Diagnostics.CodeAnalysis;

namespace KafkaNet.Broker.Groups.Consumer;

/// <summary>The server-side assignors this broker offers, by name (<c>group.consumer.assignors</c>).</summary>
public static class ConsumerGroupAssignors
{
    private static readonly IConsumerGroupAssignor[] All = [new UniformAssignor(), new RangeAssignor()];

    /// <summary>The names, default first, as Kafka lists them.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(a => a.Name)];

    public static bool TryGet(string name, [NotNullWhen(true)] out IConsumerGroupAssignor? assignor)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Name, name, StringComparison.Ordinal))
            {
                assignor = candidate;
                return true;
            }
        }
        assignor = null;
        return false;
    }
}
