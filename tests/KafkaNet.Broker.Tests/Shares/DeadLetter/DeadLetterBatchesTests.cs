using System.Text;
using KafkaNet.Broker.Shares;
using KafkaNet.Broker.Shares.DeadLetter;
using KafkaNet.Protocol.Records;

namespace KafkaNet.Broker.Tests.Shares.DeadLetter;

public sealed class DeadLetterBatchesTests
{
    private const long Now = 1_790_000_000_000;

    [Fact]
    public void Without_copies_each_offset_is_a_headers_only_record_stamped_now()
    {
        var run = new ArchivedRecords(10, 12, DeliveryCount: 5, ArchiveReason.DeliveryLimitReached);
        var records = Decode(DeadLetterBatches.Build("workers", "orders", 4, run, copies: null, Now, 1 << 20));
        Assert.Equal(3, records.Count);
        for (int i = 0; i < 3; i++)
        {
            var record = records[i];
            Assert.Equal(Now, record.Timestamp);
            Assert.Null(record.Key);
            Assert.Null(record.Value);
            Assert.Equal(
                [
                    ("__dlq.errors.topic", "orders"), ("__dlq.errors.partition", "4"), ("__dlq.errors.offset", (10 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    ("__dlq.errors.group", "workers"), ("__dlq.errors.delivery.count", "5"),
                    ("__dlq.errors.message", "Offset delivery count exceeded the threshold."),
                ],
                record.Headers);
        }
    }

    [Fact]
    public void A_copy_keeps_key_value_headers_and_timestamp_with_the_context_after_its_own_headers()
    {
        var run = new ArchivedRecords(7, 8, DeliveryCount: 1, ArchiveReason.RejectedByClient);
        var copies = new Dictionary<long, SourceRecord>
        {
            [7] = new(7, 1234, Encoding.UTF8.GetBytes("k7"), Encoding.UTF8.GetBytes("v7"), [new RecordHeaderData("trace", Encoding.UTF8.GetBytes("abc"))]),
        };
        var records = Decode(DeadLetterBatches.Build("g", "t", 0, run, copies, Now, 1 << 20));
        Assert.Equal(2, records.Count);
        Assert.Equal(1234, records[0].Timestamp);
        Assert.Equal("k7", records[0].Key);
        Assert.Equal("v7", records[0].Value);
        Assert.Equal(("trace", "abc"), records[0].Headers[0]);
        Assert.Equal(("__dlq.errors.offset", "7"), records[0].Headers[3]);
        Assert.Equal(("__dlq.errors.message", "Offset rejected by client."), records[0].Headers[^1]);
        // Offset 8 no longer exists in the source (compacted away): its record carries the context alone.
        Assert.Null(records[1].Value);
        Assert.Equal(Now, records[1].Timestamp);
        Assert.Equal(("__dlq.errors.offset", "8"), records[1].Headers[2]);
    }

    [Fact]
    public void Batches_stay_under_the_limit_and_keep_offset_order()
    {
        var run = new ArchivedRecords(0, 99, DeliveryCount: 2, ArchiveReason.DeliveryLimitReached);
        var copies = Enumerable.Range(0, 100).ToDictionary(i => (long)i, i => new SourceRecord(i, 1, null, new byte[300], []));
        var batches = DeadLetterBatches.Build("g", "t", 0, run, copies, Now, 4096);
        Assert.True(batches.Count > 1);
        Assert.All(batches, b => Assert.True(b.Length <= 4096, $"a batch of {b.Length} bytes"));
        var offsets = Decode(batches).Select(r => r.Headers.Single(h => h.Key == "__dlq.errors.offset").Value).ToList();
        Assert.Equal(Enumerable.Range(0, 100).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), offsets);
    }

    [Fact]
    public void A_copy_too_large_for_any_batch_is_written_as_its_context_headers_alone()
    {
        var run = new ArchivedRecords(0, 2, DeliveryCount: 1, ArchiveReason.RejectedByClient);
        var copies = new Dictionary<long, SourceRecord>
        {
            [0] = new(0, 5, null, new byte[100], []),
            [1] = new(1, 7, Encoding.UTF8.GetBytes("k"), new byte[10_000], [new RecordHeaderData(Encoding.UTF8.GetBytes("h"), new byte[] { 1 })]),
        };
        var batches = DeadLetterBatches.Build("g", "t", 0, run, copies, Now, 2048);

        Assert.All(batches, b => Assert.True(b.Length <= 2048, $"batch of {b.Length} bytes"));
        var records = Decode(batches);
        Assert.Equal([100, null, null], records.Select(r => r.Value?.Length));
        Assert.Equal([5, Now, Now], records.Select(r => r.Timestamp));
        Assert.Equal("__dlq.errors.topic", records[1].Headers[0].Key);
        Assert.DoesNotContain(records[1].Headers, h => h.Key == "h");
    }

    private sealed record Decoded(long Timestamp, string? Key, string? Value, List<(string Key, string Value)> Headers);

    private static List<Decoded> Decode(IEnumerable<byte[]> batches)
    {
        var records = new List<Decoded>();
        foreach (byte[] bytes in batches)
        {
            Assert.Equal(RecordBatchValidationResult.Ok, RecordBatch.TryRead(bytes, out var batch));
            using var content = batch.OpenRecords(1 << 24);
            foreach (var record in content.GetRecords())
            {
                var headers = new List<(string, string)>();
                foreach (var header in record.Headers)
                {
                    headers.Add((header.GetKeyString(), Encoding.UTF8.GetString(header.Value)));
                }
                records.Add(new Decoded(record.Timestamp, record.IsKeyNull ? null : Encoding.UTF8.GetString(record.Key),
                    record.IsValueNull ? null : Encoding.UTF8.GetString(record.Value), headers));
            }
        }
        return records;
    }
}
