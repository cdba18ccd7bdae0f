using Confluent.Kafka.Admin;
using KafkaNet.Cli.Output;

namespace KafkaNet.Cli.Acls;

/// <summary>What `kafkanet acls` prints, laid out as Kafka's kafka-acls prints it (its spaces around line breaks too).</summary>
internal static class AclsView
{
    public static string Adding(ResourcePatternFilter resource, IEnumerable<AccessControlEntry> entries) =>
        $"Adding ACLs for resource `{AclText.Describe(resource)}`: \n {Entries(entries)} \n";

    /// <summary>One block per resource, or with principals one heading per principal and its ACLs under it.</summary>
    public static string Current(IReadOnlyList<AclBinding> bindings, IReadOnlyList<string> principals)
    {
        if (principals.Count == 0)
        {
            return Blocks(bindings);
        }

        return string.Join('\n', principals.Select(p =>
        {
            string heading = $"ACLs for principal `{p}`";
            string blocks = Blocks([.. bindings.Where(b => b.Entry.Principal == p)]);
            return blocks.Length == 0 ? heading : heading + "\n" + blocks;
        }));
    }

    /// <summary>
    /// --output json: {"KEY": [{"resourceType": "TOPIC", "resourceName": "orders", "patternType": "LITERAL",
    /// "principal": "User:alice", "host": "*", "operation": "WRITE", "permissionType": "ALLOW"}, ...]}, in Kafka's names.
    /// </summary>
    /// <param name="key">acls for --list, created for --add, removed for --remove.</param>
    public static string Json(string key, IEnumerable<AclBinding> bindings) =>
        JsonOutput.Serialize(new Dictionary<string, IEnumerable<AclJson>>
        {
            [key] = bindings.Select(b => new AclJson(AclText.Name(b.Pattern.Type), b.Pattern.Name, AclText.Name(b.Pattern.ResourcePatternType),
                b.Entry.Principal, b.Entry.Host, AclText.Name(b.Entry.Operation), AclText.Name(b.Entry.PermissionType))),
        });

    public static string ConfirmDeleteAll(ResourcePatternFilter resource) =>
        $"Are you sure you want to delete all ACLs for resource filter `{AclText.Describe(resource)}`? (y/n)";

    public static string ConfirmRemove(ResourcePatternFilter resource, IEnumerable<AccessControlEntry> entries) =>
        $"Are you sure you want to remove ACLs: \n {Entries(entries)} \n from resource filter `{AclText.Describe(resource)}`? (y/n)";

    private static string Blocks(IReadOnlyList<AclBinding> bindings) =>
        string.Join('\n', bindings.GroupBy(b => AclText.Describe(b.Pattern.ToFilter()))
            .Select(g => $"Current ACLs for resource `{g.Key}`: \n {Entries(g.Select(b => b.Entry).Distinct())} \n"));

    private sealed record AclJson(string ResourceType, string ResourceName, string PatternType, string Principal, string Host, string Operation,
        string PermissionType);

    private static string Entries(IEnumerable<AccessControlEntry> entries) => string.Join('\n', entries.Select(e => "\t" + AclText.Describe(e)));
}
