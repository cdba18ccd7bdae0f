namespace KafkaNet.Protocol.Records;

/// <summary>The first record of a batch that breaks a rule, and what it carries.</summary>
/// <param name="Kind">Which rule; <see cref="RecordFaultKind.None"/> when every record passed.</param>
/// <param name="Index">The record's index in the batch (see <see cref="RecordFaultKind"/> for the exceptions).</param>
/// <param name="Value">The offending offset delta or timestamp, where the kind has one.</param>
/// <param name="Detail">Why decompression failed, for <see cref="RecordFaultKind.Undecompressable"/>.</param>
public readonly record struct RecordFault(RecordFaultKind Kind, int Index, long Value = 0, string? Detail = null);
