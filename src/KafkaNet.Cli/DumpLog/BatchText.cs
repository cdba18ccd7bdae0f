using System.Globalization;
using KafkaNet.Protocol.Compression;
using KafkaNet.Protocol.Records;

namespace KafkaNet.Cli.DumpLog;

/// <summary>The batch and record lines of a .log dump, field for field as kafka-dump-log prints them.</summary>
internal static class BatchText
{
    public const string RecordIndent = "|";

    public static string Batch(in RecordBatchHeader header, long position, bool crcValid) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"baseOffset: {header.BaseOffset} lastOffset: {header.LastOffset} count: {header.RecordCount} " +
            $"baseSequence: {header.BaseSequence} lastSequence: {LastSequence(header)} producerId: {header.ProducerId} " +
            $"producerEpoch: {header.ProducerEpoch} partitionLeaderEpoch: {header.PartitionLeaderEpoch} " +
            $"isTransactional: {Bool(header.IsTransactional)} isControl: {Bool(header.IsControl)} deleteHorizonMs: {DeleteHorizon(header)} " +
            $"position: {position} {TimestampName(header.TimestampType)}: {header.MaxTimestamp} size: {header.TotalSize} " +
            $"magic: {header.Magic} compresscodec: {CodecName(header.Compression)} crc: {header.Crc} isvalid: {Bool(crcValid)}");

    /// <summary>The record's metadata, without the leading indent.</summary>
    public static string Record(in RecordBatchHeader header, scoped in Record record)
    {
        var headerKeys = new List<string>();
        foreach (RecordHeader recordHeader in record.Headers)
        {
            headerKeys.Add(recordHeader.GetKeyString());
        }

        int sequence = header.BaseSequence == RecordBatchHeader.NoSequence ? RecordBatchHeader.NoSequence : Increment(header.BaseSequence, record.OffsetDelta);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"offset: {record.Offset} {TimestampName(header.TimestampType)}: {record.Timestamp} " +
            $"keySize: {(record.IsKeyNull ? -1 : record.Key.Length)} valueSize: {(record.IsValueNull ? -1 : record.Value.Length)} " +
            $"sequence: {sequence} headerKeys: [{string.Join(',', headerKeys)}]");
    }

    /// <summary>What a control record says: a transaction marker, or its type name and id.</summary>
    public static string Control(scoped in Record record)
    {
        if (ControlRecordReader.TryReadEndTxnMarker(record, out ControlRecordType type, out int coordinatorEpoch))
        {
            return $" endTxnMarker: {(type == ControlRecordType.Commit ? "COMMIT" : "ABORT")} coordinatorEpoch: {coordinatorEpoch}";
        }

        short id = record.Key.Length >= 4 ? System.Buffers.Binary.BinaryPrimitives.ReadInt16BigEndian(record.Key[2..]) : (short)-1;
        string name = id switch
        {
            2 => "LEADER_CHANGE",
            3 => "SNAPSHOT_HEADER",
            4 => "SNAPSHOT_FOOTER",
            5 => "KRAFT_VERSION",
            6 => "KRAFT_VOTERS",
            _ => "UNKNOWN",
        };
        return $" controlType: {name}({id})";
    }

    private static string Bool(bool value) => value ? "true" : "false";

    // Java's OptionalLong.toString.
    private static string DeleteHorizon(in RecordBatchHeader header) =>
        header.HasDeleteHorizon ? $"OptionalLong[{header.BaseTimestamp}]" : "OptionalLong.empty";

    private static string TimestampName(TimestampType type) => type == TimestampType.LogAppendTime ? "LogAppendTime" : "CreateTime";

    private static string CodecName(CompressionCodec codec) => codec switch
    {
        CompressionCodec.None => "none",
        CompressionCodec.Gzip => "gzip",
        CompressionCodec.Snappy => "snappy",
        CompressionCodec.Lz4 => "lz4",
        CompressionCodec.Zstd => "zstd",
        _ => ((int)codec).ToString(CultureInfo.InvariantCulture),
    };

    private static int LastSequence(in RecordBatchHeader header) =>
        header.BaseSequence == RecordBatchHeader.NoSequence ? RecordBatchHeader.NoSequence : Increment(header.BaseSequence, header.LastOffsetDelta);

    // Sequences wrap from int.MaxValue to 0.
    private static int Increment(int sequence, int increment) =>
        sequence > int.MaxValue - increment ? increment - (int.MaxValue - sequence) - 1 : sequence + increment;
}
