namespace KafkaNet.Protocol.Compression;

/// <summary>Compression codecs, numbered as in bits 0-2 of a record batch's attributes.</summary>
public enum CompressionCodec
{
    None = 0,
    Gzip = 1,
    Snappy = 2,
    Lz4 = 3,
    Zstd = 4,
}
