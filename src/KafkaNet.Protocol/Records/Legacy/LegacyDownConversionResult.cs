namespace KafkaNet.Protocol.Records.Legacy;

/// <summary>Outcome of <see cref="V2ToLegacyConverter.Convert"/>.</summary>
/// <param name="BytesWritten">Size of the message set written.</param>
/// <param name="MessagesWritten">Top-level entries written (a wrapper counts once).</param>
/// <param name="LastOffset">Absolute offset of the last record written; -1 when none was.</param>
/// <param name="StoppedAtSizeLimit">More records followed but did not fit in the byte limit.</param>
/// <param name="Error">Why conversion stopped early, e.g. a zstd batch (<see cref="LegacyMessageError.UnsupportedCompression"/>).</param>
public readonly record struct LegacyDownConversionResult(
    int BytesWritten, int MessagesWritten, long LastOffset, bool StoppedAtSizeLimit, LegacyMessageError Error);
