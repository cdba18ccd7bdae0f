using KafkaNet.Protocol;

namespace KafkaNet.Broker.Shares.Fetch;

/// <summary>
/// The share sessions of one broker, as Kafka's ShareSessionCache keeps them: epoch 0 opens a member's session
/// (replacing one it had), each later request names the session's next epoch, -1 closes it. At most
/// <c>group.share.max.share.sessions</c> sessions; a new one beyond that is refused with SHARE_SESSION_LIMIT_REACHED.
/// Sessions are not evicted; they end when closed, when their connection closes or when their member leaves.
/// </summary>
public sealed class ShareSessionCache
{
    public const int OpenEpoch = 0;
    public const int CloseEpoch = -1;

    private readonly Lock _gate = new();
    private readonly Dictionary<ShareSessionKey, ShareSession> _sessions = [];
    private readonly int _maxSessions;

    public ShareSessionCache(int maxSessions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSessions, 0);
        _maxSessions = maxSessions;
    }

    public int Count
    {
        get
        {
            lock (_gate) return _sessions.Count;
        }
    }

    public ShareSession? Find(ShareSessionKey key)
    {
        lock (_gate) return _sessions.GetValueOrDefault(key);
    }

    /// <summary>Epoch 0 of a ShareFetch: a new session with <paramref name="partitions"/>, replacing the member's previous one.</summary>
    /// <returns>The session's partitions, or null with the error.</returns>
    public (IReadOnlyList<ShareTopicPartition>? Partitions, ErrorCode Error) Open(ShareSessionKey key, string connectionId, IEnumerable<ShareTopicPartition> partitions)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        lock (_gate)
        {
            _sessions.Remove(key);
            if (_sessions.Count >= _maxSessions) return (null, ErrorCode.ShareSessionLimitReached);
            var session = new ShareSession(key, connectionId);
            foreach (var partition in partitions) session.Add(partition);
            _sessions.Add(key, session);
            return ([.. session.Partitions], ErrorCode.None);
        }
    }

    /// <summary>
    /// A ShareFetch with an epoch above 0: checks it against the session, moves the epoch on, adds
    /// <paramref name="added"/> and drops <paramref name="forgotten"/>.
    /// </summary>
    /// <returns>The session's partitions after the change, or null with the error.</returns>
    public (IReadOnlyList<ShareTopicPartition>? Partitions, ErrorCode Error) Continue(ShareSessionKey key, int epoch, IEnumerable<ShareTopicPartition> added,
        IEnumerable<ShareTopicPartition> forgotten)
    {
        ArgumentNullException.ThrowIfNull(added);
        ArgumentNullException.ThrowIfNull(forgotten);
        lock (_gate)
        {
            var (session, error) = Check(key, epoch);
            if (session is null) return (null, error);
            session.Advance();
            foreach (var partition in added) session.Add(partition);
            foreach (var partition in forgotten) session.Forget(partition);
            return ([.. session.Partitions], ErrorCode.None);
        }
    }

    /// <summary>
    /// A ShareAcknowledge: epoch 0 is refused (acknowledging opens no session), -1 needs the session to exist,
    /// any other epoch must be the session's next, which then moves on.
    /// </summary>
    public ErrorCode Acknowledging(ShareSessionKey key, int epoch)
    {
        if (epoch == OpenEpoch) return ErrorCode.InvalidShareSessionEpoch;
        lock (_gate)
        {
            if (epoch == CloseEpoch) return _sessions.ContainsKey(key) ? ErrorCode.None : ErrorCode.ShareSessionNotFound;
            var (session, error) = Check(key, epoch);
            session?.Advance();
            return error;
        }
    }

    /// <summary>Epoch -1 of a ShareFetch: the session must exist; it is removed once the request is answered.</summary>
    public ErrorCode Closing(ShareSessionKey key)
    {
        lock (_gate) return _sessions.ContainsKey(key) ? ErrorCode.None : ErrorCode.ShareSessionNotFound;
    }

    public bool Remove(ShareSessionKey key)
    {
        lock (_gate) return _sessions.Remove(key);
    }

    /// <summary>Removes the sessions opened on <paramref name="connectionId"/> and names them.</summary>
    public IReadOnlyList<ShareSessionKey> RemoveConnection(string connectionId)
    {
        lock (_gate)
        {
            var closed = _sessions.Values.Where(s => s.ConnectionId == connectionId).Select(s => s.Key).ToList();
            foreach (var key in closed) _sessions.Remove(key);
            return closed;
        }
    }

    private (ShareSession? Session, ErrorCode Error) Check(ShareSessionKey key, int epoch)
    {
        if (!_sessions.TryGetValue(key, out var session)) return (null, ErrorCode.ShareSessionNotFound);
        return epoch == session.NextEpoch ? (session, ErrorCode.None) : (null, ErrorCode.InvalidShareSessionEpoch);
    }
}
