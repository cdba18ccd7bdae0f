namespace KafkaNet.WebConsole.Dto;

/// <summary>The cluster and its brokers; <see cref="ServingNodeId"/> is the broker serving this console.</summary>
internal sealed record ClusterDto(string ClusterId, int ControllerId, int ServingNodeId, List<BrokerDto> Brokers);

internal sealed record BrokerDto(int Id, string Host, int Port, string? Rack, bool Fenced);

/// <summary>A config of a broker or topic; the value of a sensitive one is never sent.</summary>
internal sealed record ConfigEntryDto(string Name, string? Value, string Source, bool IsDefault, bool ReadOnly, bool Sensitive);
