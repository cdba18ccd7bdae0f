using KafkaNet.Protocol.Records;
using KafkaNet.Storage;

namespace KafkaNet.Broker.Shares.DeadLetter;

/// <summary>Reads the records of an offset range from a partition log, for copying onto a dead-letter topic.</summary>
public static class SourceRecordReader
{
    /// <summary>
    /// The data records at offsets <paramref name="first"/> to <paramref name="last"/> by offset. Offsets without
    /// one (compacted away, control records, below the log start) are absent.
    /// </summary>
    public static Dictionary<long, SourceRecord> Read(PartitionLog log, long first, long last)
    {
        var records = new Dictionary<long, SourceRecord>();
        LogRecordWalker.Walk(log, first, last, (in Record record) =>
        {
            var headers = new List<RecordHeaderData>(record.HeaderCount);
            foreach (var header in record.Headers)
            {
                headers.Add(new RecordHeaderData(header.Key.ToArray(), header.IsValueNull ? null : header.Value.ToArray()));
            }
            records[record.Offset] = new SourceRecord(record.Offset, record.Timestamp,
                record.IsKeyNull ? null : record.Key.ToArray(), record.IsValueNull ? null : record.Value.ToArray(), headers);
        });
        return records;
    }
}
