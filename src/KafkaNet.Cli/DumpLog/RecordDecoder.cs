namespace KafkaNet.Cli.DumpLog;

/// <summary>How printed records are decoded: as text, or as the records of an internal topic or the metadata log.</summary>
internal enum RecordDecoder
{
    String,
    Offsets,
    TransactionLog,
    ClusterMetadata,
}
