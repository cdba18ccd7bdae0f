using System.Buffers.Binary;
using System.Text;
using KafkaNet.Broker.Topics;

namespace KafkaNet.Broker.Groups.Consumer;

/// <summary>
/// A hash of what a group's subscription resolves to (name, id and partition count of each
/// subscribed topic that exists), stored in the group's epoch record: when it changes, a topic
/// appeared, went or grew, and the group needs a new assignment. FNV-1a, so it is the same in
/// every process and after a restart.
/// </summary>
internal static class SubscriptionHash
{
    private const ulong Offset = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    public static long Compute(IEnumerable<string> topicNames, TopicRegistry topics)
    {
        ulong hash = Offset;
        Span<byte> fixedPart = stackalloc byte[20];
        foreach (string name in topicNames.Order(StringComparer.Ordinal))
        {
            if (topics.Find(name) is not { } topic)
            {
                continue;
            }
            topic.TopicId.TryWriteBytes(fixedPart, bigEndian: true, out _);
            BinaryPrimitives.WriteInt32BigEndian(fixedPart[16..], topic.PartitionCount);
            hash = Mix(hash, Encoding.UTF8.GetBytes(name));
            hash = Mix(hash, fixedPart);
        }
        return hash == Offset ? 0 : (long)hash;
    }

    private static ulong Mix(ulong hash, ReadOnlySpan<byte> bytes)
    {
        foreach (byte b in bytes)
        {
            hash = (hash ^ b) * Prime;
        }
        return hash;
    }
}
