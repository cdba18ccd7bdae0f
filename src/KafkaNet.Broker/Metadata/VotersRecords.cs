using System.Collections.Immutable;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Metadata;

/// <summary>
/// The voter set of a dynamic quorum in the metadata log, in the shape of Kafka's KRaft voters record: one
/// controller endpoint per voter, under the controller listener's name. The record replaces the whole set.
/// </summary>
public static class VotersRecords
{
    // kraft.version 1 is the version that has dynamic voters.
    private const short KRaftVersion = 1;

    /// <summary>The voters, each with its controller listener under <paramref name="listenerName"/>.</summary>
    public static VotersRecord ToRecord(IEnumerable<ControllerQuorumVoter> voters, string listenerName)
    {
        ArgumentNullException.ThrowIfNull(voters);
        var record = new VotersRecord { Version = 0 };
        foreach (var voter in voters.OrderBy(v => v.NodeId))
        {
            var entry = new VotersRecord.Voter
            {
                VoterId = voter.NodeId,
                VoterDirectoryId = voter.DirectoryId,
                KRaftVersionFeature = new VotersRecord.KRaftVersionFeature { MinSupportedVersion = 0, MaxSupportedVersion = KRaftVersion },
            };
            entry.Endpoints.Add(new VotersRecord.Endpoint { Name = listenerName, Host = voter.Host, Port = checked((ushort)voter.Port) });
            record.Voters.Add(entry);
        }
        return record;
    }

    /// <exception cref="MetadataReplayException">A voter has no endpoint or appears twice.</exception>
    public static ImmutableArray<ControllerQuorumVoter> FromRecord(VotersRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var voters = ImmutableArray.CreateBuilder<ControllerQuorumVoter>(record.Voters.Count);
        foreach (var voter in record.Voters)
        {
            if (voter.Endpoints.Count == 0)
            {
                throw new MetadataReplayException($"VotersRecord names voter {voter.VoterId} without an endpoint");
            }
            if (voters.Any(v => v.NodeId == voter.VoterId))
            {
                throw new MetadataReplayException($"VotersRecord names voter {voter.VoterId} twice");
            }
            var endpoint = voter.Endpoints[0];
            voters.Add(new ControllerQuorumVoter(voter.VoterId, endpoint.Host, endpoint.Port, voter.VoterDirectoryId));
        }
        return voters.ToImmutable();
    }
}
