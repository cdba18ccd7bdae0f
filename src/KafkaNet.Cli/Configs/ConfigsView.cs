using KafkaNet.Cli.Output;

namespace KafkaNet.Cli.Configs;

/// <summary>What `kafkanet configs` prints: Kafka's kafka-configs lines, or one JSON document with --output json.</summary>
internal static class ConfigsView
{
    /// <summary>
    /// Per entity a heading ("Dynamic configs for topic orders are:", "All configs for broker 1 are:", "Default configs for
    /// brokers in the cluster are:") then one line per config: "  name=value sensitive=false synonyms={SOURCE:name=value, ...}".
    /// </summary>
    public static string Describe(IReadOnlyList<EntityConfigs> entities, bool all, bool json)
    {
        if (json)
        {
            return JsonOutput.Serialize(new { entities });
        }

        var lines = new List<string>();
        foreach (var entity in entities)
        {
            lines.Add(entity.EntityName.Length == 0
                ? $"Default configs for {entity.EntityType} in the cluster are:"
                : $"{(all ? "All" : "Dynamic")} configs for {ConfigEntityType.Singular(entity.EntityType)} {entity.EntityName} are:");
            foreach (var config in entity.Configs)
            {
                string synonyms = string.Join(", ", config.Synonyms.Select(s => $"{s.Source}:{s.Name}={s.Value ?? "null"}"));
                lines.Add($"  {config.Name}={config.Value ?? "null"} sensitive={(config.Sensitive ? "true" : "false")} synonyms={{{synonyms}}}");
            }
        }

        return string.Join('\n', lines);
    }

    /// <summary>
    /// --describe --output json of clients and users: {"quotas": [{"entity": {"user": "alice", "client-id": null},
    /// "configs": {"producer_byte_rate": 1048576}}]}, and for users "scramCredentials": [{"user": "alice",
    /// "credentials": [{"mechanism": "SCRAM-SHA-256", "iterations": 4096}], "error": null}].
    /// </summary>
    public static string QuotasJson(IEnumerable<QuotaEntry> quotas, IEnumerable<UserCredentials>? credentials)
    {
        var quotaRows = quotas.Select(q => new { q.Entity, Configs = q.Values.ToDictionary(v => v.Key, v => v.Value) });
        var credentialRows = credentials?.Select(u => new { u.User, Credentials = u.Credentials.Select(c => new { c.Mechanism, c.Iterations }), u.Error });
        return credentialRows is null
            ? JsonOutput.Serialize(new { Quotas = quotaRows })
            : JsonOutput.Serialize(new { Quotas = quotaRows, ScramCredentials = credentialRows });
    }

    /// <summary>"Completed updating config for topic orders." or "Completed updating default config for brokers in the cluster."</summary>
    public static string Altered(string entityType, string entityName, IReadOnlyList<KeyValuePair<string, string>> set, IReadOnlyList<string> deleted, bool json)
    {
        if (json)
        {
            return JsonOutput.Serialize(new { entityType, entityName, set = set.ToDictionary(), deleted });
        }

        return entityName.Length == 0
            ? $"Completed updating default config for {entityType} in the cluster."
            : $"Completed updating config for {ConfigEntityType.Singular(entityType)} {entityName}.";
    }
}
