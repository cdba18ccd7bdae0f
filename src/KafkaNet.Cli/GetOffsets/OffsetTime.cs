using System.Globalization;
using Confluent.Kafka.Admin;
using KafkaNet.Cli.Arguments;

namespace KafkaNet.Cli.GetOffsets;

/// <summary>--time: latest (-1), earliest (-2), max-timestamp (-3) or a timestamp in milliseconds since the epoch.</summary>
internal sealed record OffsetTime(long Timestamp)
{
    public const long Latest = -1;
    public const long Earliest = -2;
    public const long MaxTimestamp = -3;

    public static OffsetTime Parse(string text) => text switch
    {
        "latest" => new(Latest),
        "earliest" => new(Earliest),
        "max-timestamp" => new(MaxTimestamp),
        _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long timestamp) && timestamp >= MaxTimestamp => new(timestamp),
        _ => throw new UsageException(
            $"Malformed time argument {text}. Please use -1 or latest / -2 or earliest / -3 or max-timestamp, or a specified long format timestamp"),
    };

    public OffsetSpec Spec() => Timestamp switch
    {
        Latest => OffsetSpec.Latest(),
        Earliest => OffsetSpec.Earliest(),
        MaxTimestamp => OffsetSpec.MaxTimestamp(),
        _ => OffsetSpec.ForTimestamp(Timestamp),
    };
}
