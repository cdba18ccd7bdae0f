using System.Collections.Immutable;
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Metadata;

// AccessControlEntryRecord adds an ACL under its id, RemoveAccessControlEntryRecord removes it.
public sealed partial class MetadataDelta
{
    private readonly ImmutableDictionary<Guid, StandardAcl>.Builder _acls;

    private void ReplayAcl(AccessControlEntryRecord r)
    {
        if (r.Id == Guid.Empty)
        {
            throw new MetadataReplayException("AccessControlEntryRecord needs a non-zero id");
        }
        if (_acls.ContainsKey(r.Id))
        {
            throw new MetadataReplayException($"AccessControlEntryRecord for id {r.Id}, which an ACL already has");
        }
        _acls[r.Id] = StandardAcl.FromRecord(r);
    }

    private void ReplayRemoveAcl(RemoveAccessControlEntryRecord r)
    {
        if (!_acls.Remove(r.Id))
        {
            throw new MetadataReplayException($"RemoveAccessControlEntryRecord for id {r.Id}, which no ACL has");
        }
    }
}
