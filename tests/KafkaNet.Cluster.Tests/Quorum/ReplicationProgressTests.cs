using System.Diagnostics;
using System.Net;
using KafkaNet.Cluster.Quorum;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;
using static KafkaNet.Cluster.Tests.Quorum.QuorumTestSupport;

namespace KafkaNet.Cluster.Tests.Quorum;

public sealed class ReplicationProgressTests(ITestOutputHelper output)
{
    private const string EngineCategory = "DotNext.Net.Cluster.Consensus.Raft.RaftCluster";

    // The engine's events as DotNext.Net.Cluster 6.12 defines them (same ids, names, levels and templates).
    private static readonly Action<ILogger, EndPoint, long, long, Exception?> ReplicationStarted =
        LoggerMessage.Define<EndPoint, long, long>(LogLevel.Debug, new EventId(74012, "DotNext.Net.Cluster.ReplicationStarted"),
            "Replication of member {Member} started from {StartIndex} log index to {EndIndex}");

    private static readonly Action<ILogger, EndPoint, int, long, long, Exception?> ReplicaSize =
        LoggerMessage.Define<EndPoint, int, long, long>(LogLevel.Debug, new EventId(74013, "DotNext.Net.Cluster.ReplicaSize"),
            "Replication of {Member} contains {LogEntries} entries. Preceding entry has index {PrevLogIndex} and term {PrevLogTerm}");

    private static readonly Action<ILogger, EndPoint, long, Exception?> ReplicationSuccessful =
        LoggerMessage.Define<EndPoint, long>(LogLevel.Debug, new EventId(74014, "DotNext.Net.Cluster.ReplicationSuccessful"),
            "Member {Member} is replicated successfully starting from index {EntryIndex}");

    private static readonly Action<ILogger, EndPoint, long, Exception?> ReplicationFailed =
        LoggerMessage.Define<EndPoint, long>(LogLevel.Warning, new EventId(74015, "DotNext.Net.Cluster.ReplicationFailed"),
            "Replication of {Member} is failed. Retry replication from entry {EntryIndex}");

    // Its values in another order than the engine's generated struct, which the reader must also cope with.
    private static readonly Action<ILogger, long, EndPoint, Exception?> InstallingSnapshot =
        LoggerMessage.Define<long, EndPoint>(LogLevel.Information, new EventId(74018, "DotNext.Net.Cluster.InstallingSnapshot"),
            "Installing snapshot at index {EntryIndex} for member {Member}");

    private static readonly Action<ILogger, long, Exception?> CommitSuccessful =
        LoggerMessage.Define<long>(LogLevel.Debug, new EventId(74017, "DotNext.Net.Cluster.CommitSuccessful"), "Committed up to {Index}");

    private static readonly Action<ILogger, string, Exception?> Failure =
        LoggerMessage.Define<string>(LogLevel.Error, new EventId(9, "Failure"), "Something failed: {What}");

    private static readonly IPEndPoint Follower = new(IPAddress.Loopback, 9093);

    [Fact]
    public void Forwards_to_the_inner_factory_exactly_what_it_would_see_alone()
    {
        var direct = new RecordingLoggerFactory(LogLevel.Information);
        Script(direct);

        var wrapped = new RecordingLoggerFactory(LogLevel.Information);
        var progress = new ReplicationProgress(wrapped);
        Script(progress);

        Assert.Equal(direct.Records, wrapped.Records);
        Assert.NotEmpty(wrapped.Records);
        Assert.DoesNotContain(wrapped.Records, r => r.Level < LogLevel.Information);
        Assert.Contains(wrapped.Records, r => r.Category == EngineCategory && r.EventName == "DotNext.Net.Cluster.ReplicationFailed");
        Assert.Equal(direct.Scopes, wrapped.Scopes);

        // The engine's logger admits the replication events' levels; every other logger is the inner one untouched.
        var engine = progress.CreateLogger(EngineCategory);
        Assert.True(engine.IsEnabled(LogLevel.Debug));
        Assert.False(engine.IsEnabled(LogLevel.Trace));
        var other = progress.CreateLogger("KafkaNet.Cluster.Quorum.MetadataQuorum");
        Assert.IsType<RecordingLogger>(other);
        Assert.False(other.IsEnabled(LogLevel.Debug));

        // And the wrapper learnt from the Debug events the inner logger never saw.
        Assert.True(progress.TryGet(Follower, out var index, out _));
        Assert.Equal(4, index);
    }

    [Fact]
    public void Replication_rounds_set_the_followers_index_and_contact_time()
    {
        var progress = new ReplicationProgress(NullLoggerFactory.Instance);
        var engine = progress.CreateLogger(EngineCategory);
        var member = new IPEndPoint(IPAddress.Parse("127.0.0.1"), 9093);
        Assert.False(progress.TryGet(Follower, out var index, out var contact));
        Assert.Equal(-1, index);
        Assert.Equal(-1, contact);

        // A round sends entries 1..3 after index 0: nothing is known until the follower answers.
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        ReplicationStarted(engine, member, 1, 3, null);
        ReplicaSize(engine, member, 3, 0, 0, null);
        Assert.False(progress.TryGet(Follower, out _, out _));
        ReplicationSuccessful(engine, member, 1, null);
        Assert.True(progress.TryGet(Follower, out index, out contact, out var caughtUp));
        Assert.Equal(3, index);
        Assert.InRange(contact, before, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        // Caught up as of when the round was sent, which held everything the leader had then.
        Assert.InRange(caughtUp, before, contact);

        // A heartbeat carries no entries and confirms the same index.
        ReplicationStarted(engine, member, 4, 3, null);
        ReplicaSize(engine, member, 0, 3, 1, null);
        ReplicationSuccessful(engine, member, 4, null);
        Assert.True(progress.TryGet(Follower, out index, out _));
        Assert.Equal(3, index);

        // A refusal of preceding index 3 with the follower's log ending at 1: the engine retries from 2.
        ReplicaSize(engine, member, 2, 3, 1, null);
        ReplicationFailed(engine, member, 2, null);
        Assert.True(progress.TryGet(Follower, out index, out _));
        Assert.Equal(1, index);

        // A snapshot up to 10 lands the follower there, but says nothing of entries after it.
        Assert.True(progress.TryGet(Follower, out _, out _, out caughtUp));
        InstallingSnapshot(engine, 10, member, null);
        ReplicationSuccessful(engine, member, 2, null);
        Assert.True(progress.TryGet(Follower, out index, out _, out var afterSnapshot));
        Assert.Equal(10, index);
        Assert.Equal(caughtUp, afterSnapshot);

        // The same member named as an IPv4-mapped IPv6 address or by a literal host name.
        Assert.True(progress.TryGet(new IPEndPoint(IPAddress.Loopback.MapToIPv6(), 9093), out index, out _));
        Assert.Equal(10, index);
        Assert.True(progress.TryGet(new DnsEndPoint("127.0.0.1", 9093), out index, out _));
        Assert.Equal(10, index);
        Assert.False(progress.TryGet(new IPEndPoint(IPAddress.Loopback, 9094), out _, out _));

        // An answer to a round whose start was forgotten still proves its preceding index.
        progress.Clear();
        Assert.False(progress.TryGet(Follower, out _, out _));
        ReplicationSuccessful(engine, member, 12, null);
        Assert.True(progress.TryGet(Follower, out index, out _, out caughtUp));
        Assert.Equal(11, index);
        Assert.Equal(-1, caughtUp);
    }

    [Fact]
    public async Task The_leader_reports_each_followers_replicated_index_and_contact_time()
    {
        var root = TempDirectory();
        var voters = Voters(3);
        var progress = new ReplicationProgress[3];
        var nodes = new MetadataQuorum?[3];
        var leadershipChanges = 0;
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var own = progress[i] = new ReplicationProgress(NullLoggerFactory.Instance);
                nodes[i] = await MetadataQuorum.StartAsync(Options(i + 1, voters, root), new RecordingApplier(), own);
                // As the quorum is meant to use it: progress only holds for the leadership it was seen under.
                nodes[i]!.LeadershipChanged += _ =>
                {
                    own.Clear();
                    Interlocked.Increment(ref leadershipChanges);
                };
            }

            long last = 0;
            foreach (var text in new[] { "a", "b", "c", "d", "e" })
                last = (await AppendOnLeader(nodes, text)).Index;

            await Eventually(() => CurrentLeader(nodes) is { } leader
                                   && voters.Where(v => v.NodeId != leader.NodeId).All(f =>
                                       Progress(progress[leader.NodeId - 1], f) is ({ } index, { } contact)
                                       && index == leader.CommittedIndex && index >= last && Recent(contact)),
                "the leader sees both followers holding its last entry and answering recently");

            // Stop one follower: its contact time freezes and its index stays behind, while the other's move on.
            var changesBefore = Volatile.Read(ref leadershipChanges);
            var firstLeader = CurrentLeader(nodes)!.NodeId;
            var stopped = voters.First(v => v.NodeId != firstLeader);
            await nodes[stopped.NodeId - 1]!.DisposeAsync();
            nodes[stopped.NodeId - 1] = null;
            // Lets a round in flight when it stopped finish before the frozen values are read.
            await Task.Delay(TimeSpan.FromMilliseconds(750));
            var (frozenIndex, frozenContact) = Progress(progress[firstLeader - 1], stopped);
            var stoppedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

            foreach (var text in new[] { "f", "g", "h" })
                last = (await AppendOnLeader(nodes, text)).Index;

            MetadataQuorum? leaderNode = null;
            await Eventually(() =>
            {
                leaderNode = CurrentLeader(nodes);
                var running = voters.FirstOrDefault(v => v.NodeId != stopped.NodeId && v.NodeId != leaderNode?.NodeId);
                return leaderNode is not null && running is not null
                       && progress[leaderNode.NodeId - 1].TryGet(new IPEndPoint(IPAddress.Loopback, running.Port),
                           out var index, out var contact, out var caughtUp)
                       && index == leaderNode.CommittedIndex && index >= last && contact > stoppedAt + 500
                       && caughtUp > stoppedAt;
            }, "the running follower holds the new entries and keeps answering");

            var (stoppedIndex, stoppedContact) = Progress(progress[leaderNode!.NodeId - 1], stopped);
            if (progress[leaderNode.NodeId - 1].TryGet(new IPEndPoint(IPAddress.Loopback, stopped.Port), out _, out _, out var stoppedCaughtUp))
                Assert.True(stoppedCaughtUp <= stoppedAt, $"caught up at {stoppedCaughtUp}, stopped by {stoppedAt}");
            var steady = Volatile.Read(ref leadershipChanges) == changesBefore && leaderNode.NodeId == firstLeader;
            output.WriteLine(steady
                ? $"Node {firstLeader} led throughout; the stopped follower froze at {frozenIndex} ({frozenContact})."
                : $"Leadership moved after the follower stopped; node {leaderNode.NodeId} leads now.");
            if (steady)
            {
                // The usual case: one leader throughout, which saw the follower until it stopped and nothing since.
                Assert.NotNull(frozenIndex);
                Assert.Equal((frozenIndex, frozenContact), (stoppedIndex, stoppedContact));
            }

            // Whoever leads now heard nothing from the stopped follower since it stopped.
            Assert.True(stoppedContact is null || stoppedContact <= stoppedAt, $"contact at {stoppedContact}, stopped by {stoppedAt}");
            Assert.True(stoppedIndex is null || stoppedIndex <= last - 3, $"the stopped follower reached {stoppedIndex} of {last}");
        }
        finally
        {
            foreach (var node in nodes)
            {
                if (node is not null)
                    await node.DisposeAsync();
            }

            DeleteQuietly(root);
        }
    }

    private static MetadataQuorum? CurrentLeader(MetadataQuorum?[] nodes) =>
        nodes.FirstOrDefault(n => n is { IsLeader: true });

    // A loaded machine may move leadership now and then; an append refused for that goes to the new leader.
    private static async Task<(long Index, int Leader)> AppendOnLeader(MetadataQuorum?[] nodes, string text)
    {
        using var timeout = new CancellationTokenSource(Deadline);
        for (var attempt = 0; ; attempt++)
        {
            var leader = await AgreedLeader(nodes);
            try
            {
                return (await nodes[leader - 1]!.AppendAsync(Bytes(text), timeout.Token), leader);
            }
            catch (NotControllerException) when (attempt < 5)
            {
            }
        }
    }

    private static (long? Index, long? Contact) Progress(ReplicationProgress progress, KafkaNet.Broker.ControllerQuorumVoter voter) =>
        progress.TryGet(new IPEndPoint(IPAddress.Loopback, voter.Port), out var index, out var contact)
            ? (index, contact)
            : (null, null);

    private static bool Recent(long unixMs) =>
        Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - unixMs) < 5000;

    // Bounded both in attempts and in time.
    private static async Task Eventually(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        for (var attempt = 0; attempt < 1000 && clock.Elapsed < Deadline; attempt++)
        {
            if (condition())
                return;
            await Task.Delay(25);
        }

        throw new TimeoutException($"Timed out waiting until {what}.");
    }

    // What an engine-like component logs: each event guarded by IsEnabled, as generated logging code does.
    private static void Script(ILoggerFactory factory)
    {
        var engine = factory.CreateLogger(EngineCategory);
        var other = factory.CreateLogger("KafkaNet.Cluster.Quorum.MetadataQuorum");
        using (engine.BeginScope("round {Round}", 1))
        {
            foreach (var logger in new[] { engine, other })
            {
                if (logger.IsEnabled(LogLevel.Debug))
                {
                    ReplicationStarted(logger, Follower, 1, 4, null);
                    ReplicaSize(logger, Follower, 4, 0, 1, null);
                    ReplicationSuccessful(logger, Follower, 1, null);
                    CommitSuccessful(logger, 4, null);
                }

                if (logger.IsEnabled(LogLevel.Warning))
                    ReplicationFailed(logger, Follower, 5, null);
                if (logger.IsEnabled(LogLevel.Error))
                    Failure(logger, "disk", new IOException("full"));
                if (logger.IsEnabled(LogLevel.Trace))
                    logger.Log(LogLevel.Trace, new EventId(1), "trace", null, (s, _) => s);
                if (logger.IsEnabled(LogLevel.Information))
                    logger.Log(LogLevel.Information, new EventId(2), "info", null, (s, _) => s);
            }
        }
    }

    private sealed record LogRecord(string Category, LogLevel Level, int EventId, string? EventName, string Message, string? Exception);

    private sealed class RecordingLoggerFactory(LogLevel minimum) : ILoggerFactory
    {
        private readonly Lock gate = new();
        private readonly List<LogRecord> records = [];
        private readonly List<string> scopes = [];

        public IReadOnlyList<LogRecord> Records
        {
            get
            {
                lock (gate)
                    return records.ToArray();
            }
        }

        public IReadOnlyList<string> Scopes
        {
            get
            {
                lock (gate)
                    return scopes.ToArray();
            }
        }

        public LogLevel Minimum => minimum;

        public ILogger CreateLogger(string categoryName) => new RecordingLogger(this, categoryName);

        public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

        public void Dispose()
        {
        }

        public void Add(LogRecord record)
        {
            lock (gate)
                records.Add(record);
        }

        public void AddScope(string scope)
        {
            lock (gate)
                scopes.Add(scope);
        }
    }

    private sealed class RecordingLogger(RecordingLoggerFactory factory, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            factory.AddScope(category + ": " + state);
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= factory.Minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            factory.Add(new LogRecord(category, logLevel, eventId.Id, eventId.Name, formatter(state, exception), exception?.Message));
    }
}
