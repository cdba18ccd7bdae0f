using System.Globalization;
using KafkaNet.Cli.Arguments;

namespace KafkaNet.Cli.ConsumerGroups;

/// <summary>A --topic value: "orders" (every partition) or "orders:0,2" (those partitions).</summary>
internal sealed record TopicPartitions(string Topic, IReadOnlyList<int>? Partitions)
{
    public static TopicPartitions Parse(string text)
    {
        int colon = text.LastIndexOf(':');
        if (colon < 0)
        {
            return new TopicPartitions(text, null);
        }

        var partitions = new List<int>();
        foreach (string partition in text[(colon + 1)..].Split(','))
        {
            if (!int.TryParse(partition.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int number))
            {
                throw new UsageException($"--topic takes TOPIC or TOPIC:PARTITION,PARTITION..., not '{text}'.");
            }

            partitions.Add(number);
        }

        if (colon == 0)
        {
            throw new UsageException($"--topic needs a topic name, not '{text}'.");
        }

        return new TopicPartitions(text[..colon], partitions);
    }
}
