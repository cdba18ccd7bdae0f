using System.Collections.Concurrent;
using KafkaNet.Broker.Security.Authorization;

namespace KafkaNet.Broker.Tests.Security.Authorization;

/// <summary>
/// An authorizer for tests of the checks themselves: exactly the operations granted (literal names, any principal and
/// host) are allowed, or everything while <see cref="AllowAll"/> is set. Every question asked is recorded.
/// </summary>
internal sealed class GrantTable : IAuthorizer
{
    private readonly ConcurrentDictionary<(AclOperation, AclResourceType, string), bool> _grants = new();

    public bool AllowAll { get; set; }

    public ConcurrentQueue<(string Principal, string Host, AclOperation Operation, AclResourceType Type, string Name)> Asked { get; } = new();

    public void Grant(AclOperation operation, AclResourceType type, string name) => _grants[(operation, type, name)] = true;

    public void RevokeAll() => _grants.Clear();

    public bool Authorize(string principal, string host, AclOperation operation, AclResourceType resourceType, string resourceName)
    {
        Asked.Enqueue((principal, host, operation, resourceType, resourceName));
        return AllowAll || _grants.ContainsKey((operation, resourceType, resourceName));
    }

    public bool AuthorizeAny(string principal, string host, AclOperation operation, AclResourceType resourceType) =>
        AllowAll || _grants.Keys.Any(g => g.Item1 == operation && g.Item2 == resourceType);
}
