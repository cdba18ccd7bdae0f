using System.Globalization;

namespace KafkaNet.Compat.ShareConsumer.Harness;

/// <summary>The librdkafka properties of every share consumer the suite creates, in-process or in a worker process.</summary>
internal static class ShareConsumerSettings
{
    /// <summary>A share consumer <paramref name="name"/> of <paramref name="group"/>; <paramref name="mode"/> is "explicit" or "implicit".</summary>
    public static ShareConsumer NewConsumer(string bootstrap, string name, string group, string mode, int? maxPollRecords = null)
    {
        var properties = new Dictionary<string, string>
        {
            ["bootstrap.servers"] = bootstrap,
            ["client.id"] = name,
            ["group.id"] = group,
            ["share.acknowledgement.mode"] = mode,
            // Bounds rd_kafka_share_consumer_close, which has no timeout of its own.
            ["socket.timeout.ms"] = "10000",
        };
        if (maxPollRecords is int max)
        {
            properties["max.poll.records"] = max.ToString(CultureInfo.InvariantCulture);
        }
        if (Environment.GetEnvironmentVariable("SHARE_CONSUMER_DEBUG") is { Length: > 0 } debug)
        {
            properties["debug"] = debug;
        }
        return ShareConsumer.Create(name, properties);
    }
}
