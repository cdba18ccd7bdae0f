namespace KafkaNet.Broker.Metadata;

/// <summary>The levels of one feature a registered broker supports.</summary>
public readonly record struct SupportedFeatureRange(short Min, short Max);
