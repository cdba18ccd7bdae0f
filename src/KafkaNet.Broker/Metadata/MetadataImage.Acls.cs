using System.Collections.Immutable;
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Protocol.Metadata;

namespace KafkaNet.Broker.Metadata;

// The ACLs of the metadata log (AccessControlEntryRecord), by the id the controller gave each.
public sealed partial record MetadataImage
{
    public ImmutableDictionary<Guid, StandardAcl> Acls { get; init; } = ImmutableDictionary<Guid, StandardAcl>.Empty;

    /// <summary>An AccessControlEntryRecord per ACL, in id order, for a snapshot.</summary>
    private IEnumerable<MetadataRecord> AclRecords() =>
        Acls.OrderBy(a => a.Key).Select(a => MetadataRecord.Latest(a.Value.ToRecord(a.Key)));
}
