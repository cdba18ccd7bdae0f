using System.Diagnostics;
using KafkaNet.Protocol.Records;

namespace KafkaNet.Storage.Tests;

/// <summary>Random damage to the tail of the active segment: recovery keeps the undamaged prefix and nothing else.</summary>
public class TailCorruptionFuzzTests
{
    [Fact]
    public async Task Random_tail_damage_is_truncated_on_recovery_and_never_served()
    {
        int seed = Environment.TickCount;
        var random = new Random(seed);
        using var template = new TempDir();
        var config = new LogConfig { IndexIntervalBytes = 200 };
        var batchEnds = new List<long>();
        using (var log = PartitionLog.Open(template.Partition(), config))
        {
            for (int i = 0; i < 30; i++)
            {
                await log.AppendAsLeaderAsync(TestBatches.Make(random.Next(1, 6), valueSize: random.Next(1, 120)), i / 10);
                batchEnds.Add(log.Size);
            }
        }

        byte[] original = File.ReadAllBytes(Path.Combine(template.Partition(), "00000000000000000000.log"));
        var clock = Stopwatch.StartNew();
        for (int round = 0; round < 300 && clock.Elapsed < TimeSpan.FromSeconds(15); round++)
        {
            byte[] damaged = (byte[])original.Clone();
            int firstDamaged = Damage(ref damaged, random);
            using var dir = new TempDir();
            Directory.CreateDirectory(dir.Partition());
            File.WriteAllBytes(Path.Combine(dir.Partition(), "00000000000000000000.log"), damaged);
            File.Copy(Path.Combine(template.Partition(), "leader-epoch-checkpoint"), Path.Combine(dir.Partition(), "leader-epoch-checkpoint"));

            using var recovered = PartitionLog.Open(dir.Partition(), config);
            long keptBytes = recovered.Size;
            long undamagedPrefix = batchEnds.Where(end => end <= firstDamaged).DefaultIfEmpty(0).Max();
            Assert.True(keptBytes >= undamagedPrefix, $"seed {seed} round {round}: lost undamaged batches");
            Assert.Equal(original.AsSpan(0, (int)Math.Min(keptBytes, original.Length)).ToArray(), damaged.AsSpan(0, (int)Math.Min(keptBytes, original.Length)).ToArray());
            long next = 0;
            foreach (RecordBatchHeader batch in TestBatches.ReadAll(recovered))
            {
                Assert.Equal(next, batch.BaseOffset);
                next = batch.LastOffset + 1;
            }

            Assert.Equal(next, recovered.LogEndOffset);
            LogAppendInfo appended = await recovered.AppendAsLeaderAsync(TestBatches.Make(2), 2);
            Assert.Equal(next, appended.FirstOffset);
        }
    }

    // Truncates, overwrites or extends the last ~2 KiB; returns the first position whose byte may differ.
    private static int Damage(ref byte[] bytes, Random random)
    {
        int tailStart = Math.Max(0, bytes.Length - 2048);
        int at = random.Next(tailStart, bytes.Length);
        switch (random.Next(4))
        {
            case 0:
                Array.Resize(ref bytes, at);
                return at;
            case 1:
                int count = random.Next(1, 8);
                int first = bytes.Length;
                for (int i = 0; i < count; i++)
                {
                    int position = random.Next(tailStart, bytes.Length);
                    byte old = bytes[position];
                    bytes[position] = (byte)random.Next(256);
                    first = bytes[position] != old ? Math.Min(first, position) : first;
                }

                return first;
            case 2:
                int length = bytes.Length;
                Array.Resize(ref bytes, length + random.Next(1, 500));
                random.NextBytes(bytes.AsSpan(length));
                return length;
            default:
                Array.Resize(ref bytes, at);
                Array.Resize(ref bytes, at + random.Next(1, 100));
                return at;
        }
    }
}
