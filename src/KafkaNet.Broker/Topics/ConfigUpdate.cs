using System.Collections.Immutable;

namespace KafkaNet.Broker.Topics;

/// <summary>Computes a topic's new config overrides from its current ones, or returns an error.</summary>
public delegate ApiError ConfigUpdate(ImmutableSortedDictionary<string, string> current, out ImmutableSortedDictionary<string, string> updated);
