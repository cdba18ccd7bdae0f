using Confluent.Kafka.Admin;
using KafkaNet.Cli.Arguments;

namespace KafkaNet.Cli.Acls;

/// <summary>
/// The ACLs a command line stands for, as Kafka's kafka-acls builds them: each resource named (topics, the cluster,
/// groups, transactional ids) with the entries of every principal, operation and host given, or with --producer and
/// --consumer the operations those roles need.
/// </summary>
internal static class AclBindings
{
    /// <summary>The resources named, as filters in --resource-pattern-type; the cluster only with LITERAL.</summary>
    /// <exception cref="UsageException"><paramref name="required"/> and no resource is named.</exception>
    public static IReadOnlyList<ResourcePatternFilter> Resources(AclsArguments arguments, bool required = true)
    {
        var type = arguments.PatternType;
        var resources = new List<ResourcePatternFilter>();
        resources.AddRange(arguments.Topics.Select(t => Resource(ResourceType.Topic, t, type)));
        if (type == ResourcePatternType.Literal && (arguments.Cluster || arguments.Idempotent))
        {
            resources.Add(Resource(ResourceType.Broker, AclText.ClusterName, ResourcePatternType.Literal));
        }

        resources.AddRange(arguments.Groups.Select(g => Resource(ResourceType.Group, g, type)));
        resources.AddRange(arguments.TransactionalIds.Select(t => Resource(AclText.TransactionalId, t, type)));
        if (resources.Count == 0 && required)
        {
            throw new UsageException("You must provide at least one resource: --topic <topic> or --cluster or --group <group> or --transactional-id <transactional-id>");
        }

        return [.. resources.Distinct()];
    }

    /// <summary>Each resource with the entries to add or remove for it (none: every ACL of the resource, for --remove).</summary>
    /// <exception cref="UsageException">An operation the resource type does not have.</exception>
    public static IReadOnlyList<(ResourcePatternFilter Resource, IReadOnlyList<AccessControlEntry> Entries)> ForResources(AclsArguments arguments)
    {
        var bindings = new List<(ResourcePatternFilter Resource, IReadOnlyList<AccessControlEntry> Entries)>();
        var resources = Resources(arguments);
        if (!arguments.Producer && !arguments.Consumer)
        {
            bindings.AddRange(resources.Select(r => (r, Entries(arguments, arguments.Operations))));
        }

        if (arguments.Producer)
        {
            bindings.AddRange(resources.Where(r => r.Type == ResourceType.Topic)
                .Select(r => (r, Entries(arguments, [AclOperation.Write, AclOperation.Describe, AclOperation.Create]))));
            bindings.AddRange(resources.Where(r => r.Type == AclText.TransactionalId)
                .Select(r => (r, Entries(arguments, [AclOperation.Write, AclOperation.Describe]))));
            if (arguments.Idempotent)
            {
                bindings.AddRange(resources.Where(r => r.Type == ResourceType.Broker).Select(r => (r, Entries(arguments, [AclOperation.IdempotentWrite]))));
            }
        }

        if (arguments.Consumer)
        {
            // A topic both roles name gets the producer's entries and the consumer's.
            foreach (var topic in resources.Where(r => r.Type == ResourceType.Topic))
            {
                var consumer = Entries(arguments, [AclOperation.Read, AclOperation.Describe]);
                int existing = bindings.FindIndex(b => b.Resource.Equals(topic));
                bindings.Add((topic, existing < 0 ? consumer : [.. bindings[existing].Entries.Union(consumer)]));
                if (existing >= 0)
                {
                    bindings.RemoveAt(existing);
                }
            }

            bindings.AddRange(resources.Where(r => r.Type == ResourceType.Group).Select(r => (r, Entries(arguments, [AclOperation.Read]))));
        }

        foreach (var (resource, entries) in bindings)
        {
            CheckOperations(resource.Type, entries);
        }

        return bindings;
    }

    /// <summary>Every principal with every operation from every host: allowed ones, then denied ones.</summary>
    public static IReadOnlyList<AccessControlEntry> Entries(AclsArguments arguments, IReadOnlyList<AclOperation> operations) =>
    [
        .. Entries(arguments.AllowPrincipals, Hosts(arguments.AllowHosts, arguments.AllowPrincipals), operations, AclPermissionType.Allow),
        .. Entries(arguments.DenyPrincipals, Hosts(arguments.DenyHosts, arguments.DenyPrincipals), operations, AclPermissionType.Deny),
    ];

    /// <summary>The operations Kafka's authorizer has for each resource type, All aside.</summary>
    public static IReadOnlyList<AclOperation> SupportedOperations(ResourceType type) => type switch
    {
        ResourceType.Topic => [AclOperation.Read, AclOperation.Write, AclOperation.Create, AclOperation.Describe, AclOperation.Delete, AclOperation.Alter, AclOperation.DescribeConfigs, AclOperation.AlterConfigs],
        ResourceType.Group => [AclOperation.Read, AclOperation.Describe, AclOperation.Delete, AclOperation.DescribeConfigs, AclOperation.AlterConfigs],
        ResourceType.Broker => [AclOperation.Create, AclOperation.ClusterAction, AclOperation.DescribeConfigs, AclOperation.AlterConfigs, AclOperation.IdempotentWrite, AclOperation.Alter, AclOperation.Describe],
        _ => [AclOperation.Describe, AclOperation.Write],
    };

    private static void CheckOperations(ResourceType type, IEnumerable<AccessControlEntry> entries)
    {
        var supported = SupportedOperations(type);
        if (entries.Any(e => e.Operation != AclOperation.All && !supported.Contains(e.Operation)))
        {
            throw new UsageException($"ResourceType {AclText.Name(type)} only supports operations {string.Join(", ", supported.Append(AclOperation.All))}");
        }
    }

    private static IEnumerable<AccessControlEntry> Entries(IReadOnlyList<string> principals, IReadOnlyList<string> hosts, IReadOnlyList<AclOperation> operations,
        AclPermissionType permission) =>
        from principal in principals.Distinct()
        from operation in operations.Distinct()
        from host in hosts.Distinct()
        select new AccessControlEntry { Principal = principal, Host = host, Operation = operation, PermissionType = permission };

    /// <summary>The hosts given, or every host (*) for principals given without any.</summary>
    private static IReadOnlyList<string> Hosts(IReadOnlyList<string> hosts, IReadOnlyList<string> principals) =>
        hosts.Count > 0 ? hosts : principals.Count > 0 ? ["*"] : [];

    private static ResourcePatternFilter Resource(ResourceType type, string name, ResourcePatternType patternType) =>
        new() { Type = type, Name = name, ResourcePatternType = patternType };
}
