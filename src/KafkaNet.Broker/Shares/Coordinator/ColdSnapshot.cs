using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Shares.Coordinator;

/// <summary>A share-partition's state written again whole, under the next snapshot epoch, with nothing changed.</summary>
internal static class ColdSnapshot
{
    public static ShareStateRecord Of(SharePartitionKey key, PersistedShareState state)
    {
        var value = new ShareSnapshotValue
        {
            SnapshotEpoch = unchecked((ushort)(state.SnapshotEpoch + 1)),
            StateEpoch = state.StateEpoch,
            LeaderEpoch = state.LeaderEpoch,
            StartOffset = state.StartOffset,
        };
        foreach (var batch in state.StateBatches)
        {
            value.StateBatches.Add(new ShareSnapshotValue.StateBatch
            {
                FirstOffset = batch.FirstOffset,
                LastOffset = batch.LastOffset,
                DeliveryState = (sbyte)batch.DeliveryState,
                DeliveryCount = batch.DeliveryCount,
            });
        }
        return ShareStateRecord.ForSnapshot(key, value);
    }
}
