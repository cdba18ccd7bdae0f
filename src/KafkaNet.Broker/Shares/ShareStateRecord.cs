using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Shares;

/// <summary>
/// One record of <c>__share_group_state</c>: its type, the share-partition it belongs to, and a
/// <see cref="ShareSnapshotValue"/> or <see cref="ShareUpdateValue"/>, or no value for a tombstone.
/// Both value schemas exist at version 0 only, so the record carries no version.
/// </summary>
public sealed record ShareStateRecord
{
    private ShareStateRecord(ShareStateRecordType type, SharePartitionKey key, ShareSnapshotValue? snapshot, ShareUpdateValue? update)
    {
        ArgumentNullException.ThrowIfNull(key.GroupId, nameof(key));
        Type = type;
        Key = key;
        Snapshot = snapshot;
        Update = update;
    }

    public const short ValueVersion = 0;

    public ShareStateRecordType Type { get; }

    public SharePartitionKey Key { get; }

    /// <summary>The value of a <see cref="ShareStateRecordType.ShareSnapshot"/> record; null for a tombstone or an update.</summary>
    public ShareSnapshotValue? Snapshot { get; }

    /// <summary>The value of a <see cref="ShareStateRecordType.ShareUpdate"/> record; null for a tombstone or a snapshot.</summary>
    public ShareUpdateValue? Update { get; }

    public bool IsTombstone => Snapshot is null && Update is null;

    public static ShareStateRecord ForSnapshot(SharePartitionKey key, ShareSnapshotValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(ShareStateRecordType.ShareSnapshot, key, value, null);
    }

    public static ShareStateRecord ForUpdate(SharePartitionKey key, ShareUpdateValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(ShareStateRecordType.ShareUpdate, key, null, value);
    }

    public static ShareStateRecord Tombstone(ShareStateRecordType type, SharePartitionKey key) =>
        Enum.IsDefined(type) ? new(type, key, null, null) : throw new ArgumentOutOfRangeException(nameof(type), type, "unknown share state record type");
}
