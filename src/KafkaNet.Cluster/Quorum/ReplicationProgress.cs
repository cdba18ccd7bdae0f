using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;

namespace KafkaNet.Cluster.Quorum;

/// <summary>
/// A logger factory for the Raft engine that also learns, from the engine's own replication events, how far each
/// follower's log reaches and when the leader last heard a successful answer from it: the engine keeps that state
/// in a non-public type, and DescribeQuorum needs it. Everything is forwarded to the inner factory's loggers
/// unchanged.
/// </summary>
/// <remarks>
/// The engine replicates to each follower in rounds (one per heartbeat or append), one round at a time per follower.
/// A round logs <c>ReplicaSize</c> (entries sent after a preceding index) or <c>InstallingSnapshot</c> (a snapshot up
/// to an index), then <c>ReplicationSuccessful</c> when the follower accepted it, or <c>ReplicationFailed</c> when it
/// refused the preceding entry. Progress only means something on the leader, so call <see cref="Clear"/> on every
/// leadership change.
/// </remarks>
public sealed class ReplicationProgress : ILoggerFactory
{
    // The engine logs replication through the logger of its RaftCluster type; transport loggers carry nothing useful.
    internal const string EngineCategory = "DotNext.Net.Cluster.Consensus.Raft.RaftCluster";

    private readonly ILoggerFactory inner;
    private readonly ConcurrentDictionary<EndPoint, MemberProgress> members = new();

    public ReplicationProgress(ILoggerFactory inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        this.inner = inner;
    }

    /// <summary>
    /// The follower's last replicated log index (Raft index, from 1; 0 when its log is empty) and when the leader last
    /// heard a successful answer from it, Unix ms; false when nothing was recorded.
    /// </summary>
    public bool TryGet(EndPoint member, out long replicatedIndex, out long lastContactUnixMs) =>
        TryGet(member, out replicatedIndex, out lastContactUnixMs, out _);

    /// <summary>
    /// As <see cref="TryGet(EndPoint, out long, out long)"/>, with the last time the follower was caught up: when the
    /// leader sent the last round the follower accepted, as such a round carries everything the leader's log held
    /// then. -1 when no such round was seen (a snapshot alone does not count: entries may follow it).
    /// </summary>
    public bool TryGet(EndPoint member, out long replicatedIndex, out long lastContactUnixMs, out long lastCaughtUpUnixMs)
    {
        ArgumentNullException.ThrowIfNull(member);
        if (members.TryGetValue(Normalize(member), out var progress))
            return progress.TryRead(out replicatedIndex, out lastContactUnixMs, out lastCaughtUpUnixMs);
        replicatedIndex = lastContactUnixMs = lastCaughtUpUnixMs = -1;
        return false;
    }

    /// <summary>Forgets everything (call when this node loses or gains leadership).</summary>
    public void Clear() => members.Clear();

    public ILogger CreateLogger(string categoryName)
    {
        var logger = inner.CreateLogger(categoryName);
        return categoryName.StartsWith(EngineCategory, StringComparison.Ordinal)
            ? new ReplicationProgressLogger(logger, this)
            : logger;
    }

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    // The inner factory belongs to whoever created it; this wrapper holds nothing of its own to release.
    public void Dispose()
    {
    }

    internal void OnReplicaSize(EndPoint member, long precedingIndex, int entries) =>
        For(member).Sending(precedingIndex, precedingIndex + entries, NowUnixMs());

    internal void OnInstallingSnapshot(EndPoint member, long snapshotIndex) =>
        For(member).SendingSnapshot(snapshotIndex);

    internal void OnReplicationSuccessful(EndPoint member, long nextIndexBefore) =>
        For(member).Succeeded(nextIndexBefore, NowUnixMs());

    internal void OnReplicationFailed(EndPoint member, long nextIndexAfter) =>
        For(member).Failed(nextIndexAfter);

    private static long NowUnixMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private MemberProgress For(EndPoint member)
    {
        var key = Normalize(member);
        if (members.TryGetValue(key, out var progress))
            return progress;
        // A copy, once per member: endpoints are mutable and the key must not change under the dictionary.
        return members.GetOrAdd(Copy(key), static _ => new MemberProgress());
    }

    // The engine names members by IPEndPoint; an IPv4 address mapped into IPv6, or a host name that is a literal
    // address, must find the same entry as the plain IPv4 endpoint.
    internal static EndPoint Normalize(EndPoint endPoint) => endPoint switch
    {
        IPEndPoint { Address.IsIPv4MappedToIPv6: true } ip => new IPEndPoint(ip.Address.MapToIPv4(), ip.Port),
        DnsEndPoint dns when IPAddress.TryParse(dns.Host, out var address) => Normalize(new IPEndPoint(address, dns.Port)),
        DnsEndPoint dns when dns.AddressFamily != System.Net.Sockets.AddressFamily.Unspecified || HasUpperCase(dns.Host)
            => new DnsEndPoint(dns.Host.ToLowerInvariant(), dns.Port),
        _ => endPoint,
    };

    private static EndPoint Copy(EndPoint endPoint) => endPoint is IPEndPoint ip ? new IPEndPoint(ip.Address, ip.Port) : endPoint;

    private static bool HasUpperCase(string host)
    {
        foreach (var c in host)
        {
            if (char.IsUpper(c))
                return true;
        }

        return false;
    }

    /// <summary>One follower's progress as the leader saw it.</summary>
    private sealed class MemberProgress
    {
        // The engine writes from its replication task while DescribeQuorum reads from a request thread.
        private readonly Lock gate = new();

        // The round in flight: the index preceding what it sends, the last index it sends (-1 when none) and when it
        // was sent; a snapshot round names no preceding index.
        private long sentPreceding = -1;
        private long sentEnd = -1;
        private long sentAt = -1;
        private bool sentSnapshot;
        private long replicated = -1;
        private long lastContact = -1;
        private long lastCaughtUp = -1;

        // The engine sends every entry from the preceding index to its last one as the round starts, so a round of
        // entries (or a bare heartbeat) that the follower accepts brings it level with the leader of that moment.
        public void Sending(long preceding, long end, long nowUnixMs)
        {
            lock (gate)
            {
                (sentPreceding, sentEnd, sentAt, sentSnapshot) = (preceding, end, nowUnixMs, false);
            }
        }

        // A snapshot carries nothing after its index, which may fall short of the leader's last entry.
        public void SendingSnapshot(long snapshotIndex)
        {
            lock (gate)
            {
                (sentPreceding, sentEnd, sentAt, sentSnapshot) = (-1, snapshotIndex, -1, true);
            }
        }

        // nextIndexBefore is the follower's next index as the round started, so the round's preceding index is one
        // less (the engine clamps it at 0). A round seen only in part (its start fell before a Clear) still proves the
        // follower holds that preceding index.
        public void Succeeded(long nextIndexBefore, long nowUnixMs)
        {
            var preceding = long.Max(nextIndexBefore - 1, 0);
            lock (gate)
            {
                if (sentEnd >= 0 && (sentSnapshot || sentPreceding == preceding))
                {
                    replicated = sentEnd;
                    if (!sentSnapshot)
                        lastCaughtUp = sentAt;
                }
                else
                {
                    replicated = long.Max(replicated, preceding);
                }

                (sentPreceding, sentEnd, sentAt, sentSnapshot) = (-1, -1, -1, false);
                lastContact = nowUnixMs;
            }
        }

        // The follower refused the preceding entry, so its matching log ends before the engine's new next index
        // (which is also at most one past the follower's last entry).
        public void Failed(long nextIndexAfter)
        {
            lock (gate)
            {
                if (replicated >= 0)
                    replicated = long.Max(long.Min(replicated, nextIndexAfter - 1), 0);
                (sentPreceding, sentEnd, sentAt, sentSnapshot) = (-1, -1, -1, false);
            }
        }

        public bool TryRead(out long replicatedIndex, out long lastContactUnixMs, out long lastCaughtUpUnixMs)
        {
            lock (gate)
            {
                replicatedIndex = replicated;
                lastContactUnixMs = lastContact;
                lastCaughtUpUnixMs = lastCaughtUp;
                return lastContact >= 0;
            }
        }
    }
}
