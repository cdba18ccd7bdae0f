using System.Collections.Immutable;

namespace KafkaNet.Broker.Security.Authorization;

/// <summary>
/// The ACLs of one metadata image arranged for lookups: per resource type, literal ACLs by name and prefixed ACLs
/// by prefix with the prefix lengths in use, so finding the ACLs for a resource costs a few hash lookups.
/// </summary>
internal sealed class AclIndex
{
    private readonly ByType[] _types;

    public AclIndex(ImmutableDictionary<Guid, StandardAcl> acls)
    {
        Source = acls;
        int count = Enum.GetValues<AclResourceType>().Max(t => (int)t) + 1;
        var builders = Enumerable.Range(0, count).Select(_ => new ByTypeBuilder()).ToArray();
        foreach (var acl in acls.Values)
        {
            int type = (int)acl.ResourceType;
            if (type >= 0 && type < count)
            {
                builders[type].Add(acl);
            }
        }
        _types = [.. builders.Select(b => b.Build())];
    }

    /// <summary>The ACLs this index was built from: the index stays valid while the image holds this same set.</summary>
    public ImmutableDictionary<Guid, StandardAcl> Source { get; }

    /// <summary>Every ACL of a resource type.</summary>
    public IReadOnlyList<StandardAcl> OfType(AclResourceType type) => For(type)?.All ?? [];

    /// <summary>The ACLs whose pattern covers the resource: its literal name, the literal wildcard, its prefixes.</summary>
    public IEnumerable<StandardAcl> Covering(AclResourceType type, string name)
    {
        if (For(type) is not { } acls)
        {
            yield break;
        }
        if (acls.Literal.TryGetValue(name, out var literal))
        {
            foreach (var acl in literal)
            {
                yield return acl;
            }
        }
        if (name != StandardAcl.WildcardResource && acls.Literal.TryGetValue(StandardAcl.WildcardResource, out var wildcard))
        {
            foreach (var acl in wildcard)
            {
                yield return acl;
            }
        }
        foreach (int length in acls.PrefixLengths)
        {
            if (length > name.Length)
            {
                break;
            }
            if (acls.PrefixedByName.TryGetValue(name.AsSpan(0, length), out var prefixed))
            {
                foreach (var acl in prefixed)
                {
                    yield return acl;
                }
            }
        }
    }

    private ByType? For(AclResourceType type) => (int)type >= 0 && (int)type < _types.Length ? _types[(int)type] : null;

    private sealed record ByType(
        List<StandardAcl> All,
        Dictionary<string, StandardAcl[]> Literal,
        Dictionary<string, StandardAcl[]>.AlternateLookup<ReadOnlySpan<char>> PrefixedByName,
        int[] PrefixLengths);

    private sealed class ByTypeBuilder
    {
        private readonly List<StandardAcl> _all = [];

        public void Add(StandardAcl acl) => _all.Add(acl);

        public ByType Build()
        {
            var literal = _all.Where(a => a.PatternType == AclPatternType.Literal)
                .GroupBy(a => a.ResourceName, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
            var prefixed = _all.Where(a => a.PatternType == AclPatternType.Prefixed)
                .GroupBy(a => a.ResourceName, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
            int[] lengths = [.. prefixed.Keys.Select(k => k.Length).Distinct().Order()];
            return new ByType(_all, literal, prefixed.GetAlternateLookup<ReadOnlySpan<char>>(), lengths);
        }
    }
}
