namespace KafkaNet.WebConsole.Dto;

/// <summary>The security page: whether an authorizer runs, its ACLs, and the client quotas.</summary>
internal sealed record SecurityDto(bool AuthorizerEnabled, List<AclDto> Acls, List<QuotaDto> Quotas, string Message);

/// <summary>One ACL as kafka-acls prints it, in Kafka's upper-case names.</summary>
internal sealed record AclDto(string ResourceType, string ResourceName, string PatternType, string Principal, string Host, string Operation, string Permission);

/// <summary>One quota value of an entity ("user=alice, client-id=app"; "&lt;default&gt;" for a default name).</summary>
internal sealed record QuotaDto(string Entity, string Key, double Value);
