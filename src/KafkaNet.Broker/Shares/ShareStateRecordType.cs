namespace KafkaNet.Broker.Shares;

/// <summary>The record types of <c>__share_group_state</c>, numbered as the int16 that starts each record key.</summary>
public enum ShareStateRecordType : short
{
    /// <summary>The whole state of a share-partition (ShareSnapshotKey/ShareSnapshotValue).</summary>
    ShareSnapshot = 0,

    /// <summary>A change to merge over the latest snapshot (ShareUpdateKey/ShareUpdateValue).</summary>
    ShareUpdate = 1,
}
