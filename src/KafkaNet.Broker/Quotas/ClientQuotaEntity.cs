using System.Collections.Immutable;

namespace KafkaNet.Broker.Quotas;

/// <summary>
/// Who a client quota applies to, as Kafka names it: entity types ("user", "client-id", "ip") each with a name, or a
/// null name for that type's default. Components are kept sorted by type, so equal entities compare equal.
/// </summary>
public sealed class ClientQuotaEntity : IEquatable<ClientQuotaEntity>
{
    public const string User = "user";
    public const string ClientId = "client-id";
    public const string Ip = "ip";

    public ClientQuotaEntity(IEnumerable<KeyValuePair<string, string?>> components)
    {
        ArgumentNullException.ThrowIfNull(components);
        Components = [.. components.OrderBy(c => c.Key, StringComparer.Ordinal)];
    }

    /// <summary>(type, name) pairs in type order; a null name is the type's default.</summary>
    public ImmutableArray<KeyValuePair<string, string?>> Components { get; }

    public static ClientQuotaEntity Of(params (string Type, string? Name)[] components) =>
        new(components.Select(c => new KeyValuePair<string, string?>(c.Type, c.Name)));

    /// <summary>True when the entity has a component of <paramref name="type"/>; its name (null: the default) in <paramref name="name"/>.</summary>
    public bool TryGet(string type, out string? name)
    {
        foreach (var (t, n) in Components)
        {
            if (t == type)
            {
                name = n;
                return true;
            }
        }
        name = null;
        return false;
    }

    public bool Equals(ClientQuotaEntity? other) =>
        other is not null && Components.Length == other.Components.Length
        && Components.Zip(other.Components).All(p => p.First.Key == p.Second.Key && p.First.Value == p.Second.Value);

    public override bool Equals(object? obj) => Equals(obj as ClientQuotaEntity);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var (type, name) in Components)
        {
            hash.Add(type, StringComparer.Ordinal);
            hash.Add(name, StringComparer.Ordinal);
        }
        return hash.ToHashCode();
    }

    /// <summary>Kafka's path form: "user=alice, client-id=&lt;default&gt;".</summary>
    public override string ToString() => string.Join(", ", Components.Select(c => $"{c.Key}={c.Value ?? "<default>"}"));
}
