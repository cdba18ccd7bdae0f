using System.Globalization;
using KafkaNet.Cli.Arguments;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using static KafkaNet.Cli.Configs.ConfigEntityType;

namespace KafkaNet.Cli.Configs;

/// <summary>
/// Client quotas of users and clients, as Kafka's kafka-configs handles them: --describe asks DescribeClientQuotas for
/// exactly the entity types given (a name, the default, or every name of the type), --alter sends one
/// AlterClientQuotas entry; both on the project's own protocol connection, since Confluent.Kafka has no quota calls.
/// </summary>
internal static class ClientQuotaCommand
{
    private const short Version = 1;
    private const sbyte MatchExact = 0;
    private const sbyte MatchDefault = 1;
    private const sbyte MatchAny = 2;

    /// <summary>The quotas of the entities asked for, in the order of their text.</summary>
    public static async Task<IReadOnlyList<QuotaEntry>> DescribeAsync(BootstrapConnection connection, ConfigsArguments arguments, CancellationToken cancellationToken)
    {
        var request = new DescribeClientQuotasRequest { Strict = true };
        for (int i = 0; i < arguments.EntityTypes.Count; i++)
        {
            string? name = i < arguments.EntityNames.Count ? arguments.EntityNames[i] : null;
            request.Components.Add(new()
            {
                EntityType = QuotaEntityType(arguments.EntityTypes[i]),
                MatchType = name is null ? MatchAny : name.Length == 0 ? MatchDefault : MatchExact,
                Match = name is { Length: > 0 } ? name : null,
            });
        }
        var response = await connection.SendAsync<DescribeClientQuotasResponse>(request, DescribeClientQuotasRequest.ApiKey, Version, cancellationToken).ConfigureAwait(false);
        ThrowOnError(response.ErrorCode, response.ErrorMessage);
        return [.. (response.Entries ?? [])
            .Select(e => new QuotaEntry(
                EntityText(e.Entity.Select(c => (c.EntityType, c.EntityName))),
                e.Entity.ToDictionary(c => c.EntityType, c => c.EntityName, StringComparer.Ordinal),
                [.. e.Values.Select(v => KeyValuePair.Create(v.Key, v.Value))]))
            .OrderBy(e => e.Text, StringComparer.Ordinal)];
    }

    /// <summary>"Quota configs for user-principal 'alice' are producer_byte_rate=1048576.0", one line per entity.</summary>
    public static string Text(IEnumerable<QuotaEntry> entries) =>
        string.Join("\n", entries.Select(e => $"Quota configs for {e.Text} are {string.Join(", ", e.Values.Select(v => $"{v.Key}={JavaDouble.Format(v.Value)}"))}"));

    /// <summary>Sets <paramref name="set"/> and removes <paramref name="delete"/>, which must be set, in one request.</summary>
    public static async Task AlterAsync(BootstrapConnection connection, ConfigsArguments arguments,
        IReadOnlyList<KeyValuePair<string, string>> set, CancellationToken cancellationToken)
    {
        var entity = arguments.EntityTypes.Zip(arguments.EntityNames, (type, name) => (Type: QuotaEntityType(type), Name: name.Length == 0 ? null : name)).ToList();
        var current = await CurrentAsync(connection, entity, cancellationToken).ConfigureAwait(false);
        var missing = arguments.DeleteConfigs.Where(k => !current.Contains(k)).ToList();
        if (missing.Count > 0)
        {
            throw new CommandFailedException($"INVALID_CONFIG: Invalid config(s): {string.Join(',', missing)}");
        }
        var entry = new AlterClientQuotasRequest.EntryData();
        entry.Entity.AddRange(entity.Select(e => new AlterClientQuotasRequest.EntityData { EntityType = e.Type, EntityName = e.Name }));
        entry.Ops.AddRange(set.Select(c => new AlterClientQuotasRequest.OpData { Key = c.Key, Value = double.Parse(c.Value, NumberStyles.Float, CultureInfo.InvariantCulture) }));
        entry.Ops.AddRange(arguments.DeleteConfigs.Select(k => new AlterClientQuotasRequest.OpData { Key = k, Remove = true }));
        var request = new AlterClientQuotasRequest();
        request.Entries.Add(entry);
        var response = await connection.SendAsync<AlterClientQuotasResponse>(request, AlterClientQuotasRequest.ApiKey, Version, cancellationToken).ConfigureAwait(false);
        foreach (var result in response.Entries)
        {
            ThrowOnError(result.ErrorCode, result.ErrorMessage);
        }
    }

    // The quota keys the entity has now (an exact, strict look-up).
    private static async Task<HashSet<string>> CurrentAsync(BootstrapConnection connection, List<(string Type, string? Name)> entity, CancellationToken cancellationToken)
    {
        var request = new DescribeClientQuotasRequest { Strict = true };
        request.Components.AddRange(entity.Select(e => new DescribeClientQuotasRequest.ComponentData
        {
            EntityType = e.Type,
            MatchType = e.Name is null ? MatchDefault : MatchExact,
            Match = e.Name,
        }));
        var response = await connection.SendAsync<DescribeClientQuotasResponse>(request, DescribeClientQuotasRequest.ApiKey, Version, cancellationToken).ConfigureAwait(false);
        ThrowOnError(response.ErrorCode, response.ErrorMessage);
        return [.. (response.Entries ?? []).SelectMany(e => e.Values).Select(v => v.Key)];
    }

    /// <summary>Kafka's wording: "user-principal 'alice', client-id 'app'", "the default user-principal".</summary>
    private static string EntityText(IEnumerable<(string Type, string? Name)> entity)
    {
        var byType = entity.ToDictionary(e => e.Type, e => e.Name, StringComparer.Ordinal);
        var parts = new List<string>();
        foreach (var (type, label) in new[] { ("user", "user-principal"), ("client-id", "client-id"), ("ip", "ip") })
        {
            if (byType.TryGetValue(type, out string? name))
            {
                parts.Add(name is null ? $"the default {label}" : $"{label} '{name}'");
            }
        }
        return string.Join(", ", parts);
    }

    private static string QuotaEntityType(string type) => type == UserType ? "user" : "client-id";

    private static void ThrowOnError(short code, string? message)
    {
        if (code != (short)ErrorCode.None)
        {
            throw new CommandFailedException($"{ErrorCodes.Name((ErrorCode)code)}: {message}");
        }
    }
}
