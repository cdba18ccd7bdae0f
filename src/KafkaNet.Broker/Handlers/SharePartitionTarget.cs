using KafkaNet.Broker.Shares;
using KafkaNet.Broker.Shares.Fetch;
using KafkaNet.Protocol;

namespace KafkaNet.Broker.Handlers;

/// <summary>A partition a share request names, as this broker serves it: its key and log, or why not, with its leader.</summary>
internal sealed record SharePartitionTarget(ErrorCode Error, SharePartitionKey Key, IShareLog? Log, int LeaderId, int LeaderEpoch)
{
    public static SharePartitionTarget Failed(ErrorCode error) => new(error, default, null, -1, -1);

    /// <summary>Clients look for the new leader only for these; other errors carry leader -1, epoch -1.</summary>
    public bool NamesLeader => Error is ErrorCode.NotLeaderOrFollower or ErrorCode.FencedLeaderEpoch;
}
