using KafkaNet.Protocol.Records;

namespace KafkaNet.Storage.Tests.Replication;

/// <summary>Batches as a leader would send them to a follower: offsets and leader epoch already in place.</summary>
internal static class FollowerBatches
{
    /// <summary>A batch of <paramref name="records"/> records at <paramref name="baseOffset"/> written in <paramref name="leaderEpoch"/>.</summary>
    public static byte[] At(long baseOffset, int leaderEpoch, int records = 1, string keyPrefix = "k")
    {
        byte[] batch = TestBatches.Make(records, keyPrefix: keyPrefix);
        return Placed(batch, baseOffset, leaderEpoch);
    }

    /// <summary>Patches a built batch's base offset and leader epoch (both outside the CRC), as a leader does.</summary>
    public static byte[] Placed(byte[] batch, long baseOffset, int leaderEpoch)
    {
        RecordBatchPatch.SetBaseOffset(batch, baseOffset);
        RecordBatchPatch.SetPartitionLeaderEpoch(batch, leaderEpoch);
        return batch;
    }

    /// <summary>Everything in <paramref name="log"/> from <paramref name="from"/> to its end, as a fetch would return it.</summary>
    public static byte[] Fetch(PartitionLog log, long from)
    {
        using var bytes = new MemoryStream();
        long offset = from;
        for (int guard = 0; guard < 100_000 && offset < log.LogEndOffset; guard++)
        {
            using LogReadResult read = log.Read(offset, 1024 * 1024);
            Assert.NotNull(read.Region);
            byte[] chunk = read.Region.ToArray();
            bytes.Write(chunk);
            offset = TestBatches.Headers(chunk)[^1].LastOffset + 1;
        }

        return bytes.ToArray();
    }
}
