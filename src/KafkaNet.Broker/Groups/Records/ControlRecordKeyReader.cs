using System.Buffers.Binary;

namespace KafkaNet.Broker.Groups.Records;

/// <summary>
/// Reads the key of a control record (ControlRecordKey: int16 version, int16 type) far enough to tell a
/// transaction marker: type 0 is ABORT, 1 is COMMIT; other types (leader change, snapshots) are not markers.
/// </summary>
internal static class ControlRecordKeyReader
{
    private const short AbortType = 0;
    private const short CommitType = 1;

    /// <summary>True for a COMMIT or ABORT marker key; false for a short key or another control type.</summary>
    public static bool TryReadMarker(ReadOnlySpan<byte> key, out bool commit)
    {
        commit = false;
        if (key.Length < 4)
        {
            return false;
        }
        // Newer key versions keep the type in the same place, so the version is not checked.
        short type = BinaryPrimitives.ReadInt16BigEndian(key[2..]);
        commit = type == CommitType;
        return type is AbortType or CommitType;
    }
}
