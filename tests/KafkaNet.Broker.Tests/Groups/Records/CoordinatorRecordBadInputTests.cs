using System.Diagnostics;
using KafkaNet.Broker.Groups.Records;

namespace KafkaNet.Broker.Tests.Groups.Records;

public class CoordinatorRecordBadInputTests
{
    private static readonly TimeSpan FuzzBudget = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData((short)9)]      // a share-group record type
    [InlineData((short)17)]     // a streams-group record type
    [InlineData((short)-1)]
    [InlineData((short)1000)]
    public void A_key_of_an_unknown_type_is_skipped_not_failed(short type)
    {
        byte[] key = [(byte)(type >> 8), (byte)type, 0x00, 0x02, (byte)'c', (byte)'g'];

        Assert.True(CoordinatorRecordSerde.TryDeserialize(key, [0x00, 0x00, 0x01], false, out var record, out string? problem));

        Assert.Null(record);
        Assert.Contains("unknown record type", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_too_short_for_its_type_fails()
    {
        Assert.False(CoordinatorRecordSerde.TryDeserialize([], default, true, out var record, out string? problem));
        Assert.Null(record);
        Assert.NotNull(problem);
        Assert.False(CoordinatorRecordSerde.TryDeserialize([0x00], default, true, out _, out _));
    }

    [Fact]
    public void A_value_version_the_schema_does_not_have_fails()
    {
        var record = SampleRecords.WithValues().First(r => r.Name == "offset commit v3").Record;
        byte[] key = CoordinatorRecordSerde.SerializeKey(record);
        byte[] value = CoordinatorRecordSerde.SerializeValue(record)!;
        value[1] = 5;

        Assert.False(CoordinatorRecordSerde.TryDeserialize(key, value, false, out var decoded, out string? problem));

        Assert.Null(decoded);
        Assert.Contains("version 5", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_value_that_is_not_null_fails_rather_than_reading_as_a_tombstone()
    {
        byte[] key = CoordinatorRecordSerde.SerializeKey(CoordinatorRecord.GroupMetadataTombstone("g"));

        Assert.False(CoordinatorRecordSerde.TryDeserialize(key, [], false, out var decoded, out string? problem));

        Assert.Null(decoded);
        Assert.NotNull(problem);
    }

    [Fact]
    public void Every_truncation_of_every_record_fails_without_throwing()
    {
        foreach (var (name, record) in SampleRecords.WithValues())
        {
            byte[] key = CoordinatorRecordSerde.SerializeKey(record);
            byte[] value = CoordinatorRecordSerde.SerializeValue(record)!;
            for (int length = 0; length < value.Length; length++)
            {
                Assert.False(CoordinatorRecordSerde.TryDeserialize(key, value.AsSpan(0, length), false, out var decoded, out string? problem), $"{name} value cut at {length}");
                Assert.Null(decoded);
                Assert.NotNull(problem);
            }
            for (int length = 0; length < key.Length; length++)
            {
                Assert.False(CoordinatorRecordSerde.TryDeserialize(key.AsSpan(0, length), value, false, out _, out _), $"{name} key cut at {length}");
            }
        }
    }

    [Fact]
    public void Corrupted_and_random_bytes_never_throw_and_whatever_decodes_encodes_again()
    {
        var random = new Random(20240607);
        var samples = SampleRecords.WithValues().Select(r => r.Record).ToArray();
        var clock = Stopwatch.StartNew();
        int decodedCount = 0;
        int failedCount = 0;
        for (int i = 0; i < 20_000 && clock.Elapsed < FuzzBudget; i++)
        {
            var sample = samples[i % samples.Length];
            byte[] key = CoordinatorRecordSerde.SerializeKey(sample);
            byte[] value = CoordinatorRecordSerde.SerializeValue(sample)!;
            if (i % 4 == 0)
            {
                // Entirely random bytes behind a valid type, so the struct readers see garbage.
                value = new byte[random.Next(0, 48)];
                random.NextBytes(value);
            }
            else
            {
                Corrupt(random, i % 4 == 1 ? key : value, keepPrefix: 2);
            }
            bool ok = CoordinatorRecordSerde.TryDeserialize(key, value, false, out var decoded, out string? problem);
            if (!ok)
            {
                Assert.Null(decoded);
                Assert.NotNull(problem);
                failedCount++;
                continue;
            }
            Assert.NotNull(decoded);
            decodedCount++;
            CoordinatorRecordSerde.SerializeKey(decoded);
            CoordinatorRecordSerde.SerializeValue(decoded);
        }
        // Both outcomes must have been exercised, or the loop tested nothing.
        Assert.True(decodedCount > 0, "no corrupted record decoded");
        Assert.True(failedCount > 0, "no corrupted record failed");
    }

    private static void Corrupt(Random random, byte[] bytes, int keepPrefix)
    {
        if (bytes.Length <= keepPrefix)
        {
            return;
        }
        int flips = random.Next(1, 4);
        for (int f = 0; f < flips; f++)
        {
            bytes[random.Next(keepPrefix, bytes.Length)] = (byte)random.Next(256);
        }
    }
}
