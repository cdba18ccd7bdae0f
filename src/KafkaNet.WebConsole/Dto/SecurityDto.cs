namespace KafkaNet.WebConsole.Dto;

/// <summary>Whether the broker serves the ACL and quota APIs, and a sentence saying so.</summary>
internal sealed record SecurityDto(bool AclsSupported, bool QuotasSupported, string Message);
