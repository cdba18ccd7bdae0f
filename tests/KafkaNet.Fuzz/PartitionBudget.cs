using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Fuzz;

/// <summary>
/// Keeps mutated frames from creating partitions by the thousand: every partition holds open
/// files and memory maps, so a few CreateTopics or CreatePartitions requests at the broker's
/// per-request limit exhaust the machine's map count rather than test the protocol.
/// </summary>
internal static class PartitionBudget
{
    public const int MaxNewPartitionsPerRequest = 64;

    /// <summary>True when the frame decodes as a request that asks for more new partitions than the budget.</summary>
    public static bool Exceeds(byte[] frame)
    {
        if (frame.Length < 12)
        {
            return false;
        }
        short key = (short)((frame[4] << 8) | frame[5]);
        if (key is not (CreateTopicsRequest.ApiKey or CreatePartitionsRequest.ApiKey) || ApiTable.Find(key) is not { } descriptor)
        {
            return false;
        }
        short version = (short)((frame[6] << 8) | frame[7]);
        try
        {
            var reader = new KafkaReader(frame.AsMemory(4));
            RequestHeader.Read(ref reader, descriptor.RequestHeaderVersion(version));
            long asked = ApiTable.ReadRequest(key, ref reader, version) switch
            {
                CreateTopicsRequest create => create.Topics.Sum(t => Math.Max((long)t.NumPartitions, t.Assignments.Count)),
                CreatePartitionsRequest more => more.Topics.Sum(t => Math.Max((long)t.Count, t.Assignments?.Count ?? 0)),
                _ => 0,
            };
            return asked > MaxNewPartitionsPerRequest;
        }
        catch (KafkaProtocolException)
        {
            return false;
        }
    }
}
