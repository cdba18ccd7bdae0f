using System.Globalization;
using System.Text;

namespace KafkaNet.Protocol;

/// <summary>Kafka's wire names and retry semantics for <see cref="ErrorCode"/> values.</summary>
public static class ErrorCodes
{
    // Indexed by code + 1 so UNKNOWN_SERVER_ERROR (-1) lands at slot 0; codes are dense from there.
    private static readonly string?[] Names = BuildNames();

    /// <summary>
    /// Kafka's UPPER_SNAKE name for <paramref name="code"/>, e.g. "UNSUPPORTED_VERSION".
    /// Codes this build does not know are named "UNKNOWN_ERROR_CODE(n)".
    /// </summary>
    public static string Name(ErrorCode code)
    {
        int slot = (int)code + 1;
        if ((uint)slot < (uint)Names.Length && Names[slot] is { } name)
        {
            return name;
        }

        return string.Create(CultureInfo.InvariantCulture, $"UNKNOWN_ERROR_CODE({(short)code})");
    }

    /// <summary>True when <paramref name="code"/> is defined by this build.</summary>
    public static bool IsKnown(ErrorCode code)
    {
        int slot = (int)code + 1;
        return (uint)slot < (uint)Names.Length && Names[slot] is not null;
    }

    /// <summary>
    /// True when Kafka classifies the error as retriable (its exception derives from RetriableException):
    /// the same request may succeed later without the client changing anything.
    /// </summary>
    public static bool IsRetriable(ErrorCode code) => code is
        ErrorCode.CorruptMessage or
        ErrorCode.UnknownTopicOrPartition or
        ErrorCode.LeaderNotAvailable or
        ErrorCode.NotLeaderOrFollower or
        ErrorCode.RequestTimedOut or
        ErrorCode.ReplicaNotAvailable or
        ErrorCode.NetworkException or
        ErrorCode.CoordinatorLoadInProgress or
        ErrorCode.CoordinatorNotAvailable or
        ErrorCode.NotCoordinator or
        ErrorCode.NotEnoughReplicas or
        ErrorCode.NotEnoughReplicasAfterAppend or
        ErrorCode.NotController or
        ErrorCode.ConcurrentTransactions or
        ErrorCode.KafkaStorageError or
        ErrorCode.FetchSessionIdNotFound or
        ErrorCode.InvalidFetchSessionEpoch or
        ErrorCode.ListenerNotFound or
        ErrorCode.FencedLeaderEpoch or
        ErrorCode.UnknownLeaderEpoch or
        ErrorCode.OffsetNotAvailable or
        ErrorCode.PreferredLeaderNotAvailable or
        ErrorCode.EligibleLeadersNotAvailable or
        ErrorCode.ElectionNotNeeded or
        ErrorCode.UnstableOffsetCommit or
        ErrorCode.ThrottlingQuotaExceeded or
        ErrorCode.UnknownTopicId or
        ErrorCode.InconsistentTopicId or
        ErrorCode.FetchSessionTopicIdError or
        ErrorCode.ShareSessionNotFound or
        ErrorCode.InvalidShareSessionEpoch or
        ErrorCode.ShareSessionLimitReached;

    // Every Kafka error name is words joined by '_', so the PascalCase member name maps back losslessly.
    private static string?[] BuildNames()
    {
        ErrorCode[] codes = Enum.GetValues<ErrorCode>();
        int max = codes.Max(c => (int)c);
        var names = new string?[max + 2];
        foreach (ErrorCode code in codes)
        {
            names[(int)code + 1] = ToUpperSnake(code.ToString());
        }

        return names;
    }

    private static string ToUpperSnake(string pascal)
    {
        var sb = new StringBuilder(pascal.Length + 8);
        for (int i = 0; i < pascal.Length; i++)
        {
            char c = pascal[i];
            if (char.IsUpper(c) && i > 0)
            {
                sb.Append('_');
            }

            sb.Append(char.ToUpperInvariant(c));
        }

        return sb.ToString();
    }
}
