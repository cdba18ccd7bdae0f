using KafkaNet.Broker.Shares;
using KafkaNet.Broker.Shares.Fetch;
using KafkaNet.Broker.Tests.Groups;
using KafkaNet.Protocol;
using static KafkaNet.Broker.Tests.Shares.Fetch.ShareFetchText;
using static KafkaNet.Broker.Tests.Shares.ShareStateText;

namespace KafkaNet.Broker.Tests.Shares.Fetch;

public sealed class SharePartitionManagerTests : IDisposable
{
    private static readonly SharePartitionKey Key = new("g", Guid.Parse("00000000-0000-0000-0000-00000000000a"), 0);
    private static readonly ShareFetchLimits Plenty = new(1 << 20, 500, 0, RecordLimit: false);

    private readonly InMemoryShareStatePersister _persister = new();
    private readonly TestShareGroupView _view = new TestShareGroupView().Join("g", "m1", "m2");
    private readonly ManualClock _clock = new();
    private readonly FakeShareLog _log = new FakeShareLog().Append(3, 2);
    private readonly SharePartitionManager _manager;

    public SharePartitionManagerTests()
    {
        _view.Config = new SharePartitionConfig { RecordLockDurationMs = 1000, DeliveryCountLimit = 2 };
        _manager = new SharePartitionManager(() => _persister, () => _view, maxSessions: 10, _clock);
    }

    public void Dispose() => _manager.Dispose();

    private Task<ShareAcquisition> AcquireAsync(string member, ShareFetchLimits? limits = null) =>
        _manager.AcquireAsync(Key, 0, _log, member, limits ?? Plenty, CancellationToken.None);

    private Task<ErrorCode> AcknowledgeAsync(string member, params AcknowledgementBatch[] batches) =>
        _manager.AcknowledgeAsync(Key, 0, _log, member, batches, CancellationToken.None);

    [Fact]
    public async Task The_first_fetch_initializes_the_state_at_the_log_start_for_earliest_and_persists_the_acquisition()
    {
        var acquisition = await AcquireAsync("m1");

        Assert.Equal("0-4#1", Of(acquisition));
        Assert.Equal("0-2 3-4", FakeShareLog.BatchesIn(acquisition.Records));
        Assert.Equal("start 0: 0-4 q1", await PersistedAsync(_persister, Key));
    }

    [Fact]
    public async Task Latest_starts_at_the_log_end_so_only_later_records_are_acquired()
    {
        _view.Earliest = false;
        Assert.Equal("", Of(await AcquireAsync("m1")));
        Assert.Equal("start 5:", await PersistedAsync(_persister, Key));

        _log.Append(2);
        Assert.Equal("5-6#1", Of(await AcquireAsync("m1")));
    }

    [Fact]
    public async Task Two_members_get_disjoint_records_and_only_the_holder_may_acknowledge_them()
    {
        Assert.Equal("0-2#1", Of(await AcquireAsync("m1", Plenty with { MaxRecords = 3 })));
        var second = await AcquireAsync("m2");
        Assert.Equal("3-4#1", Of(second));
        Assert.Equal("3-4", FakeShareLog.BatchesIn(second.Records));

        Assert.Equal(ErrorCode.InvalidRecordState, await AcknowledgeAsync("m2", Ack(0, 0, AcknowledgeType.Accept)));
        Assert.Equal(ErrorCode.InvalidRequest, await AcknowledgeAsync("m1", Ack(2, 1, AcknowledgeType.Accept)));
        Assert.Equal(ErrorCode.None, await AcknowledgeAsync("m1", Ack(0, 1, AcknowledgeType.Accept), Ack(2, 2, AcknowledgeType.Reject)));
        Assert.Equal("start 3: 3-4 q1", await PersistedAsync(_persister, Key));
    }

    [Fact]
    public async Task Released_and_timed_out_records_go_out_again_until_the_delivery_limit_archives_them()
    {
        await AcquireAsync("m1");
        Assert.Equal(ErrorCode.None, await AcknowledgeAsync("m1", Ack(0, 0, AcknowledgeType.Release)));
        Assert.Equal("start 0: 0-0 a1 1-4 q1", await PersistedAsync(_persister, Key));

        _clock.Advance(TimeSpan.FromMilliseconds(1000));
        Assert.Equal(4, await _manager.ExpireLocksAsync());
        Assert.Equal("start 0: 0-4 a1", await PersistedAsync(_persister, Key));

        Assert.Equal("0-4#2", Of(await AcquireAsync("m2")));
        Assert.Equal(ErrorCode.None, await AcknowledgeAsync("m2", Ack(0, 4, AcknowledgeType.Release)));
        Assert.Equal("start 5:", await PersistedAsync(_persister, Key));
    }

    [Fact]
    public async Task Batch_optimized_finishes_the_batch_record_limit_stops_and_batch_size_cuts_the_runs()
    {
        _log.Append(4);
        Assert.Equal("0-2#1", Of(await AcquireAsync("m1", Plenty with { MaxRecords = 2 })));
        Assert.Equal("3-3#1", Of(await AcquireAsync("m1", Plenty with { MaxRecords = 1, RecordLimit = true })));
        var cut = await AcquireAsync("m2", Plenty with { BatchSize = 2 });
        Assert.Equal("4-5#1 6-7#1 8-8#1", Of(cut));
        Assert.Equal("3-4 5-8", FakeShareLog.BatchesIn(cut.Records));
    }

    [Fact]
    public async Task A_member_that_leaves_gives_its_records_back()
    {
        await AcquireAsync("m1");
        _view.Leave("g", "m1");
        await WaitForAsync(async () => await PersistedAsync(_persister, Key) == "start 0: 0-4 a1");
        Assert.Equal("0-4#2", Of(await AcquireAsync("m2")));
    }

    [Fact]
    public async Task Closing_a_session_or_its_connection_releases_the_members_records()
    {
        _manager.Sessions.Open(new ShareSessionKey("g", "m1"), "c1", []);
        await AcquireAsync("m1", Plenty with { MaxRecords = 3 });
        await _manager.ConnectionClosedAsync("c1");
        Assert.Null(_manager.Sessions.Find(new ShareSessionKey("g", "m1")));
        Assert.Equal("start 0: 0-2 a1", await PersistedAsync(_persister, Key));

        await AcquireAsync("m2");
        Assert.Equal(5, await _manager.CloseSessionAsync(new ShareSessionKey("g", "m2")));
        // 0-2 were on their second (and last) delivery: released, they are archived.
        Assert.Equal("start 3: 3-4 a1", await PersistedAsync(_persister, Key));
    }

    [Fact]
    public async Task A_restarted_leader_loads_the_persisted_state_with_locks_gone()
    {
        await AcquireAsync("m1");
        await AcknowledgeAsync("m1", Ack(0, 1, AcknowledgeType.Accept));

        using var restarted = new SharePartitionManager(() => _persister, () => _view, maxSessions: 10, _clock);
        var acquisition = await restarted.AcquireAsync(Key, 1, _log, "m2", Plenty, CancellationToken.None);
        Assert.Equal("2-4#2", Of(acquisition));
        Assert.Equal("start 2: 2-4 q2", Snapshot(restarted.SnapshotOf(Key)!));
    }

    [Fact]
    public async Task A_failed_write_is_answered_and_the_state_is_read_back_from_the_persister()
    {
        var failing = new FailingPersister(_persister);
        using var manager = new SharePartitionManager(() => failing, () => _view, maxSessions: 10, _clock);
        Assert.Equal("0-4#1", Of(await manager.AcquireAsync(Key, 0, _log, "m1", Plenty, CancellationToken.None)));

        failing.Fail = ErrorCode.FencedStateEpoch;
        Assert.Equal(ErrorCode.FencedStateEpoch, await manager.AcknowledgeAsync(Key, 0, _log, "m1", [Ack(0, 4, AcknowledgeType.Accept)], CancellationToken.None));
        Assert.Null(manager.SnapshotOf(Key));

        failing.Fail = ErrorCode.None;
        Assert.Equal("0-4#2", Of(await manager.AcquireAsync(Key, 0, _log, "m2", Plenty, CancellationToken.None)));
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        for (int i = 0; i < 200 && !await condition(); i++)
        {
            await Task.Delay(25);
        }
        Assert.True(await condition());
    }

    /// <summary>Writes fail with <see cref="Fail"/> while it is set; everything else goes to the real persister.</summary>
    private sealed class FailingPersister(IShareStatePersister inner) : IShareStatePersister
    {
        public ErrorCode Fail { get; set; }

        public Task<ErrorCode> InitializeAsync(SharePartitionKey key, int stateEpoch, long startOffset, CancellationToken cancellationToken) =>
            inner.InitializeAsync(key, stateEpoch, startOffset, cancellationToken);

        public Task<ShareStateReadResult> ReadAsync(SharePartitionKey key, int leaderEpoch, CancellationToken cancellationToken) =>
            inner.ReadAsync(key, leaderEpoch, cancellationToken);

        public Task<ErrorCode> WriteAsync(SharePartitionKey key, int stateEpoch, int leaderEpoch, long startOffset, IReadOnlyList<ShareStateBatch> stateBatches,
            CancellationToken cancellationToken) =>
            Fail != ErrorCode.None ? Task.FromResult(Fail) : inner.WriteAsync(key, stateEpoch, leaderEpoch, startOffset, stateBatches, cancellationToken);

        public Task<ErrorCode> DeleteAsync(SharePartitionKey key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);

        public Task<ShareStateSummary> ReadSummaryAsync(SharePartitionKey key, CancellationToken cancellationToken) => inner.ReadSummaryAsync(key, cancellationToken);
    }
}
