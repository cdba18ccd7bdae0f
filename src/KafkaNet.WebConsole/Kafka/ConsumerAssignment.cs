using System.Buffers.Binary;
using System.Text;

namespace KafkaNet.WebConsole.Kafka;

/// <summary>
/// The partitions a member of a "consumer" group was given: its assignment bytes in the consumer protocol's layout
/// (int16 version, then an array of topic name and partition numbers; user data after that is not read).
/// </summary>
internal static class ConsumerAssignment
{
    /// <summary>The assigned partitions; empty when the bytes are not in that layout.</summary>
    public static List<(string Topic, int Partition)> Read(ReadOnlySpan<byte> assignment)
    {
        var partitions = new List<(string, int)>();
        try
        {
            int position = 2; // version
            int topics = ReadInt32(assignment, ref position);
            for (int t = 0; t < topics; t++)
            {
                int nameLength = BinaryPrimitives.ReadInt16BigEndian(assignment[position..]);
                position += 2;
                string topic = Encoding.UTF8.GetString(assignment.Slice(position, nameLength));
                position += nameLength;
                int count = ReadInt32(assignment, ref position);
                for (int p = 0; p < count; p++)
                {
                    partitions.Add((topic, ReadInt32(assignment, ref position)));
                }
            }
        }
        catch (ArgumentOutOfRangeException)
        {
            partitions.Clear(); // bytes of another protocol
        }
        return partitions;
    }

    private static int ReadInt32(ReadOnlySpan<byte> bytes, ref int position)
    {
        int value = BinaryPrimitives.ReadInt32BigEndian(bytes[position..]);
        position += 4;
        return value;
    }
}
