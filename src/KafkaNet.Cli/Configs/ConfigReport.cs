namespace KafkaNet.Cli.Configs;

/// <summary>The configs of one entity as --describe shows them; also the shape of its --output json.</summary>
/// <param name="EntityName">"" for the cluster-wide default of brokers.</param>
internal sealed record EntityConfigs(string EntityType, string EntityName, IReadOnlyList<ConfigReport> Configs);

/// <summary>One config: its value (null when sensitive), Kafka's name of its source, and its synonyms.</summary>
internal sealed record ConfigReport(string Name, string? Value, string Source, bool Sensitive, bool ReadOnly, IReadOnlyList<ConfigSynonymReport> Synonyms);

internal sealed record ConfigSynonymReport(string Name, string? Value, string Source);

/// <summary>One entity's client quotas: Kafka's text for the entity, its parts by entity type (null name: the default), and its values.</summary>
internal sealed record QuotaEntry(string Text, IReadOnlyDictionary<string, string?> Entity, IReadOnlyList<KeyValuePair<string, double>> Values);

/// <summary>One user's SCRAM credentials (mechanism name and iterations), or Kafka's error name and message for them.</summary>
internal sealed record UserCredentials(string User, IReadOnlyList<(string Mechanism, int Iterations)> Credentials, string? Error);
